import { expect, test, type Browser, type Page } from "@playwright/test";
import { signInWithPassword } from "./sign-in";

/*
 * Cutting identities off: an administrator disables a user (their open session and server
 * actions stop at once), and API keys are created, used and revoked from the API keys page.
 * Each test signs in with an account no other spec uses, since disabling ends its sessions.
 */
const PASSWORD = "demo-pass";

async function signIn(page: Page, email: string) {
  await page.goto("/sign-in?callbackUrl=%2Fmessages");
  await signInWithPassword(page, email, PASSWORD);
}

async function adminPage(browser: Browser) {
  const context = await browser.newContext({ storageState: "e2e/.auth/admin.json" });
  return context.newPage();
}

test("an administrator disables a user: their open session and actions are refused at once; re-enabling lets them back", async ({ page, browser }) => {
  test.slow(); // three sign-ins and two browsers
  await signIn(page, "casey.nguyen@northfield.edu");
  await expect(page).toHaveURL(/\/messages$/);
  await page.goto("/account/api-keys");
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();

  const admin = await adminPage(browser);
  await admin.goto("/people?q=nguyen+casey");
  await admin.getByRole("link", { name: "Nguyen, Casey" }).click();
  await admin.getByRole("button", { name: "Disable sign-in" }).click();
  const confirm = admin.getByRole("alertdialog", { name: "Disable this person's sign-in?" });
  await expect(confirm).toContainText("signed out everywhere at once");
  await confirm.getByRole("button", { name: "Disable sign-in" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(admin.getByText(/^Sign-in disabled by Avery Admin on /)).toBeVisible();

  // A server action from the page that was already open: refused, nothing created.
  const lateKey = `Made after disabling ${Date.now()}`;
  await page.getByLabel("Name").fill(lateKey);
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await admin.goto("/account/api-keys");
  await expect(admin.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  await expect(admin.getByRole("rowheader", { name: lateKey })).toHaveCount(0);

  // The next navigation too, and signing in again says why.
  await page.goto("/messages");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fmessages$/);
  await signIn(page, "casey.nguyen@northfield.edu");
  await expect(page.locator("#sign-in-error")).toHaveText("This account is disabled. Ask your administrator to enable it.");

  await admin.goBack();
  await admin.getByRole("button", { name: "Enable sign-in" }).click();
  await expect(admin.getByRole("button", { name: "Disable sign-in" })).toBeVisible();
  await expect(admin.getByText(/^Sign-in disabled/)).toHaveCount(0);
  await signIn(page, "casey.nguyen@northfield.edu");
  await expect(page).toHaveURL(/\/messages$/);
  await admin.context().close();
});

test("an administrator's own page offers no Disable sign-in", async ({ browser }) => {
  const admin = await adminPage(browser);
  await admin.goto("/people?q=admin+avery");
  await admin.getByRole("link", { name: "Admin, Avery" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: /Avery Admin/ })).toBeVisible();
  await expect(admin.getByRole("button", { name: "Disable sign-in" })).toHaveCount(0);
  await admin.context().close();
});

test("API keys: create one (shown once), use it, see when it was last used, revoke it → 401", async ({ page, request }) => {
  await signIn(page, "riley.johnson@northfield.edu");
  await expect(page).toHaveURL(/\/messages$/);
  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page).toHaveURL(/\/account\/api-keys$/);
  // The form's server action needs the page hydrated: a click before that posts natively, and
  // the one-time key would never be shown (a full-suite run timed out here once).
  await page.waitForLoadState("networkidle");
  const name = `Reporting script ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Expires after (days)").fill("30");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByLabel("New API key").textContent())!.trim();
  expect(key).toMatch(/^sk_live_[A-Za-z0-9_-]{43}$/);

  const call = () => request.get("/api/v1/persons?limit=1", { headers: { authorization: `Bearer ${key}` } });
  expect((await call()).status()).toBe(200);

  await page.reload();
  await expect(page.getByLabel("New API key")).toHaveCount(0);
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row.getByRole("cell", { name: "Active" })).toBeVisible();
  await expect(row.getByRole("cell").nth(3)).not.toHaveText("Never");
  await expect(row).not.toContainText(key);

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(row.getByRole("cell", { name: /^Revoked / })).toBeVisible();
  const refused = await call();
  expect(refused.status()).toBe(401);
});
