import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

/*
 * Imports (issue 6 items 3–5): an administrator uploads a SIS file with bad rows and reads the
 * row report; a larger file shows the progress bar; a prospect is added by hand; other staff
 * are refused the page.
 */

const run = Date.now().toString(36);

async function expectNoSeriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
}

test.describe("as an administrator", () => {
  test.use({ storageState: "e2e/.auth/admin.json" });

  test("uploads a SIS file with bad rows and reads the row report", async ({ page }) => {
    await page.goto("/admin");
    await page.getByRole("link", { name: "Imports", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Imports" })).toBeVisible();
    await expectNoSeriousViolations(page);

    const csv = [
      "src_system_id,first_name,last_name,roles,emails,phone_1_number,phone_1_type,phone_1_src_system_id",
      `E2E-${run}-1,Ada,Import,STUDENT,ada-${run}@example.edu,(312) 555-0601,CELL,E2E-${run}-1-P`,
      `E2E-${run}-2,Bad,Phone,STUDENT,,call me maybe,CELL,E2E-${run}-2-P`,
      `E2E-${run}-3,Bad,Role,WIZARD,,,,`,
      `E2E-${run}-1,Twice,Listed,STUDENT,,,,`,
      `E2E-${run}-5,,Nameless,STUDENT,,,,`,
    ].join("\n");
    await page.getByLabel("SIS file (CSV or JSON)").setInputFiles({ name: `sis-${run}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Upload" }).first().click();

    await expect(page.getByRole("heading", { level: 1, name: `Import: sis-${run}.csv` })).toBeVisible();
    const counts = page.getByRole("definition");
    await expect(counts.filter({ hasText: /^Done$/ })).toHaveCount(1);
    const report = page.getByRole("table", { name: "Rows not loaded" });
    await expect(report.getByRole("rowheader")).toHaveText(["3", "4", "5", "6"]);
    await expect(report.getByRole("row", { name: /^3 / })).toContainText("Bad phone");
    await expect(report.getByRole("row", { name: /^4 / })).toContainText('Unknown role code "WIZARD".');
    await expect(report.getByRole("row", { name: /^5 / })).toContainText("Duplicate");
    await expect(report.getByRole("row", { name: /^6 / })).toContainText("Missing field");
    await expectNoSeriousViolations(page);

    await page.getByRole("link", { name: "Back to Imports" }).click();
    const recent = page.getByRole("table", { name: "Recent imports" });
    await expect(recent.getByRole("row", { name: new RegExp(`sis-${run}\\.csv`) })).toContainText("SIS person import");

    await page.goto(`/people?q=${encodeURIComponent(`E2E-${run}-1`)}`);
    await expect(page.getByRole("table", { name: "People" }).getByRole("rowheader")).toHaveText(["Import, Ada"]);
  });

  test("shows a progress bar while a larger file imports", async ({ page }) => {
    await page.goto("/admin/imports");
    const lines = ["src_system_id,first_name,last_name,roles", ...Array.from({ length: 4000 }, (_, i) => `BIG-${run}-${i},Big,File${i},STUDENT`)];
    await page.getByLabel("SIS file (CSV or JSON)").setInputFiles({ name: `big-${run}.csv`, mimeType: "text/csv", buffer: Buffer.from(lines.join("\n")) });
    await page.getByRole("button", { name: "Upload" }).first().click();
    await expect(page.getByRole("progressbar", { name: "SIS file (CSV or JSON) progress" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: `Import: big-${run}.csv` })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText("Every row loaded.")).toBeVisible();
  });

  test("adds a prospect by hand; their phone is verified", async ({ page }) => {
    await page.goto("/admin/imports");
    await page.getByRole("button", { name: "Add prospect" }).click();
    await expect(page.getByLabel("First name")).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("First name").fill("Pat");
    await page.getByLabel("Last name").fill(`Prospect${run}`);
    await page.getByLabel("Phone", { exact: true }).fill("(312) 555-0602");
    await page.getByLabel("Email (optional)").fill(`pat-${run}@example.edu`);
    await page.getByRole("button", { name: "Add prospect" }).click();
    await expect(page.getByText("Prospect added; their phone is verified.")).toBeVisible();
    await expectNoSeriousViolations(page);
  });
});

test("staff who are not administrators are refused the Imports page", async ({ browser }) => {
  const context = await browser.newContext({ storageState: "e2e/.auth/advisor.json" });
  const page = await context.newPage();
  await page.goto("/admin/imports");
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  await context.close();
});
