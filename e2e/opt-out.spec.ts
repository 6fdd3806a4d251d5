import { expect, test } from "@playwright/test";
import { openE2eDatabase, uniqueLastName } from "./compose-data";

/*
 * Issue 15.5: an opt-out is visible where advisors look. A student texts STOP from the handset
 * simulator (the signed inbound webhook, as Twilio would post it); then the person's header says
 * "Opted out of texts — texted STOP on <date>", the People list's Texts filter finds them (and
 * not a classmate who still takes texts), and the composer's Review names the cause of the email.
 */

const db = openE2eDatabase();
test.afterAll(() => db.close());

test("after a student texts STOP: the header says so with the date, the People filter finds them, Review says 'Opted out of texts'", async ({ browser }) => {
  test.setTimeout(90_000);
  const lastName = uniqueLastName("Stopper");
  const [student, classmate] = await db.createStudents([
    { firstName: "Olive", lastName, phone: true, email: true },
    { firstName: "Theo", lastName, phone: true, email: true },
  ]);

  // Olive's phone texts STOP to one of Northfield's numbers.
  const admin = await (await browser.newContext({ storageState: "e2e/.auth/admin.json" })).newPage();
  await admin.goto(`/dev/handset?q=${encodeURIComponent(`Olive ${lastName}`)}`);
  await admin.getByRole("list", { name: "Phones" }).getByRole("link", { name: new RegExp(`Olive ${lastName}`) }).click();
  await expect(admin.getByRole("heading", { name: /^Phone / })).toBeVisible();
  await admin.getByRole("button", { name: "Text STOP" }).click();
  await expect(admin.getByText('Texted "STOP". Twilio answered it itself.')).toBeVisible();
  const today = new Intl.DateTimeFormat("en-US", { timeZone: "America/Chicago", dateStyle: "medium" }).format(new Date());

  const advisor = await (await browser.newContext({ storageState: "e2e/.auth/advisor.json" })).newPage();
  // The person's header.
  await advisor.goto(`/people/${student.id}/profile`);
  await expect(advisor.getByRole("heading", { level: 1, name: `Olive ${lastName}` })).toBeVisible();
  await expect(advisor.getByText(`Opted out of texts — texted STOP on ${today}`)).toBeVisible();
  await advisor.goto(`/people/${classmate.id}/profile`);
  await expect(advisor.getByRole("heading", { level: 1, name: `Theo ${lastName}` })).toBeVisible();
  await expect(advisor.getByText(/Opted out of texts/)).toHaveCount(0);

  // The People list: both match the name; the Texts filter keeps only Olive.
  await advisor.goto(`/people?q=${lastName}`);
  const people = advisor.getByRole("table", { name: "People" });
  await expect(people.getByRole("link", { name: new RegExp(lastName) })).toHaveCount(2);
  await advisor.getByLabel("Texts").selectOption({ label: "Opted out (texted STOP)" });
  await advisor.getByRole("button", { name: "Search" }).click();
  await expect(advisor).toHaveURL(/sms=opted-out/);
  await expect(people.getByRole("link", { name: new RegExp(lastName) })).toHaveCount(1);
  await expect(people.getByRole("link", { name: `${lastName}, Olive` })).toBeVisible();

  // The composer's Review: Olive by email because she opted out; Theo by text.
  await advisor.goto(`/people/${student.id}/profile`);
  await advisor.getByRole("button", { name: "Send message" }).click();
  const dialog = advisor.getByRole("dialog", { name: "New message" });
  await dialog.getByLabel("Message").fill("Registration opens Monday.");
  await dialog.getByRole("button", { name: "Review" }).click();
  const row = dialog.getByRole("table", { name: "Delivery per recipient" }).getByRole("row", { name: new RegExp(`Olive ${lastName}`) });
  await expect(row.getByRole("cell")).toHaveText(["Email", student.email!, "Opted out of texts (texted STOP)"]);
  await expect(row.getByRole("cell").last()).toHaveAttribute("title", "NO_SMS_NUMBER");
});
