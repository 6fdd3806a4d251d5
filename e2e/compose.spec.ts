import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { openE2eDatabase, uniqueLastName, type TestPerson } from "./compose-data";

/*
 * The composer (issue 3, items 7 and 10): write, review the decision per recipient, send, see
 * it go. A permitted advisor texts; faculty (not in Permitted Roles) cannot; a bulk send shows
 * its progress and a summary; a text that falls back to email lands in the Mail outbox.
 */

const db = openE2eDatabase();
test.afterAll(() => db.close());

function nationalFormat(e164: string) {
  return `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;
}

async function openPerson(page: Page, person: TestPerson) {
  await page.goto(`/people/${person.id}/profile`);
  await expect(page.getByRole("heading", { level: 1, name: `${person.firstName} ${person.lastName}` })).toBeVisible();
}

function summaryValue(page: Page, label: string, term: string) {
  return page.locator(`dl[aria-label="${label}"] dt:text-is("${term}") + dd`);
}

test.describe("as a permitted advisor", () => {
  test.use({ storageState: "e2e/.auth/advisor.json" });

  test("texts a student from their page, seeing the number first and the message after", async ({ page }) => {
    const [student] = await db.createStudents([{ firstName: "Tess", lastName: uniqueLastName("Texter"), phone: true, email: true }]);
    await openPerson(page, student);
    await page.getByRole("button", { name: "Send message" }).click();
    const dialog = page.getByRole("dialog", { name: "New message" });
    await expect(dialog.getByText(`To: Tess ${student.lastName}`)).toBeVisible();

    await dialog.getByLabel("Message").fill("Your advising appointment is Tuesday at 10.");
    await expect(dialog.getByText("43 / 1,000 characters · 1 SMS segment (GSM-7, 160 per segment)")).toBeVisible();
    await dialog.getByLabel("Message").fill("Café ☕ at 10?");
    await expect(dialog.getByText("13 / 1,000 characters · 1 SMS segment (UCS-2, 70 per segment)")).toBeVisible();
    await dialog.getByLabel("Message").fill("Your advising appointment is Tuesday at 10.");
    await dialog.getByRole("button", { name: "Review" }).click();

    const row = dialog.getByRole("table", { name: "Delivery per recipient" }).getByRole("row", { name: new RegExp(`Tess ${student.lastName}`) });
    await expect(row.getByRole("cell")).toHaveText(["Text", nationalFormat(student.number!), "SMS Enabled number (latest verified)"]);
    await expect(summaryValue(page, "Delivery summary", "Texts")).toHaveText("1");
    await expect(summaryValue(page, "Delivery summary", "Emails")).toHaveText("0");
    await expect(dialog.getByText(/Monthly texts left: [\d,]+ of 5,000/)).toBeVisible();
    expect((await new AxeBuilder({ page }).include("dialog").analyze()).violations).toEqual([]);

    await dialog.getByRole("button", { name: "Send to 1 recipient" }).click();
    await expect(dialog.getByRole("heading", { name: "Sent" })).toBeVisible({ timeout: 40_000 });
    await expect(summaryValue(page, "Send summary", "Texts")).toHaveText("1");
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toBeHidden();

    await page.getByRole("navigation", { name: "Person" }).getByRole("link", { name: "Messages" }).click();
    const message = page.getByRole("list", { name: "Messages" }).getByRole("listitem").first();
    await expect(message).toContainText("Your advising appointment is Tuesday at 10.");
    await expect(message).toContainText(`Text to ${nationalFormat(student.number!)} · from Alex Rivera`);
    await expect(message).toContainText(/Sent|Delivered|Queued/);
  });

  test("a student with no phone for texts gets the message by email, which lands in the Mail outbox", async ({ page, browser }) => {
    const [student] = await db.createStudents([{ firstName: "Erin", lastName: uniqueLastName("Mailer"), phone: false, email: true }]);
    await openPerson(page, student);
    await page.getByRole("button", { name: "Send message" }).click();
    const dialog = page.getByRole("dialog", { name: "New message" });
    await dialog.getByLabel("Message").fill("Financial aid forms are due Friday.");
    await dialog.getByRole("button", { name: "Review" }).click();
    const row = dialog.getByRole("table", { name: "Delivery per recipient" }).getByRole("row", { name: new RegExp(`Erin ${student.lastName}`) });
    await expect(row.getByRole("cell")).toHaveText(["Email", student.email!, "No phone number on record"]);
    await expect(row.getByRole("cell").last()).toHaveAttribute("title", "NO_SMS_NUMBER");
    await dialog.getByRole("button", { name: "Send to 1 recipient" }).click();
    await expect(dialog.getByRole("heading", { name: "Sent" })).toBeVisible({ timeout: 40_000 });
    await expect(summaryValue(page, "Send summary", "Emails")).toHaveText("1");

    const admin = await browser.newContext({ storageState: "e2e/.auth/admin.json" });
    const outbox = await admin.newPage();
    await expect(async () => {
      await outbox.goto("/admin/mail-outbox");
      await expect(outbox.getByRole("listitem").filter({ hasText: student.email! })).toHaveCount(1, { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    const mail = outbox.getByRole("listitem").filter({ hasText: student.email! });
    await expect(mail.getByRole("heading")).toHaveText("Message from Alex Rivera");
    await expect(mail).toContainText("advisor@northfield.edu");
    await mail.getByText("Message", { exact: true }).click();
    await expect(mail).toContainText("Financial aid forms are due Friday.");
    await admin.close();
  });

  test("selects 50 people on two pages of the list and sends to all, with a progress bar and a summary", async ({ page }) => {
    const lastName = uniqueLastName("Bulk");
    await db.createStudents(
      Array.from({ length: 50 }, (_, i) => ({ firstName: `Student${String(i + 1).padStart(2, "0")}`, lastName, phone: true, email: true })),
    );
    await page.goto("/people");
    const selection = page.getByRole("region", { name: "Selection" });
    if (await selection.getByRole("button", { name: "Clear selection" }).isEnabled()) await selection.getByRole("button", { name: "Clear selection" }).click();
    await page.getByLabel("Search by name, ID, email or phone").fill(lastName);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(new RegExp(`q=${lastName}`));
    const grid = page.getByRole("table", { name: "People" });
    await expect(grid.getByRole("rowheader").first()).toHaveText(`${lastName}, Student01`);
    await expect(grid.getByRole("rowheader")).toHaveCount(25);
    await selection.getByRole("button", { name: "Select all on this page" }).click();
    await expect(selection.getByText("25 selected.")).toBeVisible();
    await page.getByRole("link", { name: "Next" }).click();
    await expect(grid.getByRole("rowheader").first()).toHaveText(`${lastName}, Student26`);
    await expect(grid.getByRole("rowheader")).toHaveCount(25);
    await selection.getByRole("button", { name: "Select all on this page" }).click();
    await expect(selection.getByText("50 selected.")).toBeVisible();
    await expect(grid.getByRole("checkbox", { name: `Select Student50 ${lastName}` })).toBeChecked();

    await selection.getByRole("button", { name: "Message selected (50)" }).click();
    const dialog = page.getByRole("dialog", { name: "New message" });
    await dialog.getByLabel("Message").fill("Classes are cancelled today because of snow.");
    await dialog.getByRole("button", { name: "Review" }).click();
    await expect(summaryValue(page, "Delivery summary", "Texts")).toHaveText("50");
    await expect(dialog.getByRole("table", { name: "Delivery per recipient" }).getByRole("rowheader")).toHaveCount(50);

    await dialog.getByRole("button", { name: "Send to 50 recipients" }).click();
    const bar = dialog.getByRole("progressbar", { name: "Sending to 50 recipients…" });
    await expect(bar).toBeVisible();
    await expect(bar).toHaveAttribute("aria-valuemax", "50");
    await expect(dialog.getByRole("heading", { name: "Sent" })).toBeVisible({ timeout: 60_000 });
    await expect(summaryValue(page, "Send summary", "Texts")).toHaveText("50");
    await expect(summaryValue(page, "Send summary", "Emails")).toHaveText("0");
    await expect(summaryValue(page, "Send summary", "Not delivered")).toHaveText("0");
  });

  test("reviews a message to their whole caseload, and to a colleague's from the colleague's page", async ({ page }) => {
    await page.goto("/people");
    await page.getByRole("region", { name: "Selection" }).getByRole("button", { name: "Message my caseload (20)" }).click();
    const dialog = page.getByRole("dialog", { name: "New message" });
    await expect(dialog.getByText("To: your caseload (20 students)")).toBeVisible();
    await dialog.getByLabel("Message").fill("Welcome back!");
    await dialog.getByRole("button", { name: "Review" }).click();
    await expect(dialog.getByRole("table", { name: "Delivery per recipient" }).getByRole("rowheader")).toHaveCount(20);
    await expect(dialog.getByRole("table", { name: "Delivery per recipient" }).getByRole("row", { name: /Owen Price/ }).getByRole("cell").first()).toHaveText("Not delivered");
    await dialog.getByRole("button", { name: "Edit message" }).click();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();

    await page.goto("/people?q=morgan+lee");
    await page.getByRole("link", { name: "Lee, Morgan" }).click();
    await expect(page.getByRole("button", { name: /^Message caseload \(\d+\)$/ })).toBeVisible();
  });
});

test.describe("as faculty (not in Permitted Roles)", () => {
  test.use({ storageState: "e2e/.auth/faculty.json" });

  test("is told once, before typing, that they may not text; nothing can be sent (issue 15.6)", async ({ page }) => {
    const [student] = await db.createStudents([{ firstName: "Nia", lastName: uniqueLastName("Nottexted"), phone: true, email: true }]);
    const before = await db.countMessagesFrom("faculty@northfield.edu");
    await openPerson(page, student);
    await page.getByRole("button", { name: "Send message" }).click();
    const dialog = page.getByRole("dialog", { name: "New message" });
    const explanation = dialog.getByText(/^You aren't permitted to send texts: none of your roles is in Permitted Roles/);
    await expect(explanation).toHaveCount(1);
    await expect(explanation).toBeVisible();
    await expect(dialog.getByLabel("Message")).toBeDisabled();
    const review = dialog.getByRole("button", { name: "Review" });
    await expect(review).toBeDisabled();
    await expect(review).toHaveAccessibleDescription(/You aren't permitted to send texts/);
    await expect(dialog.getByText(/SENDER_NOT_PERMITTED/)).toHaveCount(0);
    expect(await db.countMessagesFrom("faculty@northfield.edu")).toBe(before);
  });
});
