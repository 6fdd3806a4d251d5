import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { ensureBuild } from "./launch";

/**
 * `npm run screenshots`: PNGs of the main pages, as each role sees them, from the demo data, for
 * the README's Tour — so the pictures stay true to the code. Uses the app already answering on
 * E2E_PORT (e.g. a running `scripts/e2e-server.ts`), else builds if needed and starts one (fresh
 * demo database on its own embedded PostgreSQL, simulated Twilio and email) and stops it after.
 * Before the pictures it does what a first hour does: the advisor messages their caseload and a
 * student replies from the handset simulator. Viewport pictures, 1280×800 and a few at 390×844,
 * into docs/screenshots/.
 */

const port = Number(process.env.E2E_PORT ?? 3400);
const base = `http://localhost:${port}`;
const outDir = path.resolve("docs/screenshots");
const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 390, height: 844 };
const ACCOUNTS = {
  admin: "admin@northfield.edu",
  advisor: "advisor@northfield.edu",
  student: "student@northfield.edu",
  operator: "operator@platform.example",
} as const;
type Role = keyof typeof ACCOUNTS;

async function answering(): Promise<boolean> {
  try {
    return (await fetch(`${base}/sign-in`, { signal: AbortSignal.timeout(3000) })).ok;
  } catch {
    return false;
  }
}

/** Starts scripts/e2e-server.ts on `port` (its own group, so it can be stopped with its children). */
async function startServer(): Promise<ChildProcess> {
  ensureBuild();
  console.log(`[screenshots] starting the demo app on port ${port}…`);
  const child = spawn("npx", ["tsx", "--conditions=react-server", "scripts/e2e-server.ts"], {
    env: { ...process.env, E2E_PORT: String(port), E2E_PG_PORT: process.env.E2E_PG_PORT ?? "54379" },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const deadline = Date.now() + 180_000;
  while (!(await answering())) {
    if (child.exitCode !== null) throw new Error("the demo app exited before answering");
    if (Date.now() > deadline) throw new Error("the demo app did not answer within 3 minutes");
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return child;
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null || !child.pid) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid, "SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
}

async function signIn(browser: Browser, role: Role, viewport = WIDE): Promise<Page> {
  const context = await browser.newContext({ viewport, baseURL: base });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(ACCOUNTS[role]);
  await page.getByLabel("Password").fill("demo-pass");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  await page.waitForLoadState("networkidle");
  return page;
}

async function shoot(page: Page, name: string, line: string) {
  await page.waitForLoadState("networkidle");
  await page.locator("h1").first().waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(outDir, `${name}.png`) });
  console.log(`[screenshots] ${name}.png — ${line}`);
}

async function visit(page: Page, url: string, name: string, line: string) {
  await page.goto(url);
  await shoot(page, name, line);
}

/** The advisor messages their caseload: the composer's Review and, after Send, who got what. */
async function caseloadSend(browser: Browser, viewport: typeof WIDE, suffix: string): Promise<string | null> {
  const page = await signIn(browser, "advisor", viewport);
  await page.goto("/people");
  await page.getByRole("button", { name: /^Message my caseload/ }).click();
  const dialog = page.getByRole("dialog", { name: "New message" });
  await dialog.getByLabel("Message").fill("Registration for spring opens Monday. Reply here if you'd like to go over your plan.");
  await dialog.getByRole("button", { name: "Review" }).click();
  await dialog.getByRole("table", { name: "Delivery per recipient" }).waitFor();
  if (suffix === "") await shoot(page, "composer-review", "Advisor: Review shows, per recipient, text or email and why");
  await dialog.getByRole("button", { name: /^Send to/ }).click();
  await dialog.getByRole("heading", { name: "Who got what" }).waitFor({ timeout: 90_000 });
  await page.waitForFunction(() => !document.body.innerText.includes("still on their way"), undefined, { timeout: 60_000 }).catch(() => undefined);
  await dialog.getByRole("heading", { name: "Who got what" }).scrollIntoViewIfNeeded();
  await shoot(page, `send-results${suffix}`, "Advisor: after Send, who got a text, an email or nothing, and why");
  const firstTexted = await dialog.getByRole("table", { name: "Got a text", exact: true }).getByRole("rowheader").first().textContent().catch(() => null);
  await page.context().close();
  return firstTexted;
}

