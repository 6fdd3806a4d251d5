import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { openE2eDatabase, uniqueLastName } from "./compose-data";
import { e2eDatabase } from "./database";

/*
 * Issue 18 item 3, carrier filtering: six students whose number the simulated Twilio reports
 * undelivered with 30007 (filtered, +15005550011). At the 5th such result — more than 2 % of the
 * first 200 — the send pauses; the sender and the administrators are emailed; Sends shows
 * "Paused — carrier filtering" with the figures, and the advisor resumes it.
 */

const people = openE2eDatabase();
const sql = e2eDatabase();
test.afterAll(async () => {
  await people.close();
  await sql.end({ timeout: 2 });
});

test.use({ storageState: "e2e/.auth/advisor.json" });

test("a send filtered by carriers pauses, its sender and administrators are told, and the sender resumes it", async ({ page }) => {
  test.setTimeout(120_000);
  const lastName = uniqueLastName("Filtered");
  const students = await people.createStudents(["Ada", "Ben", "Cy", "Dee", "Eli", "Fay"].map((firstName) => ({ firstName, lastName, phone: true, email: true })));
  await sql`update person_phones set number = '+15005550011' where person_id in ${sql(students.map((s) => s.id))}`;
  const body = `Spring registration is open (${lastName}).`;

  await page.goto(`/people?q=${lastName}`);
  const selection = page.getByRole("region", { name: "Selection" });
  if (await selection.getByRole("button", { name: "Clear selection" }).isEnabled()) await selection.getByRole("button", { name: "Clear selection" }).click();
  await expect(page.getByRole("table", { name: "People" }).getByRole("rowheader")).toHaveCount(6);
  await selection.getByRole("button", { name: "Select all on this page" }).click();
  await selection.getByRole("button", { name: "Message selected (6)" }).click();
  const dialog = page.getByRole("dialog", { name: "New message" });
  await dialog.getByLabel("Message").fill(body);
  await dialog.getByRole("button", { name: "Review" }).click();
  await dialog.getByRole("button", { name: "Send to 6 recipients" }).click();
  await expect(dialog.getByRole("heading", { name: "Who got what" })).toBeVisible({ timeout: 60_000 });
  await dialog.getByRole("button", { name: "Close" }).click();

  const [send] = await sql<{ id: string }[]>`select id from send_batches where body = ${body}`;
  await expect.poll(async () => (await sql<{ state: string }[]>`select state from send_batches where id = ${send.id}`)[0].state, { timeout: 60_000 }).toBe("paused");

  await page.goto("/sends");
  const row = page.getByRole("table", { name: "Sends" }).getByRole("row").filter({ hasText: lastName });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Paused — carrier filtering");
  await expect(row).toContainText(/[56] filtered or unreachable, 0 opted out, of its first [56] results\. Texts not yet sent wait\./);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // One email each to the sender and the administrator, through the local outbox.
  await expect
    .poll(async () => {
      const rows = await sql<{ address: string; n: number }[]>`
        select to_addresses[1] as address, count(*)::int as n from mail_outbox
        where subject like '%is paused: carrier filtering' and text_body like ${`%${lastName}%`} group by 1 order by 1`;
      return rows.map((r) => `${r.address}: ${r.n}`);
    }, { timeout: 30_000 })
    .toEqual(["admin@northfield.edu: 1", "advisor@northfield.edu: 1"]);

  await row.getByRole("button", { name: "Resume send" }).click();
  await expect(row).toContainText("Done");
  await expect(row).toContainText("Resumed after a carrier-filtering pause");
  await expect(row.getByRole("button", { name: "Resume send" })).toHaveCount(0);
  const [after] = await sql<{ state: string; resumed_at: Date | null }[]>`select state, resumed_at from send_batches where id = ${send.id}`;
  expect(after.state).toBe("done");
  expect(after.resumed_at).not.toBeNull();
});
