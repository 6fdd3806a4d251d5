import { beforeAll, describe, expect, it } from "vitest";
import twilio from "twilio";
import { getDb } from "@/db";
import { simulatorCredentials } from "@/lib/twilio/client";
import { newSid, PUBLIC_BASE_URL, REQUEST_ORIGIN, snapshotWrites, usePublicBaseUrl } from "@/test/twilio-webhooks";
import { POST as inbound } from "./inbound/route";
import { POST as status } from "./status/route";

/*
 * issue 13: while Twilio is simulated, the webhooks are verified with the install's generated
 * token (TWILIO_SIMULATOR_AUTH_TOKEN), which no one outside the install knows — not with the
 * constant the source once held, which anyone could read and sign a STOP with.
 */

const OLD_CONSTANT_TOKEN = "simulated-twilio-auth-token-0000";

beforeAll(usePublicBaseUrl);

function signed(path: string, params: Record<string, string>, token: string) {
  const signature = twilio.getExpectedTwilioSignature(token, `${PUBLIC_BASE_URL}${path}`, params);
  return new Request(`${REQUEST_ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
    body: new URLSearchParams(params),
  });
}

describe("simulated Twilio's webhooks take the install's token only", () => {
  it("a status callback signed with the old constant token → 403, nothing written; with the install's token → 200", async () => {
    const sid = newSid();
    const params = { AccountSid: simulatorCredentials().accountSid, MessageSid: sid, MessageStatus: "sent", SmsSid: sid, SmsStatus: "sent", From: "+15005550006", To: "+13125550101", ApiVersion: "2010-04-01" };
    const before = await snapshotWrites(getDb());
    const refused = await status(signed("/api/twilio/status", params, OLD_CONSTANT_TOKEN));
    expect(refused.status).toBe(403);
    expect(await snapshotWrites(getDb())).toEqual(before);
    const accepted = await status(signed("/api/twilio/status", params, simulatorCredentials().authToken));
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toBe("<Response></Response>");
  });

  it("an inbound STOP signed with the old constant token → 403, nothing written", async () => {
    const sid = newSid();
    const params = { AccountSid: "AC00000000000000000000000000000000", Body: "STOP", From: "+13125550101", To: "+13125550199", MessageSid: sid, SmsSid: sid, SmsMessageSid: sid, NumMedia: "0", NumSegments: "1", SmsStatus: "received", ApiVersion: "2010-04-01" };
    const before = await snapshotWrites(getDb());
    expect((await inbound(signed("/api/twilio/inbound", params, OLD_CONSTANT_TOKEN))).status).toBe(403);
    expect(await snapshotWrites(getDb())).toEqual(before);
  });
});