/** A student answers from the handset simulator, so the advisor has an unread reply. */
async function studentReplies(browser: Browser, name: string) {
  const page = await signIn(browser, "admin");
  await page.goto("/dev/handset");
  await page.getByLabel("Person or number").fill(name);
  await page.getByRole("button", { name: "Find" }).click();
  await page.getByRole("list", { name: "Phones" }).getByRole("listitem").first().getByRole("link").click();
  // To the advisor's number (the advisor signs in as Alex Rivera), whatever the simulator offers first.
  const to = page.getByLabel("To system number");
  const advisorNumber = await to.locator("option", { hasText: "Alex Rivera" }).first().getAttribute("value");
  if (advisorNumber) await to.selectOption(advisorNumber);
  await page.getByLabel("Text", { exact: true }).fill("Yes please — can we meet Thursday?");
  await page.getByRole("button", { name: "Send text" }).click();
  await page.getByText(/^Texted "/).waitFor();
  await shoot(page, "handset-simulator", "Administrator: the handset simulator texts as a student's phone");
  await page.context().close();
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const running = await answering();
  const server = running ? null : await startServer();
  if (running) console.log(`[screenshots] using the app already answering on ${base}`);
  const executablePath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
  const browser = await chromium.launch(executablePath ? { executablePath } : {});
  try {
    const texted = await caseloadSend(browser, WIDE, "");
    await caseloadSend(browser, NARROW, "-390");
    if (texted) await studentReplies(browser, texted);

    const advisor = await signIn(browser, "advisor");
    await visit(advisor, "/people", "people", "Advisor: People — search, select across pages, message the selection or the caseload");
    await advisor.goto("/people?q=patel+maya");
    await advisor.getByRole("link", { name: "Patel, Maya" }).click();
    await advisor.getByRole("heading", { level: 1 }).waitFor();
    await shoot(advisor, "person-profile", "Advisor: a person's profile — phones, SMS status, verified, success team");
    await visit(advisor, "/messages", "inbox", "Advisor: Messages — conversations, unread count on the nav, search and an unread filter");
    const first = advisor.getByRole("table", { name: "Conversations" }).getByRole("link").first();
    if (await first.count()) {
      await first.click();
      await advisor.getByRole("log", { name: "Messages" }).waitFor();
      await shoot(advisor, "conversation", "Advisor: a conversation — texts, replies, statuses; reply by text");
    }
    await advisor.context().close();

    const admin = await signIn(browser, "admin");
    await visit(admin, "/admin/messaging/message-report", "message-report", "Administrator: Message Report — every text and email, filters, CSV");
    await visit(admin, "/admin/messaging/sms-configuration/general", "sms-general-settings", "Administrator: SMS Configuration → General Settings");
    await visit(admin, "/admin/messaging/sms-configuration/twilio", "sms-twilio", "Administrator: SMS Configuration → Twilio — limits, usage chart, Phone Number Usage");
    await visit(admin, "/admin/mail-outbox", "mail-outbox", "Administrator: Mail outbox — the simulated email provider's mail");
    await admin.context().close();

    const operator = await signIn(browser, "operator");
    await visit(operator, "/operator/institutions", "operator-institutions", "Platform operator: lands on Institutions — usage and limits of each");
    await operator.context().close();

    const student = await signIn(browser, "student");
    await visit(student, "/", "student-home", "Student: where a student lands after signing in");
    await student.context().close();

    const narrow = await signIn(browser, "advisor", NARROW);
    await visit(narrow, "/people", "people-390", "Advisor on a phone (390 px): People");
    await visit(narrow, "/messages", "inbox-390", "Advisor on a phone (390 px): Messages");
    await narrow.context().close();
    const narrowAdmin = await signIn(browser, "admin", NARROW);
    await visit(narrowAdmin, "/admin/messaging/message-report", "message-report-390", "Administrator on a phone (390 px): Message Report");
    await narrowAdmin.context().close();
  } finally {
    await browser.close();
    if (server) await stopServer(server);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error("[screenshots] failed:", err);
    process.exit(1);
  },
);
