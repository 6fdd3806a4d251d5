import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { openE2eDatabase, uniqueLastName } from "./compose-data";
import { e2eDatabase } from "./database";

/*
 * Templates, saved replies and merge fields (issue 17, SPEC §10): a saved reply inserted with
 * "/" and its name, its merge field filled for the recipient; a send refused for an empty field
 * with no fallback, fixed with one click, then sent; shared templates for administrators.
 */

const db = openE2eDatabase();
const sql = e2eDatabase();
test.afterAll(async () => {
  await db.close();
  await sql.end({ timeout: 2 });
});

test.describe("as a permitted advisor", () => {
  test.use({ storageState: "e2e/.auth/advisor.json" });

  test("saves a reply, then inserts it with / in a new conversation, filled in for the student", async ({ page }) => {
    const [student] = await db.createStudents([{ firstName: "Zoë", lastName: uniqueLastName("Slash"), phone: true, email: true }]);
    const name = `see-you-${student.lastName.slice(-6).toLowerCase()}`;

    await page.goto("/templates");
    await expect(page.getByRole("heading", { level: 1, name: "Templates" })).toBeVisible();
    await page.getByRole("button", { name: "New template" }).click();
    const form = page.getByRole("dialog", { name: "New template" });
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Text", { exact: true }).fill("Thanks {{firstName}}, see you Tuesday at 3.");
    await expect(form.getByText("Filled in for each recipient:")).toBeVisible();
    await form.getByRole("button", { name: "Save template" }).click();
    await expect(form).toBeHidden();
    await expect(page.getByRole("table", { name: "My saved replies" }).getByRole("row", { name: new RegExp(name) })).toContainText("Thanks {{firstName}}, see you Tuesday at 3.");

    await page.goto(`/messages/with/${student.id}`);
    const box = page.getByLabel(`Message to Zoë ${student.lastName}`);
    await box.click();
    await box.pressSequentially(`/${name.slice(0, 10)}`);
    const menu = page.getByRole("listbox", { name: "Templates" });
    await expect(menu.getByRole("option", { name: new RegExp(name) })).toBeVisible();
    await box.press("Enter");
    await expect(menu).toBeHidden();
    await expect(box).toHaveValue("Thanks {{firstName}}, see you Tuesday at 3.");
    await page.getByRole("button", { name: "Send", exact: true }).click();

    await expect(page).toHaveURL(/\/messages\/[0-9a-f-]{36}$/);
    await expect(page.getByText("Thanks Zoë, see you Tuesday at 3.")).toBeVisible();
    const [stored] = await sql<{ body: string; template: string | null }[]>`
      select m.body, t.name as template from messages m left join message_templates t on t.id = m.template_id
      where m.to_person_id = ${student.id}`;
    expect(stored).toEqual({ body: "Thanks Zoë, see you Tuesday at 3.", template: name });
  });

  test("a send with an empty field and no fallback is refused at Review, naming the student; one click adds a fallback, then it goes", async ({ page }) => {
    const [noNickname] = await db.createStudents([{ firstName: "Ana", lastName: uniqueLastName("Fallback"), phone: true, email: true }]);
    const before = await db.countMessagesFrom("advisor@northfield.edu");

    await page.goto(`/people/${noNickname.id}/profile`);
    await page.getByRole("button", { name: "Send message" }).click();
    const dialog = page.getByRole("dialog", { name: "New message" });
    await dialog.getByLabel("Message").fill("Hi {{preferredName}}, your advising hold is cleared.");
    await dialog.getByRole("button", { name: "Review" }).click();

    const refusal = dialog.getByText(/would be empty for 1 recipient, with no\s+fallback/);
    await expect(refusal).toBeVisible();
    await expect(dialog.getByRole("list", { name: "Recipients with an empty field" })).toContainText(`Ana ${noNickname.lastName}`);
    await expect(dialog.getByRole("button", { name: "Send to 1 recipient" })).toBeDisabled();
    expect((await new AxeBuilder({ page }).include("dialog").analyze()).violations).toEqual([]);
    expect(await db.countMessagesFrom("advisor@northfield.edu")).toBe(before);

    await dialog.getByRole("button", { name: "Use a fallback" }).click();
    await expect(refusal).toBeHidden();
    await expect(dialog.getByText("Hi {{preferredName|there}}, your advising hold is cleared.")).toBeVisible();
    const row = dialog.getByRole("table", { name: "Delivery per recipient" }).getByRole("row", { name: new RegExp(`Ana ${noNickname.lastName}`) });
    await expect(row).toContainText("Hi there, your advising hold is cleared.");
    await dialog.getByRole("button", { name: "Send to 1 recipient" }).click();
    await expect(dialog.getByRole("heading", { name: "Sent" })).toBeVisible({ timeout: 40_000 });

    const [stored] = await sql<{ body: string }[]>`select body from messages where to_person_id = ${noNickname.id}`;
    expect(stored.body).toBe("Hi there, your advising hold is cleared.");
    expect(await db.countMessagesFrom("advisor@northfield.edu")).toBe(before + 1);
  });
});

test.describe("as an administrator", () => {
  test.use({ storageState: "e2e/.auth/admin.json" });

  test("manages shared templates: the demo's are listed, an unknown field is refused by name", async ({ page }) => {
    await page.goto("/admin/messaging/templates");
    const table = page.getByRole("table", { name: "Shared templates" });
    for (const name of ["Registration reminder", "Advising appointment", "FAFSA deadline"]) await expect(table.getByRole("row", { name: new RegExp(name) })).toBeVisible();
    await page.getByRole("button", { name: "New template" }).click();
    const form = page.getByRole("dialog", { name: "New template" });
    await form.getByLabel("Name").fill(`Orientation ${uniqueLastName("x")}`);
    await form.getByLabel("Text", { exact: true }).fill("Hi {{firstname}}, orientation is on {{orientationDate}}.");
    await expect(form.getByText('Unknown merge field {{orientationDate}} ("orientationDate").', { exact: false }).first()).toBeVisible();
    await form.getByRole("button", { name: "Save template" }).click();
    await expect(form.locator("#" + (await form.getByLabel("Text", { exact: true }).getAttribute("id")) + "-error")).toContainText('Unknown merge field {{orientationDate}} ("orientationDate").');
    await form.getByLabel("Text", { exact: true }).fill("Hi {{firstname}}, orientation is on Monday.");
    await form.getByRole("button", { name: "Save template" }).click();
    await expect(form).toBeHidden();
    await expect(page.getByRole("table", { name: "Template change history" })).toContainText("Created");
    expect((await new AxeBuilder({ page }).include("main").analyze()).violations).toEqual([]);
  });
});
