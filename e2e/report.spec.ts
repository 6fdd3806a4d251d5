import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { e2eDatabase } from "./database";

/*
 * Message Report (SPEC §7): an administrator filters, pages through and exports the report;
 * an advisor sees only their own messages; a student is refused. The messages are stored on
 * two February 2020 days no other spec writes to, so the date filter isolates them.
 */

const REPORT = "/admin/messaging/message-report";
const DAYS = { dateFrom: "2020-02-03", dateTo: "2020-02-04" };
/** 55 delivered texts and 5 failed ones from the advisor, an email resend, and one text from the admin. */
const TOTAL = 62;

async function expectNoSeriousAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

let names: { advisor: string; student: string; admin: string };

test.beforeAll(async () => {
  const sql = e2eDatabase();
  try {
    const people = await sql`
      select u.email, p.id, p.institution_id, coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name as name
      from users u join persons p on p.id = u.person_id
      where u.email in ('advisor@northfield.edu', 'student@northfield.edu', 'admin@northfield.edu')`;
    const by = (email: string) => people.find((p) => p.email === email)!;
    const [advisor, student, admin] = [by("advisor@northfield.edu"), by("student@northfield.edu"), by("admin@northfield.edu")];
    names = { advisor: advisor.name, student: student.name, admin: admin.name };
    const inst = advisor.institution_id;
    await sql`delete from messages where institution_id = ${inst} and created_at >= '2020-02-01' and created_at < '2020-02-10'`;
    await sql`
      insert into messages (institution_id, channel, direction, status, reason_code, error_code, from_person_id, to_person_id,
        from_address, to_address, body, created_at)
      select ${inst}, 'SMS', 'OUTBOUND', case when g <= 5 then 'failed' else 'delivered' end,
        case when g <= 5 then 'TWILIO_INVALID_NUMBER' end, case when g <= 5 then 21211 end,
        ${advisor.id}, ${student.id}, '+13125550190', '+13125550191',
        'Report check ' || g || ': the advising office is open late on Thursday for registration questions and holds.',
        '2020-02-03T15:00:00Z'::timestamptz + g * interval '10 minutes'
      from generate_series(1, 60) g`;
    const [failed] = await sql`select id from messages where institution_id = ${inst} and body like 'Report check 1:%'`;
    await sql`
      insert into message_events (institution_id, message_id, status, source, error_code, reason_code, occurred_at)
      values (${inst}, ${failed.id}, 'pending', 'APP', null, null, '2020-02-03T15:10:00Z'),
        (${inst}, ${failed.id}, 'failed', 'TWILIO', 21211, 'TWILIO_INVALID_NUMBER', '2020-02-03T15:10:05Z')`;
    await sql`
      insert into messages (institution_id, channel, direction, status, reason_code, from_person_id, to_person_id, from_address,
        to_address, body, fallback_for_message_id, created_at)
      values (${inst}, 'EMAIL', 'OUTBOUND', 'delivered', 'TWILIO_INVALID_NUMBER', ${advisor.id}, ${student.id}, 'advisor@northfield.edu',
        'student-report@example.edu', 'Report check 1 by email', ${failed.id}, '2020-02-03T15:10:06Z'),
        (${inst}, 'SMS', 'OUTBOUND', 'delivered', null, ${admin.id}, ${student.id}, '+13125550192', '+13125550191',
        'Report check from the admin', null, '2020-02-04T20:00:00Z')`;
  } finally {
    await sql.end();
  }
});

