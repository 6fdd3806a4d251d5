import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { openE2eDatabase, uniqueLastName, type TestPerson } from "./compose-data";
import { e2eDatabase } from "./database";

/*
 * The reply box of a conversation (issue 15.6): staff not in Permitted Roles are refused the
 * whole send (SPEC §4.1), so they are told once, before typing, and cannot send; a permitted
 * advisor's box stays live. Both the new-conversation page and an existing thread.
 */

const db = openE2eDatabase();
const sql = e2eDatabase();
test.afterAll(async () => {
  await db.close();
  await sql.end({ timeout: 2 });
});

const NOT_PERMITTED = /^You aren't permitted to send texts: none of your roles is in Permitted Roles/;

/** A conversation of the staff member who signs in with `ownerEmail` with `student`, holding one text the student sent. */
async function conversationOf(ownerEmail: string, student: TestPerson, body: string): Promise<string> {
  const [c] = await sql<{ id: string }[]>`
    insert into conversations (institution_id, owner_person_id, counterpart_person_id, counterpart_number)
    select u.institution_id, u.person_id, ${student.id}, ${student.number} from users u where u.email = ${ownerEmail}
    returning id`;
  await sql`
    insert into messages (institution_id, conversation_id, channel, direction, status, from_person_id, to_person_id, from_address, body)
    select c.institution_id, c.id, 'SMS', 'INBOUND', 'received', c.counterpart_person_id, c.owner_person_id, c.counterpart_number, ${body}
    from conversations c where c.id = ${c.id}`;
  return c.id;
}

/** The reply box is disabled, and its one explanation is what Send and the field point at. */
async function expectToldOnceAndDisabled(page: Page, field: string) {
  const explanation = page.getByText(NOT_PERMITTED);
  await expect(explanation).toHaveCount(1);
  await expect(explanation).toBeVisible();
  await expect(page.getByLabel(field)).toBeDisabled();
  const send = page.getByRole("button", { name: "Send", exact: true });
  await expect(send).toBeDisabled();
  await expect(send).toHaveAccessibleDescription(NOT_PERMITTED);
  await expect(page.getByText(/SENDER_NOT_PERMITTED/)).toHaveCount(0);
  expect((await new AxeBuilder({ page }).include("main").analyze()).violations).toEqual([]);
}

test.describe("as faculty (not in Permitted Roles)", () => {
  test.use({ storageState: "e2e/.auth/faculty.json" });

  test("a new conversation: told once, before typing, and nothing can be sent", async ({ page }) => {
    const [student] = await db.createStudents([{ firstName: "Noor", lastName: uniqueLastName("Newthread"), phone: true, email: true }]);
    const before = await db.countMessagesFrom("faculty@northfield.edu");
    await page.goto(`/messages/with/${student.id}`);
    await expect(page.getByRole("heading", { level: 1, name: `Noor ${student.lastName}` })).toBeVisible();
    await expectToldOnceAndDisabled(page, `Message to Noor ${student.lastName}`);
    await expect(page.getByText("A new conversation: the first message goes by text when it can")).toHaveCount(0);
    expect(await db.countMessagesFrom("faculty@northfield.edu")).toBe(before);
  });

  test("an existing thread: the student's text shows, the reply box is told once and disabled", async ({ page }) => {
    const [student] = await db.createStudents([{ firstName: "Ivo", lastName: uniqueLastName("Oldthread"), phone: true, email: true }]);
    const id = await conversationOf("faculty@northfield.edu", student, "Is the lab report due Friday?");
    await page.goto(`/messages/${id}`);
    await expect(page.getByRole("log", { name: "Messages" }).getByText("Is the lab report due Friday?")).toBeVisible();
    await expectToldOnceAndDisabled(page, `Reply to Ivo ${student.lastName}`);
  });
});

test.describe("as a permitted advisor", () => {
  test.use({ storageState: "e2e/.auth/advisor.json" });

  test("the reply box is live, with no such notice, on a new conversation and an existing thread", async ({ page }) => {
    const [fresh, texting] = await db.createStudents([
      { firstName: "Pia", lastName: uniqueLastName("Freshthread"), phone: true, email: true },
      { firstName: "Raul", lastName: uniqueLastName("Livethread"), phone: true, email: true },
    ]);
    await page.goto(`/messages/with/${fresh.id}`);
    await page.getByLabel(`Message to Pia ${fresh.lastName}`).fill("Can we meet Tuesday?");
    await expect(page.getByRole("button", { name: "Send", exact: true })).toBeEnabled();
    await expect(page.getByText(NOT_PERMITTED)).toHaveCount(0);

    const id = await conversationOf("advisor@northfield.edu", texting, "Can I drop a class?");
    await page.goto(`/messages/${id}`);
    await expect(page.getByRole("log", { name: "Messages" }).getByText("Can I drop a class?")).toBeVisible();
    await page.getByLabel(`Reply to Raul ${texting.lastName}`).fill("Yes, until Friday.");
    await expect(page.getByRole("button", { name: "Send", exact: true })).toBeEnabled();
    await expect(page.getByText(NOT_PERMITTED)).toHaveCount(0);
  });
});
