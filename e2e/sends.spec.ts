import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { openE2eDatabase, uniqueLastName } from "./compose-data";
import { e2eDatabase } from "./database";

/*
 * Issue 16 items 1 and 3: "Send later" from the composer stores a scheduled send (recipients
 * and body only: no message row); Sends lists it with its time; cancelled, it never sends.
 */

const people = openE2eDatabase();
const sql = e2eDatabase();
test.afterAll(async () => {
  await people.close();
  await sql.end({ timeout: 2 });
});

test.use({ storageState: "e2e/.auth/advisor.json" });

test("schedules a send from the composer, sees it on Sends, cancels it: nothing is sent", async ({ page }) => {
  test.setTimeout(90_000);
  const lastName = uniqueLastName("Later");
  const [student] = await people.createStudents([{ firstName: "Lena", lastName, phone: true, email: true }]);
  const body = `Registration opens tomorrow (${lastName}).`;

  await page.goto(`/people/${student.id}/profile`);
  await page.getByRole("button", { name: "Send message" }).click();
  const dialog = page.getByRole("dialog", { name: "New message" });
  await dialog.getByLabel("Message").fill(body);
  await dialog.getByRole("button", { name: "Review" }).click();
  await dialog.getByRole("button", { name: "Send later…" }).click();
  const later = dialog.getByRole("region", { name: "Send later" });
  await expect(later.getByLabel(/Send at \(your time/)).not.toHaveValue("");
  await expect(later.getByText("decided when it goes, not now", { exact: false })).toBeVisible();
  expect((await new AxeBuilder({ page }).include("dialog").analyze()).violations).toEqual([]);
  await later.getByRole("button", { name: "Schedule" }).click();
  await expect(dialog.getByText(/^Scheduled for /)).toBeVisible();

  const [send] = await sql<{ id: string; state: string; scheduled_for: Date }[]>`
    select id, state, scheduled_for from send_batches where body = ${body}`;
  expect(send.state).toBe("scheduled");
  expect(send.scheduled_for.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
  const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from messages where batch_id = ${send.id}`;
  expect(n).toBe(0);
  await dialog.getByRole("button", { name: "Close" }).click();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sends" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sends" })).toBeVisible();
  const row = page.getByRole("table", { name: "Sends" }).getByRole("row").filter({ hasText: lastName });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Scheduled");
  await expect(row).toContainText("Decided when it goes");
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await row.getByRole("button", { name: "Cancel send" }).click();
  await expect(row).toContainText("Cancelled");
  await expect(row.getByRole("button", { name: "Cancel send" })).toHaveCount(0);

  const [after] = await sql<{ state: string; cancelled_at: Date | null }[]>`select state, cancelled_at from send_batches where id = ${send.id}`;
  expect(after.state).toBe("cancelled");
  expect(after.cancelled_at).not.toBeNull();
  const [{ n: stillNone }] = await sql<{ n: number }[]>`select count(*)::int as n from messages where batch_id = ${send.id}`;
  expect(stillNone).toBe(0);
});
