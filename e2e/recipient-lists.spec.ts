import { expect, test } from "@playwright/test";
import { openE2eDatabase, uniqueLastName } from "./compose-data";
import { e2eDatabase } from "./database";

/*
 * Issue 16 item 2: a saved list, made from a People search, is the composer's audience. The
 * recipients have an email and no phone, so the send takes none of the month's texts.
 */

const people = openE2eDatabase();
const sql = e2eDatabase();
test.afterAll(async () => {
  await people.close();
  await sql.end({ timeout: 2 });
});

test.use({ storageState: "e2e/.auth/advisor.json" });

test("saves a search as a list, then sends to the list from its page", async ({ page }) => {
  test.setTimeout(120_000);
  const lastName = uniqueLastName("Listed");
  await people.createStudents(["Ada", "Bo", "Cal"].map((firstName) => ({ firstName, lastName, phone: false, email: true })));
  const listName = `Cohort ${lastName}`;

  await page.goto(`/people?q=${lastName}`);
  const selection = page.getByRole("region", { name: "Selection" });
  await selection.getByText("Save as a list…").click();
  await selection.getByLabel("List name").fill(listName);
  await selection.getByLabel("Share with colleagues").check();
  await selection.getByRole("button", { name: "Save all 3 matching as list" }).click();
  await expect(selection.getByText(`Saved “${listName}” with 3 people.`)).toBeVisible();
  const [stored] = await sql<{ id: string; shared: boolean; members: number }[]>`
    select l.id, l.shared, (select count(*)::int from recipient_list_members m where m.list_id = l.id) as members
    from recipient_lists l where l.name = ${listName}`;
  expect(stored).toMatchObject({ shared: true, members: 3 });

  await page.goto("/lists");
  const row = page.getByRole("table", { name: "Lists" }).getByRole("row", { name: new RegExp(listName) });
  await expect(row.getByRole("cell")).toHaveText(["You", "3", "With colleagues", `Message ${listName}`]);
  await row.getByRole("link", { name: listName }).click();
  await expect(page.getByRole("heading", { level: 1, name: listName })).toBeVisible();
  await expect(page.getByRole("table", { name: "Members" }).getByRole("rowheader")).toHaveText([`Ada ${lastName}`, `Bo ${lastName}`, `Cal ${lastName}`]);

  await page.getByRole("button", { name: "Message this list" }).click();
  const dialog = page.getByRole("dialog", { name: "New message" });
  await expect(dialog.getByText(`To: the list “${listName}” (3 people)`)).toBeVisible();
  const body = `For the list ${lastName}.`;
  await dialog.getByLabel("Message").fill(body);
  await dialog.getByRole("button", { name: "Review" }).click();
  await expect(page.locator('dl[aria-label="Delivery summary"] dt:text-is("Emails") + dd')).toHaveText("3");
  await dialog.getByRole("button", { name: "Send to 3 recipients" }).click();
  await expect(dialog.getByRole("heading", { name: "Sent" })).toBeVisible({ timeout: 60_000 });
  const [sent] = await sql<{ batches: number; messages: number }[]>`
    select count(distinct batch_id)::int as batches, count(*)::int as messages from messages where body = ${body}`;
  expect(sent).toEqual({ batches: 1, messages: 3 });

  // Removing a member changes who the next send goes to.
  await dialog.getByRole("button", { name: "Close" }).click();
  await page.getByRole("checkbox", { name: `Select Bo ${lastName}` }).check();
  await page.getByRole("button", { name: "Remove selected (1)" }).click();
  await expect(page.getByRole("table", { name: "Members" }).getByRole("rowheader")).toHaveText([`Ada ${lastName}`, `Cal ${lastName}`]);
});
