import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { SIMULATED_ACCOUNT_SID, SIMULATED_AUTH_TOKEN } from "@/lib/twilio/client";
import * as resendRoute from "./resend/[...path]/route";
import * as twilioRoute from "./twilio/[...path]/route";

const twilioUrl = `http://localhost:3000/api/dev/twilio/2010-04-01/Accounts/${SIMULATED_ACCOUNT_SID}/Messages.json`;
const basic = `Basic ${Buffer.from(`${SIMULATED_ACCOUNT_SID}:${SIMULATED_AUTH_TOKEN}`).toString("base64")}`;

function setEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}

afterEach(() => setEnv({ TWILIO_ACCOUNT_SID: undefined, TWILIO_AUTH_TOKEN: undefined, RESEND_API_KEY: undefined }));

describe("/api/dev/** exists only while the provider is simulated", () => {
  it("serves the simulated Twilio without credentials, and 404s with them", async () => {
    const list = await twilioRoute.GET(new Request(twilioUrl, { headers: { Authorization: basic } }));
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({ messages: [], page: 0 });

    setEnv({ TWILIO_ACCOUNT_SID: `AC${"1".repeat(32)}`, TWILIO_AUTH_TOKEN: "real-token-123456" });
    expect((await twilioRoute.GET(new Request(twilioUrl, { headers: { Authorization: basic } }))).status).toBe(404);
    expect((await twilioRoute.POST(new Request(twilioUrl, { method: "POST", headers: { Authorization: basic } }))).status).toBe(404);
  });

  it("serves the Resend stand-in without RESEND_API_KEY, and 404s with it", async () => {
    const send = () =>
      resendRoute.POST(
        new Request("http://localhost:3000/api/dev/resend/emails", {
          method: "POST",
          headers: { Authorization: "Bearer re_simulated", "Content-Type": "application/json" },
          body: JSON.stringify({ from: "a@example.edu", to: "b@example.edu", subject: "s" }),
        }),
      );
    expect((await send()).status).toBe(422);
    setEnv({ RESEND_API_KEY: "re_real_key" });
    expect((await send()).status).toBe(404);
  });
});
