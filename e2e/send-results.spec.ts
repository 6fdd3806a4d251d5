import { expect, test } from "@playwright/test";
import { openE2eDatabase, uniqueLastName } from "./compose-data";
import { e2eDatabase } from "./database";

/*
 * Issue 18 items 1 and "Done when" (a follow-up to non-responders): an advisor texts three
 * students; the simulated Twilio delivers two and reports the third (+15005550010) undelivered
 * with 30003; one student answers from the handset simulator (the signed inbound webhook). The
 * send's results page shows exactly that, and "Text those who didn't reply" opens the composer
 * with exactly the other two, whose Send makes a new send to them alone.
 */

const people = openE2eDatabase();
const sql = e2eDatabase();
test.afterAll(async () => {
  await people.close();
  await sql.end({ timeout: 2 });
});

test("a send's results: exact figures after a failure and a reply; following up with those who didn't reply", async ({ browser }) => {
  test.setTimeout(150_000);
  const lastName = uniqueLastName("Follow");
  const [ada, ben, cal] = await people.createStudents([
    { firstName: "Ada", lastName, phone: true, email: true },
    { firstName: "Ben", lastName, phone: true, email: true },
    { firstName: "Cal", lastName, phone: true, email: true },
  ]);
  await sql`update person_phones set number = '+15005550010' where person_id = ${cal.id}`;

  const advisor = await (await browser.newContext({ storageState: "e2e/.auth/advisor.json" })).newPage();
  await advisor.goto(`/people?q=${lastName}`);
  const selection = advisor.getByRole("region", { name: "Selection" });
  if (await selection.getByRole("button", { name: "Clear selection" }).isEnabled()) await selection.getByRole("button", { name: "Clear selection" }).click();
  await expect(advisor.getByRole("table", { name: "People" }).getByRole("rowheader")).toHaveCount(3);
  await selection.getByRole("button", { name: "Select all on this page" }).click();
  await selection.getByRole("button", { name: "Message selected (3)" }).click();
  let dialog = advisor.getByRole("dialog", { name: "New message" });
  await dialog.getByLabel("Message").fill("Registration closes Friday: reply if you need help.");
  await dialog.getByRole("button", { name: "Review" }).click();
  await dialog.getByRole("button", { name: "Send to 3 recipients" }).click();
  await expect(dialog.getByRole("heading", { name: "Who got what" })).toBeVisible({ timeout: 60_000 });
  const [first] = await sql<{ batch_id: string }[]>`select batch_id from messages where to_person_id = ${ada.id} and batch_id is not null`;

  // Wait for Twilio's final statuses (the simulator's callbacks) before Ada answers.
  await expect
    .poll(async () => (await sql<{ n: number }[]>`select count(*)::int as n from messages where batch_id = ${first.batch_id} and status in ('delivered', 'undelivered')`)[0].n, { timeout: 60_000 })
    .toBe(3);
  const handset = await (await browser.newContext({ storageState: "e2e/.auth/admin.json" })).newPage();
  await handset.goto(`/dev/handset?q=${encodeURIComponent(`Ada ${lastName}`)}`);
  await handset.getByRole("list", { name: "Phones" }).getByRole("link", { name: new RegExp(`Ada ${lastName}`) }).click();
  await handset.getByLabel("Text", { exact: true }).fill("Yes please, can we talk Thursday?");
  await handset.getByRole("button", { name: "Send text" }).click();
  await expect(handset.getByText('Texted "Yes please, can we talk Thursday?"')).toBeVisible();

  await dialog.getByRole("link", { name: "See the results of this send" }).click();
  await expect(advisor).toHaveURL(`/sends/${first.batch_id}`);
  await expect(advisor.getByRole("heading", { level: 1, name: "Results of a send" })).toBeVisible();
  const figure = (name: string) => advisor.getByRole("group", { name, exact: true }).getByRole("definition");
  await expect(figure("Delivered")).toHaveText(["66.7 %", "2 of 3 texts"], { timeout: 30_000 });
  await expect(figure("Failed")).toHaveText(["1", "33.3 % of 3 texts; by reason below"]);
  await expect(figure("Replied within 24 h")).toHaveText(["33.3 %", "1 of 3 texts"]);
  await expect(figure("Opted out after it")).toHaveText(["0 %", "0 of 3 texts"]);
  await expect(figure("Median time to your first answer")).toHaveText(["—", "No reply answered by text yet."]);
  await expect(figure("Emails")).toHaveText(["1", "1 in place of a failed text"]);
  await expect(advisor.getByRole("table", { name: "Failed texts by reason" }).getByRole("row").nth(1)).toHaveText(/Phone unreachable \(off or out of signal\) \(Twilio 30003\)\s*1/);
  await expect(advisor.getByRole("application", { name: "Delivery over time" })).toBeVisible();
  const recipients = advisor.getByRole("table", { name: "Recipients of the send" });
  await expect(recipients.getByRole("rowheader")).toHaveText([`Ada ${lastName}`, `Ben ${lastName}`, `Cal ${lastName}`]);

  // Follow up: the composer opens with exactly Ben and Cal; Send makes a new send to them alone.
  await advisor.getByRole("button", { name: "Text those who didn't reply (2)" }).click();
  dialog = advisor.getByRole("dialog", { name: "New message" });
  await expect(dialog.getByText("To: those who didn't reply to this send (2 people)")).toBeVisible();
  await dialog.getByLabel("Message").fill("Last call: registration closes Friday.");
  await dialog.getByRole("button", { name: "Review" }).click();
  await expect(dialog.getByRole("table", { name: "Delivery per recipient" }).getByRole("rowheader")).toHaveText([`Ben ${lastName}`, `Cal ${lastName}`]);
  await dialog.getByRole("button", { name: "Send to 2 recipients" }).click();
  await expect(dialog.getByRole("heading", { name: "Who got what" })).toBeVisible({ timeout: 60_000 });
  const sends = await sql<{ batch_id: string; to_person_id: string }[]>`
    select batch_id, to_person_id from messages
    where body = 'Last call: registration closes Friday.' and fallback_for_message_id is null order by to_person_id`;
  expect(new Set(sends.map((s) => s.batch_id)).size).toBe(1);
  expect(sends[0].batch_id).not.toBe(first.batch_id);
  expect(sends.map((s) => s.to_person_id)).toEqual([ben.id, cal.id].sort());
});
