import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createSystemNumbers } from "@/db/factories";
import { pauseSendForTest, sendStatusCounts } from "@/db/testing/send-pause";
import { countMessagesOfSend } from "@/db/testing/sends";
import { callRoute, createApiFixture, type ApiFixture, type ApiRole } from "@/lib/api/test-fixture";
import * as messagesRoute from "../messages/route";
import * as oneRoute from "./[sendId]/route";
import * as resumeRoute from "./[sendId]/resume/route";
import * as listRoute from "./route";

let f: ApiFixture;

beforeAll(async () => {
  f = await createApiFixture(getDb());
  await createSystemNumbers(getDb(), f.north, 2);
});

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const post = (role: ApiRole, body: unknown) => callRoute(messagesRoute.POST, { key: f.keys[role], method: "POST", path: "/api/v1/messages", body });
const getOne = (role: ApiRole, sendId: string) => callRoute(oneRoute.GET, { key: f.keys[role], params: { sendId } });
const patch = (role: ApiRole, sendId: string, body: unknown) => callRoute(oneRoute.PATCH, { key: f.keys[role], method: "PATCH", params: { sendId }, body });
const del = (role: ApiRole, sendId: string) => callRoute(oneRoute.DELETE, { key: f.keys[role], method: "DELETE", params: { sendId } });
const resume = (role: ApiRole, sendId: string) =>
  callRoute(resumeRoute.POST, { key: f.keys[role], method: "POST", path: `/api/v1/sends/${sendId}/resume`, params: { sendId } });
const list = (role: ApiRole, query = "") => callRoute(listRoute.GET, { key: f.keys[role], path: `/api/v1/sends${query}` });

describe("/api/v1/sends", () => {
  it("schedules with sendAt (202, state scheduled, no results), reads, changes and cancels it; 409 after; another institution's is 404", async () => {
    const sendAt = inAnHour();
    const res = await post("advisor", { recipientIds: [f.people.student.id], body: "Office hours moved.", sendAt });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ state: "scheduled", scheduledFor: new Date(sendAt).toISOString(), results: [], refused: null });
    const id = res.body.batchId as string;
    expect(await countMessagesOfSend(getDb(), id)).toBe(0);

    const read = await getOne("advisor", id);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, state: "scheduled", body: "Office hours moved.", recipientCount: 1, releasedAt: null, progress: { waiting: 0, held: 0, sent: 0, delivered: 0, failed: 0 } });
    expect(read.body.sender.userId).toBe(f.userIds.advisor);

    expect((await getOne("lakesideAdmin", id)).status).toBe(404);
    expect((await patch("lakesideAdmin", id, { body: "x" })).status).toBe(404);
    expect((await del("lakesideAdmin", id)).status).toBe(404);
    expect((await getOne("faculty", id)).status).toBe(404);
    expect((await getOne("admin", id)).status).toBe(200);
    expect((await patch("admin", id, { body: "x" })).status).toBe(403);

    const bad = await patch("advisor", id, { sendAt: new Date(Date.now() + 10_000).toISOString() });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ sendAt: "Choose a time at least a minute from now." });
    expect((await patch("advisor", id, {})).status).toBe(400);

    const changed = await patch("advisor", id, { body: "Office hours moved to 3 PM." });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ body: "Office hours moved to 3 PM.", state: "scheduled" });

    const cancelled = await del("advisor", id);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe("cancelled");
    const again = await del("advisor", id);
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({ code: "CONFLICT", message: "This send was cancelled: it can no longer be changed or cancelled." });
    expect((await patch("advisor", id, { body: "y" })).status).toBe(409);
    expect(await countMessagesOfSend(getDb(), id)).toBe(0);
  });

  it("a send made at once is done with its counts; PATCH and DELETE answer 409", async () => {
    const res = await post("advisor", { recipientIds: [f.people.student.id], body: "Now." });
    expect(res.status).toBe(202);
    expect(res.body.state).toBe("done");
    const read = await getOne("advisor", res.body.batchId);
    expect(read.body).toMatchObject({ state: "done", scheduledFor: null, counts: { texts: 1, emails: 0, undeliverable: 0, refused: 0 }, progress: { waiting: 1 } });
    const conflict = await del("advisor", res.body.batchId);
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.message).toBe("This send has been released (it is sending or sent): it can no longer be changed or cancelled.");
  });

  it("lists one's own sends newest first, keyset-paged; administrators see everyone's; students may not", async () => {
    const ids: string[] = [];
    for (const body of ["one", "two", "three"]) ids.push((await post("advisor", { recipientIds: [f.people.student.id], body, sendAt: inAnHour() })).body.batchId);
    const page1 = await list("advisor", "?limit=2");
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[1]]);
    expect(page1.body.prevCursor).toBeNull();
    const page2 = await list("advisor", `?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items[0].id).toBe(ids[0]);
    const back = await list("advisor", `?limit=2&cursor=${page2.body.prevCursor}`);
    expect(back.body.items.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[1]]);
    expect((await list("advisor", "?cursor=nonsense")).status).toBe(400);

    const own = (await list("advisor", "?limit=100")).body.items as { sender: { userId: string } }[];
    expect(own.every((s) => s.sender.userId === f.userIds.advisor)).toBe(true);
    const all = (await list("admin", "?limit=100")).body.items as { id: string }[];
    expect(all.map((s) => s.id)).toEqual(expect.arrayContaining(ids));
    expect((await list("lakesideAdmin", "?limit=100")).body.items).toEqual([]);
    expect((await list("student")).status).toBe(403);
  });

  it("a send paused for carrier filtering: resumed by its sender or an administrator, cancelled by DELETE; others 404; 409 when not paused", async () => {
    const made = await post("advisor", { recipientIds: [f.people.student.id], body: "Paused soon." });
    const id = made.body.batchId as string;
    expect((await resume("advisor", id)).body.error).toEqual({ code: "CONFLICT", message: "This send is not paused: there is nothing to resume." });
    await pauseSendForTest(getDb(), id);
    const paused = await getOne("advisor", id);
    expect(paused.body).toMatchObject({ state: "paused", pausedReason: "CARRIER_FILTERING", resumedAt: null, firstResults: { counted: 5, filtered: 5, optedOut: 0 } });
    expect((await resume("lakesideAdmin", id)).status).toBe(404);
    expect((await resume("faculty", id)).status).toBe(404);
    expect((await resume("student", id)).status).toBe(404);
    expect((await getOne("advisor", id)).body.state).toBe("paused");
    const resumed = await resume("admin", id);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ state: "done", pausedReason: "CARRIER_FILTERING" });
    expect(resumed.body.resumedAt).not.toBeNull();
    expect((await resume("advisor", id)).status).toBe(409);

    const second = (await post("advisor", { recipientIds: [f.people.student.id], body: "Paused, then cancelled." })).body.batchId as string;
    await pauseSendForTest(getDb(), second);
    expect((await del("lakesideAdmin", second)).status).toBe(404);
    expect((await del("faculty", second)).status).toBe(404);
    const cancelled = await del("advisor", second);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe("cancelled");
    expect(await sendStatusCounts(getDb(), second)).toEqual(["SMS canceled SEND_CANCELLED: 1"]);
    expect((await resume("advisor", second)).body.error).toEqual({ code: "CONFLICT", message: "This send was cancelled: it can no longer be resumed." });
  });
});
