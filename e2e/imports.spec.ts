import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { e2eDatabase } from "./database";

/*
 * Imports (issue 6 items 3–5): an administrator uploads a SIS file with bad rows and reads the
 * row report; a larger file shows the progress bar; a prospect is added by hand; other staff
 * are refused the page. An import a dead server left RUNNING shows as Interrupted once the
 * worker's sweep has seen its heartbeat go stale.
 */

const run = Date.now().toString(36);

async function expectNoSeriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
}

/** A RUNNING import whose process died an hour ago after 500 of 1,200 rows, as the crashed server left it. */
async function insertDeadImport(slug: string, fileName: string) {
  const sql = e2eDatabase();
  try {
    const [row] = await sql<{ id: string }[]>`
      insert into imports (institution_id, kind, format, origin, file_name, status, total_rows, processed_rows, created_count, failed_count, created_at, updated_at)
      select id, 'SIS', 'CSV', 'CLI', ${fileName}, 'RUNNING', 1200, 500, 480, 20, now() - interval '70 minutes', now() - interval '1 hour'
      from institutions where slug = ${slug}
      returning id`;
    return row.id;
  } finally {
    await sql.end({ timeout: 2 });
  }
}

async function statusOf(importId: string) {
  const sql = e2eDatabase();
  try {
    const [row] = await sql<{ status: string }[]>`select status from imports where id = ${importId}`;
    return row.status;
  } finally {
    await sql.end({ timeout: 2 });
  }
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

  test("shows an import a dead server left running as Interrupted, and never another institution's", async ({ page }) => {
    const mine = await insertDeadImport("northfield", `crashed-${run}.csv`);
    const lakesides = await insertDeadImport("lakeside", `lakeside-crashed-${run}.csv`);
    const recent = page.getByRole("table", { name: "Recent imports" });
    // The worker sweeps every 10 seconds.
    await expect(async () => {
      await page.goto("/admin/imports");
      await expect(recent.getByRole("row", { name: new RegExp(`^crashed-${run}\\.csv`) })).toContainText("Interrupted", { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(recent.getByRole("row", { name: new RegExp(`lakeside-crashed-${run}`) })).toHaveCount(0);
    // The sweep is the system's: Lakeside's import was ended by the same statement.
    expect(await statusOf(lakesides)).toBe("INTERRUPTED");

    await recent.getByRole("link", { name: `crashed-${run}.csv`, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Import: crashed-${run}.csv` })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/admin/imports/${mine}$`));
    await expect(page.getByRole("definition").filter({ hasText: /^Interrupted$/ })).toHaveCount(1);
    await expect(page.getByRole("term").filter({ hasText: /^Stopped$/ })).toHaveCount(1);
    await expect(page.getByText("Interrupted after 500 of 1,200 rows: The import stopped before it finished (the server restarted?).")).toBeVisible();
    await expect(page.getByText("Still running")).toHaveCount(0);
    await expect(page.getByRole("progressbar")).toHaveCount(0);
    await expectNoSeriousViolations(page);
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
