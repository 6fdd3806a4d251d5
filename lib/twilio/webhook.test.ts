import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MAX_FORM_BYTES, emptyTwiml, isValidTwilioSignature, parseTwilioForm, readTwilioForm, signedUrl, verifyTwilioWebhook } from "./webhook";

const TOKEN = "test-auth-token-123";
const PUBLIC = "https://sms.example.edu";
const PARAMS = { MessageSid: "SM0123456789abcdef0123456789abcdef", MessageStatus: "delivered", Body: "Hi + bye & 100% ok" };

function post(url: string, params: Record<string, string>, signature?: string | null) {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (signature) headers["x-twilio-signature"] = signature;
  return new Request(url, { method: "POST", headers, body: new URLSearchParams(params) });
}

describe("signedUrl", () => {
  it.each([
    ["the public origin replaces the request's", "https://sms.example.edu", "http://localhost:3000/api/twilio/status", "https://sms.example.edu/api/twilio/status"],
    ["a trailing slash on the base is dropped", "https://sms.example.edu/", "http://localhost:3000/api/twilio/status", "https://sms.example.edu/api/twilio/status"],
    ["the query is kept exactly", "https://sms.example.edu", "http://10.0.0.7:8080/api/twilio/inbound?x=1&y=a%20b", "https://sms.example.edu/api/twilio/inbound?x=1&y=a%20b"],
    ["a port on the public URL is kept", "https://sms.example.edu:8443", "http://localhost:3000/api/twilio/status", "https://sms.example.edu:8443/api/twilio/status"],
    ["a path prefix on the public URL is kept", "https://example.edu/sms", "http://localhost:3000/api/twilio/status", "https://example.edu/sms/api/twilio/status"],
  ])("%s", (_name, base, requestUrl, expected) => {
    expect(signedUrl(base, requestUrl)).toBe(expected);
  });
});

describe("isValidTwilioSignature", () => {
  it("accepts Twilio's documented example", () => {
    const params = { CallSid: "CA1234567890ABCDE", Caller: "+12349013030", Digits: "1234", From: "+12349013030", To: "+18005551212" };
    expect(isValidTwilioSignature("12345", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", "https://mycompany.com/myapp.php?foo=1&bar=2", params)).toBe(true);
  });

  const url = `${PUBLIC}/api/twilio/status`;
  const good = twilio.getExpectedTwilioSignature(TOKEN, url, PARAMS);
  it.each([
    ["the right signature", good, url, PARAMS, TOKEN, true],
    ["no signature", null, url, PARAMS, TOKEN, false],
    ["an empty signature", "", url, PARAMS, TOKEN, false],
    ["another token", good, url, PARAMS, "another-token-456", false],
    ["another URL", good, `${PUBLIC}/api/twilio/inbound`, PARAMS, TOKEN, false],
    ["another host", good, "http://localhost:3000/api/twilio/status", PARAMS, TOKEN, false],
    ["a changed parameter", good, url, { ...PARAMS, MessageStatus: "failed" }, TOKEN, false],
    ["an added parameter", good, url, { ...PARAMS, ErrorCode: "30007" }, TOKEN, false],
  ] as const)("%s → %s", (_name, signature, checkedUrl, params, token, expected) => {
    expect(isValidTwilioSignature(token, signature, checkedUrl, params)).toBe(expected);
  });
});

describe("readTwilioForm", () => {
  it("reads every parameter, with spaces encoded either way", async () => {
    const req = new Request("http://localhost/x", { method: "POST", body: "Body=a%20b+c&From=%2B13125550101&Empty=" });
    expect(await readTwilioForm(req)).toEqual({ Body: "a b c", From: "+13125550101", Empty: "" });
  });

  it("refuses a body larger than any Twilio form", async () => {
    const req = new Request("http://localhost/x", { method: "POST", body: `Body=${"x".repeat(MAX_FORM_BYTES)}` });
    expect(await readTwilioForm(req)).toBeNull();
  });
});

describe("verifyTwilioWebhook", () => {
  const config = { authToken: TOKEN, publicBaseUrl: PUBLIC };

  it("passes a request signed for the public URL, whatever host it reached", async () => {
    const sig = twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/api/twilio/status`, PARAMS);
    const result = await verifyTwilioWebhook(post("http://localhost:3000/api/twilio/status", PARAMS, sig), config);
    expect(result).toEqual({ ok: true, form: PARAMS });
  });

  it.each([
    ["missing", null],
    ["forged", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="],
    ["made for the request's own host", twilio.getExpectedTwilioSignature(TOKEN, "http://localhost:3000/api/twilio/status", PARAMS)],
  ])("answers 403 to a %s signature", async (_name, sig) => {
    const result = await verifyTwilioWebhook(post("http://localhost:3000/api/twilio/status", PARAMS, sig), config);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.response.status).toBe(403);
      expect(result.response.headers.get("content-type")).toMatch(/^text\/plain/);
    }
  });
});

describe("parseTwilioForm", () => {
  const schema = z.object({ MessageSid: z.string().regex(/^SM/), NumSegments: z.string().regex(/^\d+$/) });
  it("returns the data, or the names of the bad parameters without their values", () => {
    expect(parseTwilioForm(schema, { MessageSid: "SM1", NumSegments: "2" })).toEqual({ ok: true, data: { MessageSid: "SM1", NumSegments: "2" } });
    expect(parseTwilioForm(schema, { MessageSid: "XX", NumSegments: "two" })).toEqual({ ok: false, fields: ["MessageSid", "NumSegments"] });
  });
});

describe("emptyTwiml", () => {
  it("is an empty Response document typed as XML", async () => {
    const res = emptyTwiml();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/xml");
    expect(await res.text()).toBe("<Response></Response>");
  });
});
