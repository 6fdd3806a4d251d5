import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { openE2eDatabase, uniqueLastName, type TestPerson } from "./compose-data";
import { e2eDatabase } from "./database";

/*
 * Issue 15 item 11, the inbox: search by name, number or message text, an "Unread only"
 * filter, and the count of conversations with unread replies on the navigation's Messages link,
 * updated as the advisor moves between pages.
 */

const people = openE2eDatabase();
const sql = e2eDatabase();
test.afterAll(async () => {
  await people.close();
  await sql.end({ timeout: 2 });
});

test.use({ storageState: "e2e/.auth/advisor.json" });

/** A conversation of the advisor with `student`: a text from the advisor, then the student's reply, unread. */
async function conversationWithReply(student: TestPerson, sent: string, reply: string) {
  const [advisor] = await sql<{ person_id: string; institution_id: string }[]>`
    select u.person_id, u.institution_id from users u where u.email = 'advisor@northfield.edu'`;
  const [c] = await sql<{ id: string }[]>`
    insert into conversations (institution_id, owner_person_id, counterpart_person_id, counterpart_number)
    values (${advisor.institution_id}, ${advisor.person_id}, ${student.id}, ${student.number}) returning id`;
  await sql`
    insert into messages (institution_id, conversation_id, channel, direction, status, from_person_id, to_person_id, from_address, to_address, body, created_at)
    values (${advisor.institution_id}, ${c.id}, 'SMS', 'OUTBOUND', 'delivered', ${advisor.person_id}, ${student.id}, null, ${student.number}, ${sent}, now() - interval '2 minutes'),
           (${advisor.institution_id}, ${c.id}, 'SMS', 'INBOUND', 'received', ${student.id}, ${advisor.person_id}, ${student.number}, null, ${reply}, now() - interval '1 minute')`;
  return c.id;
}

function messagesLink(page: Page) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Messages/ });
}

/** The number on the Messages link (0 when there is no badge). */
async function badgeCount(page: Page): Promise<number> {
  const text = (await messagesLink(page).textContent()) ?? "";
  const match = /Messages\s*([\d,]+)/.exec(text);
  return match ? Number(match[1].replace(/,/g, "")) : 0;
}

test("searches conversations by name, number and message, filters unread, and counts unread on the nav", async ({ page }) => {
  await page.goto("/people");
  const before = await badgeCount(page);

  const tag = uniqueLastName("kw");
  const [ana, ben] = await people.createStudents([
    { firstName: "Ana", lastName: uniqueLastName("Inbox"), phone: true, email: true },
    { firstName: "Ben", lastName: uniqueLastName("Inbox"), phone: true, email: true },
  ]);
  const anaConversation = await conversationWithReply(ana, `Reminder ${tag}: advising week`, "See you Tuesday");
  await conversationWithReply(ben, "Your hold is cleared", `Thanks! ${tag}`);

  // Moving to another page updates the badge, without a reload.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Messages/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Messages" })).toBeVisible();
  await expect(messagesLink(page)).toHaveText(`Messages${before + 2} unread conversations`);

  const list = page.getByRole("table", { name: "Conversations" });
  const search = page.getByLabel("Search by name, number or message");

  await search.fill(tag);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(list.getByRole("rowheader")).toHaveText([`Ben ${ben.lastName}`, `Ana ${ana.lastName}`]);
  expect((await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);

  await search.fill(ana.lastName);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(list.getByRole("rowheader")).toHaveText([`Ana ${ana.lastName}`]);

  const national = `(${ben.number!.slice(2, 5)}) ${ben.number!.slice(5, 8)}-${ben.number!.slice(8)}`;
  await search.fill(national);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(list.getByRole("rowheader")).toHaveText([`Ben ${ben.lastName}`]);

  await search.fill("no conversation says this");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("No conversations match.")).toBeVisible();

  // Reading Ana's conversation: one fewer unread, on the badge and in the Unread filter.
  await page.goto(`/messages/${anaConversation}`);
  await expect(page.getByText("See you Tuesday")).toBeVisible();
  await expect.poll(async () => (await sql`select owner_last_read_at from conversations where id = ${anaConversation}`)[0].owner_last_read_at).not.toBeNull();
  await messagesLink(page).click();
  await expect(page.getByRole("heading", { level: 1, name: "Messages" })).toBeVisible();
  await expect(messagesLink(page)).toHaveText(`Messages${before + 1} unread conversations`);

  await search.fill(tag);
  await page.getByLabel("Show").selectOption("Unread only");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/show=unread/);
  await expect(list.getByRole("rowheader")).toHaveText([`Ben ${ben.lastName}`]);
  await page.getByLabel("Show").selectOption("All conversations");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(list.getByRole("rowheader")).toHaveText([`Ben ${ben.lastName}`, `Ana ${ana.lastName}`]);
});
