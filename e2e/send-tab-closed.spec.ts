import { expect, test } from "@playwright/test";
import { uniqueLastName } from "./compose-data";
import { e2eDatabase } from "./database";

/*
 * Issue 16 item 1 (SPEC §9): a send is one thing, created by one call. The composer submits
 * 2,000 recipients once; its tab is closed right after Send; the send is still stored whole
 * and carried out by the worker. Each recipient has an email and no phone, so the send goes
 * by the simulated email provider and takes none of the month's texts other specs count on.
 */

const sql = e2eDatabase(2);
test.afterAll(() => sql.end({ timeout: 2 }));

test.use({ storageState: "e2e/.auth/advisor.json" });

const COUNT = 2000;

async function createEmailOnlyStudents(lastName: string): Promise<void> {
  await sql`
    with inst as (
      select i.id, r.id as role_id from institutions i
      join security_roles r on r.institution_id = i.id and r.code = 'STUDENT'
      where i.slug = 'northfield'
    ), p as (
      insert into persons (institution_id, first_name, last_name, src_system_id)
      select inst.id, 'Closed' || lpad(g::text, 4, '0'), ${lastName}, ${lastName} || '-' || g from inst, generate_series(1, ${COUNT}) g
      returning id, institution_id, src_system_id
    ), r as (
      insert into person_roles (institution_id, person_id, role_id) select p.institution_id, p.id, inst.role_id from p, inst returning 1
    )
    insert into person_emails (institution_id, person_id, email, is_primary)
    select p.institution_id, p.id, lower(p.src_system_id) || '@students.example.test', true from p`;
}

test("a 2,000-recipient send survives the composer's tab being closed right after Send", async ({ browser }) => {
  test.setTimeout(240_000);
  const lastName = uniqueLastName("Closed");
  await createEmailOnlyStudents(lastName);
  const body = `Closing the tab changes nothing (${lastName}).`;

  const context = await browser.newContext({ storageState: "e2e/.auth/advisor.json" });
  const composerPage = await context.newPage();
  await composerPage.goto(`/people?q=${lastName}`);
  const selection = composerPage.getByRole("region", { name: "Selection" });
  await selection.getByRole("button", { name: "Message all 2,000 matching" }).click();
  const dialog = composerPage.getByRole("dialog", { name: "New message" });
  await dialog.getByLabel("Message").fill(body);
  await dialog.getByRole("button", { name: "Review" }).click();
  await expect(composerPage.locator('dl[aria-label="Delivery summary"] dt:text-is("Emails") + dd')).toHaveText("2,000");
  // Review lists one page of 50 and pages through the rest on the server.
  await expect(dialog.getByRole("table", { name: "Delivery per recipient" }).getByRole("rowheader")).toHaveCount(50);
  await expect(dialog.getByText("Recipients 1–50 of 2,000")).toBeVisible();

  const submitted = composerPage.waitForRequest((r) => r.method() === "POST" && (r.postData() ?? "").includes(body));
  await dialog.getByRole("button", { name: "Send to 2,000 recipients" }).click();
  const request = await submitted;
  // One call carries the whole audience: the search itself, resolved on the server.
  expect(JSON.parse(request.postData()!)[0].audience).toEqual({ type: "search", search: { q: lastName } });
  await composerPage.close();

  // A new page of the same staff member: the send is there, whole, and finishes.
  const later = await context.newPage();
  await expect(async () => {
    const [row] = await sql<{ batches: number; messages: number; waiting: number; sent: number }[]>`
      select (select count(*)::int from send_batches b where b.id in (select batch_id from messages m2 where m2.body = ${body})) as batches,
             count(*)::int as messages,
             count(*) filter (where m.status in ('pending', 'sending'))::int as waiting,
             count(*) filter (where m.status = 'sent')::int as sent
      from messages m where m.body = ${body}`;
    expect(row).toEqual({ batches: 1, messages: COUNT, waiting: 0, sent: COUNT });
  }).toPass({ timeout: 180_000, intervals: [2000] });
  const [{ recipients }] = await sql<{ recipients: number }[]>`
    select count(distinct m.to_person_id)::int as recipients from messages m join persons p on p.id = m.to_person_id
    where m.body = ${body} and p.last_name = ${lastName} and m.channel = 'EMAIL'`;
  expect(recipients).toBe(COUNT);

  const [first] = await sql<{ id: string }[]>`select id from persons where last_name = ${lastName} and first_name = 'Closed0001'`;
  await later.goto(`/people/${first.id}/messages`);
  await expect(later.getByText(body)).toBeVisible();
  await context.close();
});
