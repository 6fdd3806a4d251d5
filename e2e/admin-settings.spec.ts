import { randomInt } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { e2eDatabase } from "./database";

/*
 * Administration (issue 5, items 1–2): SMS Configuration's three tabs and Application. The
 * operator edits the two limits, administrators see them read-only; an administrator saves
 * General Settings, removes a number assignment after confirming, edits smsMaxLength and sends
 * a test reply email that lands in the local outbox. Each change is put back afterwards, since
 * other specs share the demo institution's settings.
 */

const BASE = "/admin/messaging/sms-configuration";

/** No axe violation at all (so none serious), named by rule for a readable failure. */
async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.impact}: ${v.id}: ${v.help}`)).toEqual([]);
}

/**
 * A Northfield advisor of this test holding a system number of their own (a fresh pool number),
 * so removing it leaves the demo's assignment for other specs.
 */
async function createNumberHolder(lastName: string) {
  const sql = e2eDatabase();
  try {
    const number = `+1312555${String(randomInt(1000, 10000))}`;
    const [inst] = await sql`select id from institutions where slug = 'northfield'`;
    const [role] = await sql`select id from security_roles where institution_id = ${inst.id} and code = 'ADVISOR'`;
    const [type] = await sql`select id from phone_types where institution_id = ${inst.id} and src_system_id = 'AVISO.SYSTEM'`;
    const [person] = await sql`insert into persons (institution_id, first_name, last_name, src_system_id)
      values (${inst.id}, 'Eddie', ${lastName}, ${`E2E-${lastName}`}) returning id`;
    await sql`insert into person_roles (institution_id, person_id, role_id) values (${inst.id}, ${person.id}, ${role.id})`;
    const [user] = await sql`insert into users (institution_id, person_id, email, display_name)
      values (${inst.id}, ${person.id}, ${`${lastName.toLowerCase()}@northfield.edu`}, ${`Eddie ${lastName}`}) returning id`;
    const [pool] = await sql`insert into system_numbers (institution_id, number, status) values (${inst.id}, ${number}, 'ACTIVE') returning id`;
    const [phone] = await sql`insert into person_phones (institution_id, person_id, phone_type_id, number, src_system_id, phone_type_src_system_id)
      values (${inst.id}, ${person.id}, ${type.id}, ${number}, ${`${lastName}.${number.slice(1)}.AVISO.SMS`}, 'AVISO.SYSTEM') returning id`;
    await sql`insert into system_number_assignments (institution_id, system_number_id, user_id, person_id, person_phone_id)
      values (${inst.id}, ${pool.id}, ${user.id}, ${person.id}, ${phone.id})`;
    return { number, formatted: `(312) 555-${number.slice(-4)}` };
  } finally {
    await sql.end();
  }
}

test.describe("as the platform operator", () => {
  test.use({ storageState: "e2e/.auth/operator.json" });

  test("edits both limits on the Twilio tab, with errors beside the field; General Settings are read-only", async ({ page }) => {
    await page.goto("/admin");
    await page.getByRole("link", { name: "SMS Configuration" }).click();
    await expect(page).toHaveURL(`${BASE}/general`);
    await expect(page.getByRole("group", { name: "Student SMS Default Status" }).getByLabel("Opted in")).toBeDisabled();
    await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);

    const tabs = page.getByRole("navigation", { name: "SMS Configuration" });
    await tabs.getByRole("link", { name: "Twilio" }).click();
    await expect(tabs.getByRole("link", { name: "Twilio" })).toHaveAttribute("aria-current", "page");
    const messageLimit = page.getByRole("region", { name: "SMS Message Limit" });
    await expect(messageLimit.getByRole("meter", { name: "SMS Message Limit" })).toHaveAttribute("aria-valuemax", "5000");
    await expect(messageLimit.getByRole("table", { name: "Texts per month, last 12 months" }).getByRole("row")).toHaveCount(13);
    await expectNoAxeViolations(page);

    const field = messageLimit.getByRole("textbox", { name: "SMS Message Limit" });
    await field.fill("-5");
    await messageLimit.getByRole("button", { name: "Save SMS Message Limit" }).click();
    await expect(messageLimit.locator("#smsMonthlyLimit-error")).toHaveText("Must be 0 or more.");
    await expect(messageLimit.locator("#smsMonthlyLimit-message")).toHaveText("Please correct the highlighted fields.");
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveValue("-5");

    await field.fill("6000");
    await messageLimit.getByRole("button", { name: "Save SMS Message Limit" }).click();
    await expect(messageLimit.getByText("SMS Message Limit saved.")).toBeVisible();
    await expect(messageLimit.getByRole("meter", { name: "SMS Message Limit" })).toHaveAttribute("aria-valuemax", "6000");

    const numberLimit = page.getByRole("region", { name: "SMS Phone Number Usage Limit" });
    await numberLimit.getByRole("textbox", { name: "SMS Phone Number Usage Limit" }).fill("9");
    await numberLimit.getByRole("button", { name: "Save SMS Phone Number Usage Limit" }).click();
    await expect(numberLimit.getByText("SMS Phone Number Usage Limit saved.")).toBeVisible();
    await expect(numberLimit.getByRole("meter", { name: "SMS Phone Number Usage Limit" })).toHaveAttribute("aria-valuemax", "9");

    const history = page.getByRole("table", { name: "Change history" });
    await expect(history.getByRole("row", { name: /SMS Message Limit 5,000 6,000/ })).toContainText("Platform Operator");
    await expect(history.getByRole("row", { name: /SMS Phone Number Usage Limit 8 9/ })).toBeVisible();
    // The operator sees the grid but cannot remove assignments.
    await expect(page.getByRole("table", { name: "Phone Number Usage" }).getByRole("rowheader", { name: "Dana Brooks" })).toBeVisible();
    await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(0);

    // Put the demo limits back for other specs.
    await field.fill("5000");
    await messageLimit.getByRole("button", { name: "Save SMS Message Limit" }).click();
    await expect(messageLimit.getByRole("meter", { name: "SMS Message Limit" })).toHaveAttribute("aria-valuemax", "5000");
    await numberLimit.getByRole("textbox", { name: "SMS Phone Number Usage Limit" }).fill("8");
    await numberLimit.getByRole("button", { name: "Save SMS Phone Number Usage Limit" }).click();
    await expect(numberLimit.getByRole("meter", { name: "SMS Phone Number Usage Limit" })).toHaveAttribute("aria-valuemax", "8");
  });
});

test.describe("as an administrator", () => {
  test.use({ storageState: "e2e/.auth/admin.json" });

  test("sees the limits read-only and removes a number assignment after confirming", async ({ page }) => {
    const holder = await createNumberHolder(`Usage${randomInt(100000, 999999)}`);
    await page.goto(`${BASE}/twilio`);
    await expect(page.getByRole("textbox", { name: "SMS Message Limit" })).toHaveCount(0);
    await expect(page.getByRole("textbox", { name: "SMS Phone Number Usage Limit" })).toHaveCount(0);
    await expect(page.getByText("Provisioned by the platform operator.", { exact: false })).toHaveCount(2);
    await expect(page.getByRole("meter", { name: "SMS Phone Number Usage Limit" })).toHaveAttribute("aria-valuetext", /^\d+ of 8 numbers assigned$/);

    const grid = page.getByRole("table", { name: "Phone Number Usage" });
    await expect(grid.getByRole("rowheader", { name: "Dana Brooks" })).toBeVisible();
    await grid.getByRole("link", { name: /^Phone number/ }).click();
    await expect(page).toHaveURL(/sort=number&dir=asc/);
    await expect(grid.getByRole("columnheader", { name: /^Phone number/ })).toHaveAttribute("aria-sort", "ascending");
    await grid.getByRole("link", { name: /^Phone number/ }).click();
    await expect(grid.getByRole("columnheader", { name: /^Phone number/ })).toHaveAttribute("aria-sort", "descending");
    await page.getByLabel("Search by name, email or number").fill(holder.number.slice(-7));
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/q=\d+&sort=number&dir=desc/);
    await expect(grid.getByRole("rowheader")).toHaveText([/^Eddie Usage/]);
    await expectNoAxeViolations(page);

    const trash = grid.getByRole("button", { name: `Remove ${holder.formatted} from Eddie` , exact: false });
    await trash.click();
    const dialog = page.getByRole("dialog", { name: "Remove this phone number?" });
    await expect(dialog).toBeVisible();
    await expectNoAxeViolations(page);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(grid.getByRole("rowheader")).toHaveCount(1);
    // From the keyboard: Enter opens the question, Escape dismisses it.
    await trash.focus();
    await page.keyboard.press("Enter");
    await expect(dialog).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();

    await trash.click();
    await dialog.getByRole("button", { name: "OK" }).click();
    await expect(page.getByText(`${holder.formatted} was removed and returned to the pool.`)).toBeVisible();
    await expect(page.getByText("No one holding a number matches your search.")).toBeVisible();
    await expect(page.getByRole("table", { name: "Change history" }).getByRole("row", { name: new RegExp(`Phone number assignment .*${holder.formatted.replace(/[()]/g, "\\$&")}`) })).toContainText(
      "Avery Admin",
    );
    await page.goto(`${BASE}/twilio`);
    await expect(grid.getByRole("rowheader", { name: "Dana Brooks" })).toBeVisible();
  });

  test("saves General Settings and the change is recorded", async ({ page }) => {
    await page.goto(`${BASE}/general`);
    await expect(page.getByRole("heading", { level: 1, name: "SMS Configuration" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "SMS Configuration" }).getByRole("link", { name: "General Settings" })).toHaveAttribute("aria-current", "page");
    const staff = page.getByRole("group", { name: "Staff SMS Default Status" });
    await expect(staff.getByLabel("Opted out")).toBeChecked();
    await expect(page.getByLabel("Default SMS Phone Type")).toHaveValue("CELL");
    const roles = page.getByRole("group", { name: "Permitted Roles" });
    await expect(roles.getByRole("checkbox", { checked: true })).toHaveCount(3);
    await expectNoAxeViolations(page);

    await staff.getByLabel("Opted in").check();
    await page.getByLabel("Default SMS Phone Type").selectOption({ label: "Work" });
    await roles.getByLabel("Faculty").check();
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("General Settings saved.")).toBeVisible();
    const history = page.getByRole("table", { name: "Change history" });
    await expect(history.getByRole("row", { name: /Staff SMS Default Status Opted out Opted in/ })).toContainText("Avery Admin");
    await expect(history.getByRole("row", { name: /Default SMS Phone Type Cell Work/ })).toBeVisible();
    await expect(history.getByRole("row", { name: /Permitted Roles/ }).first()).toContainText("Faculty");

    await page.reload();
    await expect(staff.getByLabel("Opted in")).toBeChecked();
    await expect(page.getByLabel("Default SMS Phone Type")).toHaveValue("WORK");
    await expect(roles.getByLabel("Faculty")).toBeChecked();

    // Back to the demo settings for other specs.
    await staff.getByLabel("Opted out").check();
    await page.getByLabel("Default SMS Phone Type").selectOption({ label: "Cell" });
    await roles.getByLabel("Faculty").uncheck();
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("General Settings saved.")).toBeVisible();
    await page.reload();
    await expect(staff.getByLabel("Opted out")).toBeChecked();
    await expect(roles.getByRole("checkbox", { checked: true })).toHaveCount(3);
  });

  test("edits smsMaxLength under Application, refusing more than Twilio's 1600", async ({ page }) => {
    await page.goto("/admin");
    await page.getByRole("link", { name: "Application", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Application" })).toBeVisible();
    const field = page.getByRole("textbox", { name: "smsMaxLength" });
    await expect(field).toHaveValue("1000");
    await expectNoAxeViolations(page);

    await field.fill("1601");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.locator("#smsMaxLength-error")).toHaveText("At most 1600 (Twilio's limit).");
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expectNoAxeViolations(page);

    await field.fill("480");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByText("Application settings saved.")).toBeVisible();
    await expect(page.getByRole("table", { name: "Change history" }).getByRole("row", { name: /smsMaxLength 1,000 480/ })).toContainText("Avery Admin");
    await page.reload();
    await expect(field).toHaveValue("480");

    await field.fill("1000");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByText("Application settings saved.")).toBeVisible();
  });

  test("previews the reply email live and sends a test that shows in the mail outbox", async ({ page }) => {
    await page.goto(`${BASE}/email-notifications`);
    const subject = page.getByRole("textbox", { name: "Subject" });
    await expect(subject).toHaveValue("{{replierName}} replied to your text");
    await expect(page.getByTestId("preview-subject")).toHaveText("Maya Patel replied to your text");
    await expect(page.getByTestId("preview-body")).toContainText("Hello Avery Admin,");
    await expectNoAxeViolations(page);

    const body = page.getByRole("textbox", { name: "Body" });
    await body.fill("Hi {{staffName}}, {{studentName}} wrote: {{replyText}}");
    await page.getByRole("button", { name: "Send a test to me" }).click();
    await expect(page.locator("#replyEmailBody-error")).toContainText("Unknown placeholder {{studentName}}");
    await expect(body).toHaveAttribute("aria-invalid", "true");

    const stamp = `Test ${randomInt(100000, 999999)}`;
    await subject.fill(`${stamp}: {{replierName}} answered`);
    await body.fill("Hi {{staffName}}, {{replierName}} ({{replierNumber}}) wrote: {{replyText}} {{conversationLink}}");
    await expect(page.getByTestId("preview-subject")).toHaveText(`${stamp}: Maya Patel answered`);
    await expect(page.getByTestId("preview-body")).toContainText("Hi Avery Admin, Maya Patel ((312) 555-0147) wrote: Thanks!");
    await page.getByRole("button", { name: "Send a test to me" }).click();
    await expect(page.getByText("Test email sent to admin@northfield.edu.")).toBeVisible();

    await page.goto("/admin/mail-outbox");
    const mail = page.getByRole("article", { name: `[Test] ${stamp}: Maya Patel answered` });
    await expect(mail).toBeVisible();
    await expect(mail).toContainText("admin@northfield.edu");
    await mail.getByText("Message", { exact: true }).click();
    await expect(mail).toContainText("Hi Avery Admin, Maya Patel ((312) 555-0147) wrote: Thanks! Can we meet on Tuesday at 2pm instead?");

    // The test changed no setting.
    await page.goto(`${BASE}/email-notifications`);
    await expect(subject).toHaveValue("{{replierName}} replied to your text");
  });

  test("saves the Email Notifications template", async ({ page }) => {
    await page.goto(`${BASE}/email-notifications`);
    const subject = page.getByRole("textbox", { name: "Subject" });
    const original = await subject.inputValue();
    await subject.fill("New reply from {{ replierName }}");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByText("Email Notifications saved.")).toBeVisible();
    await expect(page.getByRole("table", { name: "Change history" }).getByRole("row", { name: /Subject/ }).first()).toContainText("New reply from {{ replierName }}");
    await subject.fill(original);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByText("Email Notifications saved.")).toBeVisible();
  });
});

test.describe("access", () => {
  for (const role of ["advisor", "student"] as const) {
    test(`${role} is refused SMS Configuration and Application`, async ({ browser }) => {
      const context = await browser.newContext({ storageState: `e2e/.auth/${role}.json` });
      const page = await context.newPage();
      for (const path of [`${BASE}/general`, `${BASE}/email-notifications`, `${BASE}/twilio`, "/admin/application"]) {
        await page.goto(path);
        await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
      }
      await context.close();
    });
  }

  test("the operator is refused Application", async ({ browser }) => {
    const context = await browser.newContext({ storageState: "e2e/.auth/operator.json" });
    const page = await context.newPage();
    await page.goto("/admin/application");
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
    await context.close();
  });

  test("Lakeside's administrator sees only Lakeside's numbers and limits", async ({ browser }) => {
    const context = await browser.newContext({ storageState: "e2e/.auth/lakesideAdmin.json" });
    const page = await context.newPage();
    await page.goto(`${BASE}/twilio`);
    await expect(page.getByText("No phone numbers are assigned.")).toBeVisible();
    await expect(page.getByText("Dana Brooks")).toHaveCount(0);
    await expect(page.getByText("(3 in your pool)", { exact: false })).toBeVisible();
    await context.close();
  });
});