test.describe("as an administrator", () => {
  test.use({ storageState: "e2e/.auth/admin.json" });

  test("filters, pages through and exports the Message Report", async ({ page }) => {
    await page.goto("/admin");
    await page.getByRole("link", { name: "Message Report" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Message Report" })).toBeVisible();

    await page.getByLabel("Start date").fill(DAYS.dateFrom);
    await page.getByLabel("End date").fill(DAYS.dateTo);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/dateFrom=2020-02-03/);
    const grid = page.getByRole("table", { name: "Messages, newest first" });
    await expect(grid.getByRole("rowheader")).toHaveCount(50);
    await expect(grid.getByRole("row").nth(1)).toContainText("Report check from the admin");
    await expectNoSeriousAxeViolations(page);

    await page.getByRole("link", { name: "Next" }).click();
    await expect(grid.getByRole("rowheader")).toHaveCount(TOTAL - 50);
    await expect(grid.getByRole("row").last()).toContainText("Report check 1:");
    await page.getByRole("link", { name: "Previous" }).click();
    await expect(grid.getByRole("rowheader")).toHaveCount(50);
    await expect(page.getByText("Previous", { exact: true })).toHaveAttribute("aria-disabled", "true");

    await page.getByLabel("Reason").selectOption({ label: "Not a valid mobile number" });
    await page.getByLabel("Channel").selectOption("SMS");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(grid.getByRole("rowheader")).toHaveCount(5);
    await expect(grid.getByRole("row").filter({ hasText: "failed" })).toHaveCount(5);
    const first = grid.getByRole("row").filter({ hasText: "Report check 1:" });
    await expect(first).toContainText(names.advisor);
    await expect(first).toContainText(names.student);
    await first.getByText(/2 statuses/).click();
    await expect(first.getByRole("listitem")).toHaveText([/pending · APP/, /failed \(Not a valid mobile number\) · TWILIO/]);
    await first.getByText("more", { exact: true }).click();
    await expect(first.getByText(/open late on Thursday for registration questions and holds\.$/)).toBeVisible();
    await expectNoSeriousAxeViolations(page);

    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^message-report-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile((await download.path())!, "utf8")).trimEnd().split("\r\n");
    expect(lines[0]).toBe("Date (UTC),From,From number or email,To,Destination,Channel,Direction,Status,Reason,Error code,Body,Message id,Template");
    expect(lines).toHaveLength(1 + 5);
    expect(lines.slice(1).every((l) => l.includes(",SMS,OUTBOUND,failed,TWILIO_INVALID_NUMBER,21211,"))).toBe(true);

    await page.getByLabel("Status").selectOption("received");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByText("No messages match these filters.")).toBeVisible();
  });

  test("a filter holding NUL is a readable error on the page and a 400 from the export, never a 500", async ({ page }) => {
    const res = await page.goto("/admin/messaging/message-report?from=ana%00");
    expect(res?.status()).toBe(200);
    await expect(page.getByText("From: Must not contain control characters (such as NUL).")).toBeVisible();
    const exported = await page.request.get("/admin/messaging/message-report/export?from=ana%00");
    expect(exported.status()).toBe(400);
    expect((await exported.json()).error.code).toBe("VALIDATION");
  });
});

test.describe("as an advisor", () => {
  test.use({ storageState: "e2e/.auth/advisor.json" });

  test("sees only the messages they sent or received", async ({ page }) => {
    await page.goto(`${REPORT}?dateFrom=${DAYS.dateFrom}&dateTo=${DAYS.dateTo}`);
    await expect(page.getByText("The texts and emails you sent or received, newest first.")).toBeVisible();
    const grid = page.getByRole("table", { name: "Messages, newest first" });
    await expect(grid.getByRole("rowheader")).toHaveCount(50);
    await expect(grid.getByText("Report check from the admin")).toHaveCount(0);
    await page.getByRole("link", { name: "Next" }).click();
    await expect(grid.getByRole("rowheader")).toHaveCount(TOTAL - 1 - 50);
  });
});

test.describe("as a student", () => {
  test.use({ storageState: "e2e/.auth/student.json" });

  test("is refused the report and its export", async ({ page }) => {
    await page.goto(REPORT);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
    const response = await page.request.get(`${REPORT}/export`);
    expect(response.status()).toBe(403);
  });
});
