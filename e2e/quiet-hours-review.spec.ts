import { expect, test } from "@playwright/test";
import { openE2eDatabase, uniqueLastName } from "./compose-data";
import { e2eDatabase } from "./database";

/*
 * SPEC §9 in the composer's Review: a text to a recipient whose local time is the middle of the
 * night is counted as held until 8:00 AM on their clock. The recipient's recorded zone is one
 * where it is now between 01:00 and 06:59 (the zones below leave no 6-hour gap, so one always
 * is), and quiet hours are turned on for Northfield for this spec only (the e2e seed has them off).
 */

const ZONES = ["Pacific/Honolulu", "America/Los_Angeles", "America/Chicago", "Europe/London", "Europe/Berlin", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney"];
const db = openE2eDatabase();
const sql = e2eDatabase();

function nightZone(now: Date) {
  const hour = (zone: string) => Number(new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", hour: "numeric" }).format(now));
  return ZONES.find((z) => hour(z) >= 1 && hour(z) < 7)!;
}

test.beforeAll(async () => {
  await sql`update sms_settings set quiet_hours_enabled = true where institution_id = (select id from institutions where slug = 'northfield')`;
});
test.afterAll(async () => {
  await sql`update sms_settings set quiet_hours_enabled = false where institution_id = (select id from institutions where slug = 'northfield')`;
  await sql.end();
  await db.close();
});

test.describe("as a permitted advisor", () => {
  test.use({ storageState: "e2e/.auth/advisor.json" });

  test("Review counts a text to a sleeping recipient as held until 8:00 AM their time", async ({ page }) => {
    const [student] = await db.createStudents([{ firstName: "Nora", lastName: uniqueLastName("Night"), phone: true, email: true }]);
    const zone = nightZone(new Date());
    await sql`update persons set time_zone = ${zone} where id = ${student.id}`;

    await page.goto(`/people/${student.id}/profile`);
    await page.getByRole("button", { name: "Send message" }).click();
    const dialog = page.getByRole("dialog", { name: "New message" });
    await dialog.getByLabel("Message").fill("Registration opens at nine.");
    await dialog.getByRole("button", { name: "Review" }).click();
    const note = dialog.getByRole("status").filter({ hasText: "Quiet hours" });
    await expect(note).toContainText("Quiet hours: 1 text would be held if sent now");
    await expect(note.getByRole("listitem")).toHaveText(/^1 until \w{3}, \w{3} \d{1,2}, 8:00 AM .+$/);
    for (const [width, height] of [
      [1280, 800],
      [390, 844],
    ]) {
      await page.setViewportSize({ width, height });
      await note.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `test-results/quiet-hours-review-${width}.png` });
    }
  });
});
