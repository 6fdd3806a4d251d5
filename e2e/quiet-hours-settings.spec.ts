import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

/*
 * SMS Configuration → Quiet Hours (SPEC §9): the window can only be narrowed, each change is in
 * the tab's history, and a refused save changes nothing. Run as Lakeside's administrator, whose
 * settings no other spec reads; the settings are put back at the end.
 */

test.use({ storageState: "e2e/.auth/lakesideAdmin.json" });

const PATH = "/admin/messaging/sms-configuration/quiet-hours";
const historyRows = (page: Page) => page.getByRole("table", { name: "Change history" }).locator("tbody tr");

async function save(page: Page) {
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(PATH));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await answered;
}

test("narrows the window, refuses a wider one by field, and records each change", async ({ page }) => {
  test.slow(); // four saves, two reloads and an axe run
  await page.goto(PATH);
  await expect(page.getByRole("link", { name: "Quiet Hours" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("Emails are never held.", { exact: false })).toBeVisible();
  const enabled = page.getByRole("checkbox", { name: "Quiet hours" });
  const start = page.getByLabel("Texts start at");
  const end = page.getByLabel("Texts end at");
  const exempt = page.getByLabel("Replies within N minutes of a student's text are not held");
  // Off: the e2e server seeds quiet hours off, so that other specs' texts go at any hour (scripts/e2e-server.ts).
  await expect(enabled).not.toBeChecked();
  await expect(start).toHaveValue("");
  await expect(end).toHaveValue("");
  await expect(exempt).toHaveValue("60");
  const before = await historyRows(page).count();
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);

  // Wider than the federal window: refused beside each field, nothing saved.
  await start.fill("07:30");
  await end.fill("21:30");
  await save(page);
  await expect(page.locator("#quiet-hours-message")).toHaveText("Please correct the highlighted fields.");
  await expect(page.getByText("Texts may not start before 8:00 AM (federal rule): choose 8:00 AM or later.")).toBeVisible();
  await expect(page.getByText("Texts may not go after 9:00 PM (federal rule): choose 9:00 PM or earlier.")).toBeVisible();
  await expect(start).toHaveAttribute("aria-invalid", "true");
  await expect(start).toHaveValue("07:30");

  // Start after end: refused.
  await start.fill("18:00");
  await end.fill("09:00");
  await save(page);
  await expect(page.getByText("The window must end after it starts (6:00 PM).")).toBeVisible();
  await page.reload();
  await expect(start).toHaveValue("");
  await expect(historyRows(page)).toHaveCount(before);

  // Narrower: saved, shown after a reload, and in the history.
  await start.fill("09:00");
  await end.fill("20:00");
  await exempt.fill("30");
  await save(page);
  await expect(page.locator("#quiet-hours-message")).toHaveText("Quiet hours saved.");
  await page.reload();
  await expect(start).toHaveValue("09:00");
  await expect(end).toHaveValue("20:00");
  await expect(exempt).toHaveValue("30");
  await expect(historyRows(page)).toHaveCount(before + 3);
  await expect(historyRows(page).filter({ hasText: "Texts start at" })).toContainText("9:00 AM");

  // Back to the defaults.
  await start.fill("");
  await end.fill("");
  await exempt.fill("60");
  await save(page);
  await expect(page.locator("#quiet-hours-message")).toHaveText("Quiet hours saved.");
  await expect(historyRows(page)).toHaveCount(before + 6);
});

test("an advisor is refused the tab; the platform operator sees it read-only", async ({ browser }) => {
  const advisor = await browser.newContext({ storageState: "e2e/.auth/advisor.json" });
  const refused = await advisor.newPage();
  await refused.goto(PATH);
  await expect(refused.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  await advisor.close();

  const operator = await browser.newContext({ storageState: "e2e/.auth/operator.json" });
  const page = await operator.newPage();
  await page.goto(PATH);
  await expect(page.getByRole("checkbox", { name: "Quiet hours" })).toBeDisabled();
  await expect(page.getByLabel("Texts start at")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
  await expect(page.getByText("Only the institution's administrators can change these settings.")).toBeVisible();
  await operator.close();
});
