import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { openE2eDatabase, uniqueLastName, type TestPerson } from "./compose-data";
import { e2eDatabase } from "./database";

/*
 * Issue 15 item 9: after a bulk send, who got a text, who an email and who nothing, with why;
 * each name opens the conversation; a link opens the Message Report filtered to exactly that
 * send; "Email those whose text failed" emails each failed text once. The simulated Twilio
 * rejects +15005550001 (21211) and reports +15005550005 undelivered (30005).
 */

const people = openE2eDatabase();
const sql = e2eDatabase();
test.afterAll(async () => {
  await people.close();
  await sql.end({ timeout: 2 });
});

test.use({ storageState: "e2e/.auth/advisor.json" });

async function setNumber(person: TestPerson, number: string) {
  await sql`update person_phones set number = ${number} where person_id = ${person.id}`;
}

function outcomeTable(page: Page, caption: string) {
  return page.getByRole("dialog", { name: "New message" }).getByRole("table", { name: caption, exact: true });
}

async function batchIdsOf(person: TestPerson): Promise<string[]> {
  const rows = await sql<{ batch_id: string }[]>`select distinct batch_id from messages where to_person_id = ${person.id} and batch_id is not null`;
  return rows.map((r) => r.batch_id);
}

test("after a send: who got a text, an email or nothing and why; the send's report; emailing those whose text failed", async ({ page }) => {
  test.setTimeout(150_000);
  const lastName = uniqueLastName("Results");
  const [delivered, rejected, unknownHandset, emailOnly, nowhere] = await people.createStudents([
    { firstName: "Dora", lastName, phone: true, email: true },
    { firstName: "Ivan", lastName, phone: true, email: true },
    { firstName: "Hana", lastName, phone: true, email: true },
    { firstName: "Emil", lastName, phone: false, email: true },
    { firstName: "Nora", lastName, phone: false, email: false },
  ]);
  await setNumber(rejected, "+15005550001");
  await setNumber(unknownHandset, "+15005550005");

  await page.goto(`/people?q=${lastName}`);
  const selection = page.getByRole("region", { name: "Selection" });
  if (await selection.getByRole("button", { name: "Clear selection" }).isEnabled()) await selection.getByRole("button", { name: "Clear selection" }).click();
  await expect(page.getByRole("table", { name: "People" }).getByRole("rowheader")).toHaveCount(5);
  await selection.getByRole("button", { name: "Select all on this page" }).click();
  await selection.getByRole("button", { name: "Message selected (5)" }).click();
  const dialog = page.getByRole("dialog", { name: "New message" });
  await dialog.getByLabel("Message").fill("Advising week: book your slot.");
  await dialog.getByRole("button", { name: "Review" }).click();
  await dialog.getByRole("button", { name: "Send to 5 recipients" }).click();
  await expect(dialog.getByRole("heading", { name: "Who got what" })).toBeVisible({ timeout: 60_000 });

  // Statuses arrive after the hand-over (30005 comes with a later callback): the list follows them.
  await expect(dialog.getByRole("heading", { name: "Got a text (1)" })).toBeVisible({ timeout: 60_000 });
  await expect(dialog.getByRole("heading", { name: "Got an email (3)" })).toBeVisible({ timeout: 60_000 });
  await expect(dialog.getByRole("heading", { name: "Got nothing (1)" })).toBeVisible();
  await expect(outcomeTable(page, "Got a text").getByRole("row", { name: /Dora/ }).getByRole("cell")).toHaveText(
    [`(${delivered.number!.slice(2, 5)}) ${delivered.number!.slice(5, 8)}-${delivered.number!.slice(8)}`, /^(Delivered|Sent)$/],
    { timeout: 30_000 },
  );
  const emails = outcomeTable(page, "Got an email");
  await expect(emails.getByRole("rowheader")).toHaveText([`Emil ${lastName}`, `Hana ${lastName}`, `Ivan ${lastName}`]);
  await expect(emails.getByRole("row", { name: /Emil/ }).getByRole("cell")).toHaveText([emailOnly.email!, "No phone that takes texts"]);
  await expect(emails.getByRole("row", { name: /Hana/ }).getByRole("cell")).toHaveText([
    unknownHandset.email!,
    "Text undelivered: number no longer in service — emailed instead",
  ]);
  await expect(emails.getByRole("row", { name: /Ivan/ }).getByRole("cell")).toHaveText([
    rejected.email!,
    "Text failed: not a valid mobile number — emailed instead",
  ]);
  await expect(outcomeTable(page, "Got nothing").getByRole("row", { name: /Nora/ }).getByRole("cell")).toHaveText([
    "—",
    "No phone that takes texts, and no email either",
  ]);
  expect((await new AxeBuilder({ page }).include("dialog").analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  const [conversation] = await sql<{ id: string }[]>`select conversation_id as id from messages where to_person_id = ${delivered.id} and channel = 'SMS'`;
  await expect(outcomeTable(page, "Got a text").getByRole("link", { name: `Dora ${lastName}` })).toHaveAttribute("href", `/messages/${conversation.id}`);

  // Twilio cancels Dora's text (it can, while queued): no failure, so no email — until the button.
  const [doraText] = await sql<{ id: string }[]>`update messages set status = 'canceled' where to_person_id = ${delivered.id} and channel = 'SMS' returning id`;
  const fallbackEmails = async () =>
    (await sql<{ n: number }[]>`select count(*)::int as n from messages m join messages t on t.id = m.fallback_for_message_id
      where t.to_person_id in ${sql([delivered.id, rejected.id, unknownHandset.id])} and m.channel = 'EMAIL'`)[0].n;
  expect(await fallbackEmails()).toBe(2);
  await dialog.getByRole("button", { name: "Email those whose text failed" }).click();
  await expect(dialog.getByText("Emailed 1 whose text failed.")).toBeVisible();
  expect(await fallbackEmails()).toBe(3);
  const [doraEmail] = await sql<{ to_address: string; body: string }[]>`select to_address, body from messages where fallback_for_message_id = ${doraText.id}`;
  expect(doraEmail).toEqual({ to_address: delivered.email, body: "Advising week: book your slot." });
  await expect(dialog.getByRole("heading", { name: "Got an email (4)" })).toBeVisible();
  await expect(emails.getByRole("row", { name: /Dora/ }).getByRole("cell").last()).toHaveText("Text canceled — emailed instead");

  await dialog.getByRole("button", { name: "Email those whose text failed" }).click();
  await expect(dialog.getByText("No one else to email: everyone whose text failed has been emailed already.")).toBeVisible();
  expect(await fallbackEmails()).toBe(3);

  // The report, filtered to exactly this send: its 5 messages and the 3 emails that replaced failed texts.
  const batchIds = await batchIdsOf(delivered);
  await dialog.getByRole("link", { name: "See this send in the Message Report" }).click();
  await expect(page).toHaveURL(new RegExp(`batch=${batchIds.join(",")}`));
  await expect(page.getByText("Showing the messages of one send only.")).toBeVisible();
  const [sent] = await sql<{ n: number }[]>`select count(*)::int as n from messages where batch_id in ${sql(batchIds)}`;
  expect(sent.n).toBe(8);
  const grid = page.getByRole("table", { name: "Messages, newest first" });
  await expect(grid.getByRole("rowheader")).toHaveCount(8);
  await expect(grid.getByRole("row").filter({ hasText: lastName })).toHaveCount(8);
});
