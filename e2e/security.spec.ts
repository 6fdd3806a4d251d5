import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { expect, test, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import { openE2eDatabase, uniqueLastName } from "./compose-data";

/*
 * issue 13: security headers on every page and API answer — a nonce-based CSP under which the
 * app still runs in Chromium with no violation — and the handset simulator for administrators only.
 */

const stateOf = (role: string) => `e2e/.auth/${role}.json`;
const db = openE2eDatabase();
test.afterAll(() => db.close());

function expectBaseHeaders(headers: Record<string, string>) {
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  // PUBLIC_BASE_URL is http here: no HSTS (it is added when it is https; see lib/http/security-headers.test.ts).
  expect(headers["strict-transport-security"]).toBeUndefined();
}

/** Collects what Chromium reports about the page's CSP: console errors and securitypolicyviolation events. */
function watchCsp(page: Page) {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(msg.text())) violations.push(msg.text());
  });
  page.on("pageerror", (err) => violations.push(`pageerror: ${err.message}`));
  return violations;
}

test.describe("security headers", () => {
  test("a page carries a nonce CSP whose nonce is on Next's scripts, and a fresh one per request", async ({ request }) => {
    const first = await request.get("/sign-in");
    expect(first.status()).toBe(200);
    const headers = first.headers();
    expectBaseHeaders(headers);
    const csp = headers["content-security-policy"];
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("script-src 'self' 'nonce-");
    expect(csp).toContain("'strict-dynamic'");
    expect(csp).toContain("object-src 'none'");
    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

    const second = (await request.get("/sign-in")).headers()["content-security-policy"];
    expect(/'nonce-([^']+)'/.exec(second)?.[1]).not.toBe(nonce);
  });

  const apiAnswers: [string, (r: APIRequestContext) => Promise<APIResponse>, number][] = [
    ["a REST API answer (401 without a key)", (r) => r.get("/api/v1/persons"), 401],
    ["the OpenAPI document", (r) => r.get("/api/v1/openapi.json"), 200],
    ["a Twilio webhook answer (403 unsigned)", (r) => r.post("/api/twilio/status", { form: { MessageSid: "SM1", MessageStatus: "sent" } }), 403],
    ["a session API answer (401 signed out)", (r) => r.get("/api/conversations/unread"), 401],
    ["an upload route (401 signed out)", (r) => r.post("/api/imports", { multipart: { kind: "SIS" } }), 401],
  ];
  for (const [name, call, status] of apiAnswers) {
    test(`${name} carries the headers`, async ({ request }) => {
      const res = await call(request);
      expect(res.status()).toBe(status);
      expectBaseHeaders(res.headers());
    });
  }
});

test.describe("the app runs under the CSP", () => {
  test.use({ storageState: stateOf("admin") });

  test("pages hydrate and work with no CSP violation (people, a person's composer, messages, handset, admin)", async ({ page }) => {
    const violations = watchCsp(page);
    const [student] = await db.createStudents([{ firstName: "Cass", lastName: uniqueLastName("Policy"), phone: true, email: true }]);
    await page.goto(`/people/${student.id}/profile`);
    await page.getByRole("button", { name: "Send message" }).click();
    const dialog = page.getByRole("dialog", { name: "New message" });
    await dialog.getByLabel("Message").fill("Your advising appointment is Tuesday at 10.");
    await expect(dialog.getByText("43 / 1,000 characters · 1 SMS segment (GSM-7, 160 per segment)")).toBeVisible();
    await dialog.getByRole("button", { name: "Review" }).click();
    await expect(dialog.getByRole("table", { name: "Delivery per recipient" })).toBeVisible();
    await page.goto("/people");
    await expect(page.getByRole("heading", { level: 1, name: "People" })).toBeVisible();
    // Client-side navigation only works once Next's scripts ran (they need the nonce).
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Messages" }).click();
    await expect(page).toHaveURL(/\/messages$/);
    await expect(page.getByRole("heading", { level: 1, name: "Messages" })).toBeVisible();
    await page.goto("/dev/handset");
    await expect(page.getByRole("heading", { level: 1, name: "Handset simulator" })).toBeVisible();
    await page.getByLabel("Person or number").fill("Sam Student");
    await page.getByRole("button", { name: "Find" }).click();
    await expect(page.getByRole("list", { name: "Phones" })).toBeVisible();
    await page.goto("/admin");
    await expect(page.getByRole("heading", { level: 1, name: "Administration" })).toBeVisible();
    await page.goto("/sign-in");
    expect(violations).toEqual([]);
  });
});

test.describe("handset simulator: administrators only", () => {
  test.describe("as an advisor", () => {
    test.use({ storageState: stateOf("advisor") });
    test("no nav link, and /dev/handset is refused", async ({ page }) => {
      await page.goto("/messages");
      await expect(page.getByRole("heading", { level: 1, name: "Messages" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Handset simulator" })).toHaveCount(0);
      const res = await page.goto("/dev/handset");
      expect(res?.status()).toBe(403);
      await expect(page.getByRole("heading", { level: 1, name: "Handset simulator" })).toHaveCount(0);
    });
  });

  test.describe("as a student", () => {
    test.use({ storageState: stateOf("student") });
    test("is refused", async ({ page }) => {
      const res = await page.goto("/dev/handset");
      expect(res?.status()).toBe(403);
    });
  });

  test.describe("as an administrator", () => {
    test.use({ storageState: stateOf("admin") });
    test("sees the nav link and the page", async ({ page }) => {
      await page.goto("/messages");
      await page.getByRole("link", { name: "Handset simulator" }).click();
      await expect(page).toHaveURL(/\/dev\/handset$/);
      await expect(page.getByRole("heading", { level: 1, name: "Handset simulator" })).toBeVisible();
    });
  });
});

test("a bare `next start` (no scripts/web.mjs) with half a Twilio configuration exits 1 naming the missing variable", async () => {
  test.setTimeout(60_000);
  const next = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const { TWILIO_MODE: _mode, EMAIL_MODE: _email, ...env } = process.env;
  const child = spawn(process.execPath, [next, "start", "-p", String(Number(process.env.E2E_PORT ?? 3100) + 97)], {
    env: { ...env, NODE_ENV: "production", TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}`, RESEND_API_KEY: "re_live_key", AUTH_SECRET: "x".repeat(32) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  expect(code).toBe(1);
  expect(stderr).toContain("TWILIO_AUTH_TOKEN is not set but TWILIO_ACCOUNT_SID is");
});
