import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { e2eDatabase } from "./database";

/*
 * Message Report, issue 15 items 7–8: reasons read as labels (code on hover, code in the CSV);
 * Reason is a list of labels; errors name the fields people see; "Clear filters" resets every
 * control; date presets; search by part of a number or an email. The messages are stored in
 * March 2020, which no other spec writes to.
 */

test.use({ storageState: "e2e/.auth/admin.json" });

const REPORT = "/admin/messaging/message-report";
const MARCH = "dateFrom=2020-03-01&dateTo=2020-03-31";

let student: { number: string; email: string };
let timeZone: string;

test.beforeAll(async () => {
  const sql = e2eDatabase();
  try {
    const [advisor] = await sql`select p.id, p.institution_id from users u join persons p on p.id = u.person_id where u.email = 'advisor@northfield.edu'`;
    const [sam] = await sql`select p.id from users u join persons p on p.id = u.person_id where u.email = 'student@northfield.edu'`;
    const [phone] = await sql`select number from person_phones where person_id = ${sam.id} and not deleted order by created_at limit 1`;
    const [email] = await sql`select email from person_emails where person_id = ${sam.id} order by is_primary desc limit 1`;
    const [inst] = await sql`select time_zone from institutions where id = ${advisor.institution_id}`;
    student = { number: phone.number, email: email.email };
    timeZone = inst.time_zone;
    const i = advisor.institution_id;
    await sql`delete from messages where institution_id = ${i} and created_at >= '2020-03-01' and created_at < '2020-04-01'`;
    await sql`
      insert into messages (institution_id, channel, direction, status, reason_code, from_person_id, to_person_id, from_address, to_address, body, created_at)
      values (${i}, 'SMS', 'OUTBOUND', 'refused', 'SMS_MONTHLY_LIMIT_REACHED', ${advisor.id}, ${sam.id}, null, ${student.number}, 'March check: over the limit', '2020-03-10T15:00:00Z'),
        (${i}, 'SMS', 'OUTBOUND', 'delivered', null, ${advisor.id}, ${sam.id}, '+13125550190', ${student.number}, 'March check: delivered', '2020-03-11T15:00:00Z'),
        (${i}, 'EMAIL', 'OUTBOUND', 'delivered', 'SMS_MONTHLY_LIMIT_REACHED', ${advisor.id}, ${sam.id}, 'advisor@northfield.edu', ${student.email}, 'March check: by email', '2020-03-12T15:00:00Z')`;
  } finally {
    await sql.end();
  }
});

const grid = (page: Page) => page.getByRole("table", { name: "Messages, newest first" });

test("reasons read as labels with the code on hover; the CSV keeps the code (issue 15.7)", async ({ page }) => {
  await page.goto(`${REPORT}?${MARCH}`);
  await expect(grid(page).getByRole("rowheader")).toHaveCount(3);
  const refused = grid(page).getByRole("row").filter({ hasText: "March check: over the limit" });
  await expect(refused.getByTitle("SMS_MONTHLY_LIMIT_REACHED")).toHaveText("Monthly text limit reached");
  await expect(grid(page)).not.toContainText("SMS_MONTHLY_LIMIT_REACHED");

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = await readFile((await (await downloading).path())!, "utf8");
  expect(csv.split("\r\n").filter((l) => l.includes(",SMS_MONTHLY_LIMIT_REACHED,"))).toHaveLength(2);
  expect(csv).not.toContain("Monthly text limit reached");
});

test("Reason is a list of labels, and Clear filters resets every control (issue 15.8)", async ({ page }) => {
  await page.goto(`${REPORT}?${MARCH}`);
  const reason = page.getByLabel("Reason", { exact: true });
  await expect(reason.getByRole("option", { name: "Monthly text limit reached" })).toHaveCount(1);
  await reason.selectOption({ label: "Monthly text limit reached" });
  await page.getByLabel("Channel").selectOption({ label: "SMS" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/reason=SMS_MONTHLY_LIMIT_REACHED/);
  await expect(grid(page).getByRole("rowheader")).toHaveCount(1);
  await expect(grid(page)).toContainText("March check: over the limit");

  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(new RegExp(`${REPORT}$`));
  await expect(reason).toHaveValue("");
  await expect(page.getByLabel("Channel")).toHaveValue("");
  await expect(page.getByLabel("Start date")).toHaveValue("");
  await expect(page.getByLabel("End date")).toHaveValue("");
});

test("errors name the fields as the page shows them (issue 15.8)", async ({ page }) => {
  await page.goto(`${REPORT}?dateFrom=2020-03-05&dateTo=2020-03-01`);
  await expect(page.locator("#report-filter-error")).toHaveText("End date: Must not be before the start date.");
  await expect(page.getByLabel("End date")).toHaveAttribute("aria-invalid", "true");

  await page.goto(REPORT);
  await page.getByLabel("Destination").fill("hello world");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.locator("#report-filter-error")).toHaveText("Destination: Enter a phone number or an email address, or part of one.");
  await expect(page.getByText(/destination:|dateTo:/)).toHaveCount(0);
});

test("date presets fill the dates of the institution's today, last 7 days and this month (issue 15.8)", async ({ page }) => {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const weekAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
  await page.goto(REPORT);
  const presets = page.getByRole("navigation", { name: "Date ranges" });
  for (const [label, from] of [["Today", today], ["Last 7 days", weekAgo], ["This month", `${today.slice(0, 8)}01`]] as const) {
    await presets.getByRole("link", { name: label }).click();
    await expect(page).toHaveURL(new RegExp(`dateFrom=${from}&dateTo=${today}$`));
    await expect(page.getByLabel("Start date")).toHaveValue(from);
    await expect(page.getByLabel("End date")).toHaveValue(today);
    await expect(presets.getByRole("link", { name: label })).toHaveAttribute("aria-current", "true");
  }
});

test("finds messages by part of a number or an email, in any case (issue 15.8)", async ({ page }) => {
  await page.goto(`${REPORT}?${MARCH}`);
  const digits = student.number.slice(-7);
  await page.getByLabel("Destination").fill(`${digits.slice(0, 3)}-${digits.slice(3)}`);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(grid(page).getByRole("rowheader")).toHaveCount(2);
  await expect(grid(page)).toContainText("March check: delivered");
  await expect(grid(page)).not.toContainText("March check: by email");

  await page.getByLabel("Destination").fill(student.email.slice(0, student.email.indexOf("@") + 4).toUpperCase());
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(grid(page).getByRole("rowheader")).toHaveCount(1);
  await expect(grid(page)).toContainText("March check: by email");
});
