import { beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, type FactoryInstitution } from "@/db/factories";
import { loadActor } from "@/lib/auth/load-actor";
import type { Actor } from "@/lib/auth/capabilities";
import { findHeldNumber } from "@/db/queries/system-numbers";
import { listConversations } from "@/lib/conversations/list-conversations";
import { receiveInbound } from "@/lib/messaging/inbound/receive-inbound";
import { providerContext } from "@/lib/service-context";

/*
 * The conversation routes and server actions as the browser calls them: the signed-in actor
 * is given (the session is Auth.js's business), everything after it is real — authorization,
 * the institution scope, the database.
 */

const state = vi.hoisted(() => ({ actor: null as unknown, revalidated: [] as string[] }));
vi.mock("@/lib/auth/current-actor", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/current-actor")>()),
  getActor: async () => state.actor,
  requireActor: async () => {
    if (!state.actor) throw Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/sign-in;307;" });
    return state.actor;
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: (p: string) => state.revalidated.push(p) }));

const { GET: unreadRoute } = await import("./unread/route");
const { markConversationReadAction, sendConversationMessageAction } = await import("@/lib/actions/conversations/conversation");

const db = () => getDb();
beforeEach(() => {
  state.actor = null;
  state.revalidated = [];
});

async function staff(inst: FactoryInstitution, roles: ("ADVISOR" | "ADMIN")[] = ["ADVISOR"]): Promise<Actor> {
  const person = await createPerson(db(), inst, { kind: "staff", roles });
  return (await loadActor(db(), (await createUser(db(), person)).id))!;
}

async function world() {
  const inst = await createInstitution(db());
  await createSystemNumbers(db(), inst, 2);
  const advisor = await staff(inst);
  const student = await createPerson(db(), inst, { firstName: "Rae", lastName: "Route", phones: [{ smsStatus: "SMS_ENABLED" }] });
  return { inst, advisor, student };
}

async function unreadCount() {
  const res = await unreadRoute(new Request("http://localhost/api/conversations/unread"));
  return [res.status, res.headers.get("cache-control"), await res.json()];
}

describe("conversation routes and actions", () => {
  it("the owner texts and marks read; the reply shows in the unread count and the badge's route", async () => {
    const w = await world();
    state.actor = w.advisor;
    const sent = await sendConversationMessageAction({ personId: w.student.id, body: "Hello Rae" });
    if (!sent.ok) throw new Error(sent.error);
    const conversationId = sent.data.conversationId!;
    expect([sent.data.result.outcome, state.revalidated]).toEqual(["SMS", [`/messages/${conversationId}`]]);
    expect(await unreadCount()).toEqual([200, "no-store", { unread: 0 }]);

    const reply = await receiveInbound(
      providerContext(db(), "twilio"),
      { MessageSid: `SM${"ab".repeat(16)}`, From: w.student.phones[0].number, To: await heldNumber(w.advisor), Body: "Hi!" },
    );
    if (reply.outcome !== "stored") throw new Error(reply.outcome);
    expect(await unreadCount()).toEqual([200, "no-store", { unread: 1 }]);

    const unread = async () => (await listConversations({ ctx: { db: db(), actor: w.advisor, now: new Date() }, input: {} })).items[0].unread;
    expect(await unread()).toBe(1);
    expect(await markConversationReadAction({ conversationId, throughMessageId: reply.messageId })).toEqual({ ok: true, data: { marked: true } });
    expect(await unread()).toBe(0);
    expect(await unreadCount()).toEqual([200, "no-store", { unread: 0 }]);
  });

  it("signed out → 401; someone else's or another institution's conversation → 404, and their actions change nothing", async () => {
    const w = await world();
    state.actor = w.advisor;
    const sent = await sendConversationMessageAction({ personId: w.student.id, body: "Hello Rae" });
    if (!sent.ok) throw new Error(sent.error);
    const conversationId = sent.data.conversationId!;

    state.actor = null;
    expect((await unreadCount())[0]).toBe(401);

    const colleague = await staff(w.inst);
    const admin = await staff(w.inst, ["ADMIN"]);
    const elsewhere = await staff(await createInstitution(db()), ["ADMIN"]);
    for (const actor of [colleague, admin, elsewhere]) {
      state.actor = actor;
      expect(await sendConversationMessageAction({ conversationId, body: "Not mine" })).toEqual({ ok: false, error: "No such conversation.", fieldErrors: {} });
      expect(await markConversationReadAction({ conversationId, throughMessageId: sent.data.result.messageId! })).toMatchObject({ ok: false });
    }
    state.actor = w.advisor;
    expect(await markConversationReadAction({ conversationId: "not-a-uuid", throughMessageId: 1 })).toMatchObject({ ok: false });
    const mine = await listConversations({ ctx: { db: db(), actor: w.advisor, now: new Date() }, input: {} });
    expect(mine.items.map((c) => [c.latest.body, c.unread])).toEqual([["Hello Rae", 0]]);
  });
});

async function heldNumber(actor: Actor) {
  return (await findHeldNumber(db(), { institutionId: actor.institutionId, userId: actor.userId }))!.number;
}
