import { expect, test } from "@playwright/test";
import { e2eDatabase } from "./database";

/*
 * SPEC §9: a text held for quiet hours reads "Held for quiet hours until …" on the recipient's
 * clock wherever it is shown (issue 16 item 4). The text is stored held until 8:00 AM Central on
 * a day far ahead, so no worker sends it during the run, on a March 2020 day no other spec uses.
 */

const BODY = "Quiet hours check: the financial aid office opens at eight tomorrow.";
const LABEL = "Held for quiet hours until Tue, Jan 15, 2030, 8:00 AM Central";

let studentId: string;

test.beforeAll(async () => {
  const sql = e2eDatabase();
  try {
    const people = await sql`
      select u.email, p.id, p.institution_id from users u join persons p on p.id = u.person_id
      where u.email in ('advisor@northfield.edu', 'student@northfield.edu')`;
    const advisor = people.find((p) => p.email === "advisor@northfield.edu")!;
    const student = people.find((p) => p.email === "student@northfield.edu")!;
    studentId = student.id;
    const inst = advisor.institution_id;
    await sql`delete from messages where institution_id = ${inst} and body = ${BODY}`;
    await sql`
      insert into messages (institution_id, channel, direction, status, from_person_id, to_person_id, from_address, to_address,
        body, held_until, held_time_zone, next_attempt_at, created_at)
      values (${inst}, 'SMS', 'OUTBOUND', 'pending', ${advisor.id}, ${student.id}, '+13125550193', '+13125550194',
        ${BODY}, '2030-01-15T14:00:00Z', 'America/Chicago', '2030-01-15T14:00:00Z', '2020-03-02T03:05:00Z')`;
  } finally {
    await sql.end();
  }
});

test.describe("a text held for quiet hours", () => {
  test.use({ storageState: "e2e/.auth/admin.json" });

  test("reads 'Held for quiet hours until …' in the Message Report and on the person's Messages tab", async ({ page }) => {
    await page.goto("/admin/messaging/message-report?dateFrom=2020-03-01&dateTo=2020-03-02");
    const grid = page.getByRole("table", { name: "Messages, newest first" });
    const row = grid.getByRole("row").filter({ hasText: "Quiet hours check" });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(LABEL);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: "test-results/quiet-hours-report-1280.png", fullPage: false });

    await page.goto(`/people/${studentId}/messages`);
    const item = page.getByRole("list", { name: "Messages" }).getByRole("listitem").filter({ hasText: "Quiet hours check" });
    await expect(item).toContainText(LABEL);
    await page.setViewportSize({ width: 390, height: 844 });
    await item.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test-results/quiet-hours-person-390.png" });
  });
});
