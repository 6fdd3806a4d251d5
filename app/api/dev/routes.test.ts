import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createUser, type FactoryInstitution } from "@/db/factories";
import { loadActor } from "@/lib/auth/load-actor";
import type { Actor } from "@/lib/auth/capabilities";
import { assertMailOutboxAvailable, simulatedResendKey } from "@/lib/email/client";
import { getEnv, resetEnvCache } from "@/lib/env";
import { simulatorCredentials } from "@/lib/twilio/client";

/*
 * /api/dev/** (the simulated Twilio, the Resend stand-in), the handset simulator and the
 * Mail outbox exist only while their provider is simulated (issue 13), are reached only with the
 * install's generated credentials — never the constants the source once held — and the handset
 * is for administrators only.
 */

const state = vi.hoisted(() => ({ actor: null as unknown }));
vi.mock("@/lib/auth/current-actor", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/current-actor")>()),
  getActor: async () => state.actor,
}));
const resendRoute = await import("./resend/[...path]/route");
const twilioRoute = await import("./twilio/[...path]/route");
const { readHandset } = await import("@/lib/twilio/simulator/handset");

/** What lib/twilio/client.ts and lib/email/client.ts held as constants before issue 13. */
const OLD_ACCOUNT_SID = "AC00000000000000000000000000000000";
const OLD_AUTH_TOKEN = "simulated-twilio-auth-token-0000";
const OLD_RESEND_KEY = "re_simulated";

const saved = { ...process.env };
function setEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}
beforeEach(() => {
  state.actor = null;
});
afterEach(() => {
  for (const k of ["TWILIO_MODE", "EMAIL_MODE", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "RESEND_API_KEY"]) setEnv({ [k]: saved[k] });
});

const live = { TWILIO_MODE: "live", TWILIO_ACCOUNT_SID: `AC${"1".repeat(32)}`, TWILIO_AUTH_TOKEN: "real-token-123456" };
const twilioUrl = (sid: string) => `http://localhost:3000/api/dev/twilio/2010-04-01/Accounts/${sid}/Messages.json`;
const basic = (sid: string, token: string) => `Basic ${Buffer.from(`${sid}:${token}`).toString("base64")}`;

describe("/api/dev/twilio: the simulated Twilio", () => {
  it("serves the install's credentials while simulated, refuses the old built-in ones, and 404s when live", async () => {
    const { accountSid, authToken } = simulatorCredentials();
    expect(accountSid).not.toBe(OLD_ACCOUNT_SID);
    const list = await twilioRoute.GET(new Request(twilioUrl(accountSid), { headers: { Authorization: basic(accountSid, authToken) } }));
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({ messages: [], page: 0 });

    expect((await twilioRoute.GET(new Request(twilioUrl(OLD_ACCOUNT_SID), { headers: { Authorization: basic(OLD_ACCOUNT_SID, OLD_AUTH_TOKEN) } }))).status).toBe(401);
    expect((await twilioRoute.GET(new Request(twilioUrl(accountSid), { headers: { Authorization: basic(accountSid, OLD_AUTH_TOKEN) } }))).status).toBe(401);

    setEnv(live);
    expect((await twilioRoute.GET(new Request(twilioUrl(accountSid), { headers: { Authorization: basic(accountSid, authToken) } }))).status).toBe(404);
    expect((await twilioRoute.POST(new Request(twilioUrl(accountSid), { method: "POST", headers: { Authorization: basic(accountSid, authToken) } }))).status).toBe(404);
  });

  it("refuses to run without the install's credentials rather than fall back to a constant", () => {
    expect(() => simulatorCredentials({ ...getEnv(), TWILIO_SIMULATOR_AUTH_TOKEN: undefined })).toThrow(/TWILIO_SIMULATOR_AUTH_TOKEN is not set/);
  });
});

describe("/api/dev/resend: the Resend stand-in", () => {
  const send = (key: string) =>
    resendRoute.POST(
      new Request("http://localhost:3000/api/dev/resend/emails", {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body: JSON.stringify({ from: "a@example.edu", to: "b@example.edu", subject: "s" }),
      }),
    );

  it("takes the install's key only (the old built-in key → 403), and 404s when email is live", async () => {
    expect((await send(simulatedResendKey())).status).toBe(422);
    expect((await send(OLD_RESEND_KEY)).status).toBe(403);
    setEnv({ EMAIL_MODE: "live", RESEND_API_KEY: "re_real_key" });
    expect((await send(simulatedResendKey())).status).toBe(404);
  });

  it("the Mail outbox exists only while email is simulated", () => {
    expect(() => assertMailOutboxAvailable()).not.toThrow();
    setEnv({ EMAIL_MODE: "live", RESEND_API_KEY: "re_real_key" });
    expect(() => assertMailOutboxAvailable()).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });
});

describe("the handset simulator: administrators only, while Twilio is simulated", () => {
  async function actorOf(inst: FactoryInstitution, kind: "staff" | "student", roles: ("ADVISOR" | "ADMIN")[] = []): Promise<Actor> {
    const person = await createPerson(getDb(), inst, kind === "staff" ? { kind, roles } : { kind });
    return (await loadActor(getDb(), (await createUser(getDb(), person)).id))!;
  }
  const read = (actor: Actor) => readHandset({ ctx: { db: getDb(), actor, now: new Date() }, input: { number: "+13125550101" } });

  it("answers the administrator, refuses an advisor and a student (403), and 404s when live", async () => {
    const inst = await createInstitution(getDb());
    await expect(read(await actorOf(inst, "staff", ["ADVISOR"]))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(read(await actorOf(inst, "student"))).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = await actorOf(inst, "staff", ["ADMIN"]);
    expect(await read(admin)).toMatchObject({ number: "+13125550101", messages: [] });
    setEnv(live);
    await expect(read(admin)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
