import { expect, test } from "@playwright/test";
import { openE2eDatabase, uniqueLastName } from "./compose-data";
import { e2eDatabase } from "./database";

/*
 * Issue 15.13: the handset simulator's "To" defaults to the system number that last texted the
 * chosen phone — also when that text arrives while the handset is open.
 */

const db = openE2eDatabase();
test.afterAll(() => db.close());

async function heldNumber(email: string): Promise<string> {
  const sql = e2eDatabase();
  try {
    const [row] = await sql<{ number: string }[]>`
      select n.number from system_number_assignments a
      join system_numbers n on n.id = a.system_number_id
      join users u on u.id = a.user_id
      where u.email = ${email} and a.released_at is null`;
    return row.number;
  } finally {
    await sql.end({ timeout: 2 });
  }
}

test("'To' is the number that last texted the phone, when the text arrives while the handset is open and after a reload", async ({ browser }) => {
  test.setTimeout(90_000);
  const lastName = uniqueLastName("Handset");
  const [student] = await db.createStudents([{ firstName: "Hana", lastName, phone: true, email: true }]);

  // The admin opens Hana's phone before anyone has texted it.
  const handset = await (await browser.newContext({ storageState: "e2e/.auth/admin.json" })).newPage();
  await handset.goto(`/dev/handset?q=${encodeURIComponent(`Hana ${lastName}`)}`);
  await handset.getByRole("list", { name: "Phones" }).getByRole("link", { name: new RegExp(`Hana ${lastName}`) }).click();
  await expect(handset.getByRole("heading", { name: /^Phone / })).toBeVisible();
  const to = handset.getByLabel("To system number");
  await expect(to).toBeVisible();

  // The advisor texts Hana.
  const advisor = await (await browser.newContext({ storageState: "e2e/.auth/advisor.json" })).newPage();
  await advisor.goto(`/messages/with/${student.id}`);
  await advisor.getByLabel(`Message to Hana ${lastName}`).fill("Hi Hana, your hold is cleared.");
  await advisor.getByRole("button", { name: "Send" }).click();
  await expect(advisor).toHaveURL(/\/messages\/[0-9a-f-]{36}$/);
  const alexNumber = await heldNumber("advisor@northfield.edu");

  // The open handset shows the text and now answers Alex's number.
  await expect(handset.getByRole("log", { name: "Texts on this phone" }).getByText("Hi Hana, your hold is cleared.")).toBeVisible({ timeout: 30_000 });
  await expect(to).toHaveValue(alexNumber);
  await handset.reload();
  await expect(handset.getByLabel("To system number")).toHaveValue(alexNumber);
});
