import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { createInstitution, createPerson, createSystemNumbers, createUser } from "@/db/factories";
import { messages } from "@/db/schema";
import type { Actor } from "@/lib/auth/capabilities";
import { listMessageReport } from "@/lib/reports/list-message-report";
import { newSid, twilioRequest, usePublicBaseUrl } from "@/test/twilio-webhooks";

const state = vi.hoisted(() => ({ actor: null as unknown }));

// The session is Auth.js's business; here the signed-in actor is given.
vi.mock("@/lib/auth/current-actor", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/current-actor")>()),
  getActor: async () => state.actor,
}));

const { GET } = await import("./route");
const inbound = await import("@/app/api/twilio/inbound/route");

const FORGED_FROM = '=HYPERLINK("http://x")';
let admin: Actor;
let systemNumber: string;

beforeAll(async () => {
  usePublicBaseUrl();
  const db = getDb();
  const inst = await createInstitution(db);
  [{ number: systemNumber }] = await createSystemNumbers(db, inst, 1);
  admin = (await loadActor(db, (await createUser(db, await createPerson(db, inst, { kind: "staff", roles: ["ADMIN"], phones: [] }))).id))!;
  state.actor = admin;
});

function text(from: string) {
  const sid = newSid();
  return { AccountSid: "AC00000000000000000000000000000000", Body: "hello", From: from, MessageSid: sid, NumSegments: "1", SmsSid: sid, To: systemNumber };
}

const exportCsv = (query = "") => GET(new Request(`http://localhost/admin/messaging/message-report/export${query}`));

describe("a webhook From that is not a phone number (issue 13.3)", () => {
  it("is stored as given, flagged, shown as such in the report, and guarded in the CSV export", async () => {
    const form = text(FORGED_FROM);
    const res = await inbound.POST(twilioRequest("/api/twilio/inbound", form));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/xml/);
    expect(await res.text()).toBe("<Response></Response>");

    const [stored] = await getDb()
      .select({ fromAddress: messages.fromAddress, flagged: messages.fromNotPhoneNumber, body: messages.body })
      .from(messages)
      .where(eq(messages.providerId, form.MessageSid));
    expect(stored).toEqual({ fromAddress: FORGED_FROM, flagged: true, body: "hello" });

    const page = await listMessageReport({ ctx: { db: getDb(), actor: admin, now: new Date() }, input: {} });
    expect(page.items.map((m) => [m.from.address, m.from.notPhoneNumber])).toEqual([[FORGED_FROM, true]]);

    const csv = await (await exportCsv()).text();
    const [, record] = csv.split("\r\n");
    const cells = record.split(",");
    // Date, From (unknown), then the address: prefixed with ' and quoted (it holds quotes).
    expect(cells[2]).toBe(`"'=HYPERLINK(""http://x"")"`);
  });

  it("leaves a genuine E.164 From unflagged and unprefixed in the export", async () => {
    const form = text("+13125550987");
    expect((await inbound.POST(twilioRequest("/api/twilio/inbound", form))).status).toBe(200);
    const [stored] = await getDb().select({ flagged: messages.fromNotPhoneNumber }).from(messages).where(eq(messages.providerId, form.MessageSid));
    expect(stored.flagged).toBe(false);
    const csv = await (await exportCsv(`?destination=${encodeURIComponent(systemNumber)}&from=${encodeURIComponent("+13125550987")}`)).text();
    expect(csv.split("\r\n")[1].split(",")[2]).toBe("+13125550987");
  });

  it("answers 400 naming the filter when a filter holds NUL, not 500", async () => {
    const res = await exportCsv(`?from=${encodeURIComponent("ana\u0000")}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "VALIDATION", message: expect.stringMatching(/^from: /), fields: { from: expect.any(String) } } });
  });
});
