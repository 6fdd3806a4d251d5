import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

/*
 * The Profile tab's phones (SPEC §2, §6) and the Person Phone data view. Mason Delgado
 * (NSU-S000022, one verified Cell) is this spec's own student; Sam Student's success team has
 * Dana Brooks, who holds the pre-assigned system number (312) 555-0201.
 */

const MASON = "Delgado, Mason";
/** Outside the demo deck (312/773 555-01xx) and the simulator's magic numbers. */
const NEW_NUMBER = "(415) 555-0177";

async function openProfile(page: Page, search: string, listName: string) {
  await page.goto(`/people?q=${encodeURIComponent(search)}`);
  await page.getByRole("table", { name: "People" }).getByRole("link", { name: listName }).click();
  await expect(page.getByRole("navigation", { name: "Person" }).getByRole("link", { name: "Profile" })).toHaveAttribute("aria-current", "page");
}

async function expectNoSeriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
}

test.describe("as an administrator", () => {
  test.use({ storageState: "e2e/.auth/admin.json" });

  test("changes a phone's SMS status after confirming and sees the history row", async ({ page }) => {
    await openProfile(page, "mason delgado", MASON);
    await expect(page.getByRole("heading", { level: 1, name: "Mason Delgado" })).toBeVisible();
    const phones = page.getByRole("table", { name: "Phone numbers" });
    const cell = phones.getByRole("row").filter({ hasText: "Cell" });
    await expect(cell.getByText("SMS Default")).toBeVisible();
    await expectNoSeriousViolations(page);

    await cell.getByRole("button", { name: /^Edit / }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("heading", { name: /^Edit \(\d{3}\) \d{3}-\d{4}$/ })).toBeVisible();
    await dialog.getByLabel("SMS status").selectOption({ label: "SMS Enabled" });
    await dialog.getByRole("button", { name: "Save" }).click();

    const confirm = page.getByRole("alertdialog", { name: "Change the SMS status?" });
    await expect(confirm).toContainText("from SMS Default to SMS Enabled");
    await expectNoSeriousViolations(page);
    await confirm.getByRole("button", { name: "Change status" }).click();
    await expect(confirm).toHaveCount(0);
    await expect(cell.getByText("SMS Enabled")).toBeVisible();

    const history = page.getByRole("table", { name: "Phone history" });
    const row = history.getByRole("row").filter({ hasText: "SMS status: SMS Default → SMS Enabled" });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("Avery Admin");
    await expect(row).toContainText("Manual change on the Profile tab");
  });

  test("the verified check says who and when on keyboard focus and on hover", async ({ page }) => {
    await openProfile(page, "mason delgado", MASON);
    const check = page.getByRole("button", { name: "Verified", exact: true });
    const tip = page.getByRole("tooltip");
    await expect(tip).toBeHidden();

    // Keyboard only: Tab from the top of the page until the check mark has focus.
    for (let i = 0; i < 40 && !(await check.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
    await expect(check).toBeFocused();
    await expect(tip).toBeVisible();
    await expect(tip).toHaveText(/^Verified by Avery Admin on [A-Z][a-z]{2} \d{1,2}, \d{4}$/);
    await expect(check).toHaveAccessibleDescription(/^Verified by Avery Admin on /);
    await page.keyboard.press("Escape");
    await expect(tip).toBeHidden();
    await page.keyboard.press("Tab");

    await check.hover();
    await expect(tip).toBeVisible();
  });

  test("adds a phone (a bad number is a field error), verifies it, then deletes it softly", async ({ page }) => {
    await openProfile(page, "mason delgado", MASON);
    const form = page.getByRole("form", { name: "Add a phone number" });
    await form.getByLabel("Number").fill("555-CALL-NOW");
    await form.getByLabel("Phone type").selectOption({ label: "Home" });
    await form.getByRole("button", { name: "Add phone" }).click();
    await expect(form.getByLabel("Number")).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByText("A phone number may contain only digits, spaces and + ( ) - . — no letters.")).toBeVisible();
    await expectNoSeriousViolations(page);

    await form.getByLabel("Number").fill(NEW_NUMBER);
    await form.getByRole("button", { name: "Add phone" }).click();
    const phones = page.getByRole("table", { name: "Phone numbers" });
    const added = phones.getByRole("row").filter({ has: page.getByRole("rowheader", { name: NEW_NUMBER }) });
    await expect(added).toContainText("Home");
    await expect(added.getByText("SMS Default")).toBeVisible();
    await expect(form.getByLabel("Number")).toHaveValue("");

    const toggle = added.getByRole("switch", { name: `Verified ${NEW_NUMBER}` });
    await expect(toggle).toHaveAttribute("aria-checked", "false");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-checked", "true");
    await expect(added).toContainText("by Avery Admin");
    // The newest verification is now the one under the person's id.
    await page.getByRole("button", { name: "Verified", exact: true }).hover();
    await expect(page.getByRole("tooltip")).toHaveText(/^Verified by Avery Admin on /);
    await expect(page.getByRole("heading", { level: 1 }).locator("xpath=..")).toContainText(NEW_NUMBER);
    const history = page.getByRole("table", { name: "Phone history" });
    await expect(history.getByRole("row").filter({ hasText: NEW_NUMBER }).filter({ hasText: "Verified: Not verified → Verified" })).toHaveCount(1);

    await added.getByRole("button", { name: `Delete ${NEW_NUMBER}` }).click();
    const confirm = page.getByRole("alertdialog", { name: `Delete ${NEW_NUMBER}?` });
    await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
    await confirm.getByRole("button", { name: "Delete" }).click();
    await expect(confirm).toHaveCount(0);
    await expect(added.getByRole("cell", { name: "Yes", exact: true })).toBeVisible();
    await expect(added.getByRole("button")).toHaveCount(0);
    await expect(added.getByRole("switch")).toHaveCount(0);
  });

  test("a student's success team shows the staff's system number as Text Msg Only; the holder's own profile says System", async ({ page }) => {
    await openProfile(page, "sam student", "Student, Sam");
    const team = page.getByRole("region", { name: "Success team" });
    const numbers = team.getByRole("list", { name: "Numbers of Dana Brooks" });
    await expect(numbers.getByRole("listitem").filter({ hasText: "(312) 555-0201" })).toContainText("Text Msg Only");
    await expect(team.getByRole("link", { name: "Alex Rivera" })).toBeVisible();
    await expectNoSeriousViolations(page);

    await team.getByRole("link", { name: "Dana Brooks" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Dana Brooks" })).toBeVisible();
    const system = page.getByRole("table", { name: "Phone numbers" }).getByRole("row").filter({ has: page.getByRole("rowheader", { name: "(312) 555-0201" }) });
    await expect(system.getByRole("cell", { name: "System", exact: true })).toBeVisible();
    await expect(system).toContainText("Managed on the Twilio tab");
    await expect(page.getByText("Text Msg Only")).toHaveCount(0);
  });

  test("Person Phone data view: filters, search, paging, CSV export", async ({ page }) => {
    await page.goto("/admin");
    await page.getByRole("link", { name: "Person Phone" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Person Phone" })).toBeVisible();
    const grid = page.getByRole("table", { name: "Person Phone" });
    await expect(grid.getByRole("columnheader", { name: "phone_type_src_system_id" })).toBeVisible();
    await expectNoSeriousViolations(page);

    // deleted = false lists current records, the active system number among them.
    // Other specs may have assigned more system numbers: look at Dana Brooks's.
    await page.getByLabel("Search by number, name or source id").fill("brooks");
    await page.getByLabel("Deleted").selectOption("false");
    await page.getByLabel("Phone type").selectOption("AVISO.SYSTEM");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/deleted=false/);
    await expect(grid.getByRole("rowheader")).toHaveCount(1);
    const system = grid.getByRole("row").filter({ hasText: "Brooks, Dana" });
    await expect(system).toContainText("(312) 555-0201");
    await expect(system).toContainText(/AVISO\.SMS/);
    await expect(system).toContainText("AVISO.SYSTEM");

    // The number deleted on the profile: there as deleted = true, gone with deleted = false.
    await page.goto(`/admin/data-views/person-phone?q=${encodeURIComponent(NEW_NUMBER)}`);
    await expect(grid.getByRole("row").filter({ hasText: MASON }).getByRole("cell").last()).toHaveText("true");
    await page.goto(`/admin/data-views/person-phone?q=${encodeURIComponent(NEW_NUMBER)}&deleted=false`);
    await expect(page.getByText("No phone records match.")).toBeVisible();

    // Keyset paging and sorting by number, state in the URL.
    await page.goto("/admin/data-views/person-phone");
    await grid.getByRole("link", { name: /^Number/ }).click();
    await expect(page).toHaveURL(/sort=number&dir=asc/);
    const firstPage = await grid.getByRole("rowheader").allTextContents();
    await page.getByRole("link", { name: "Next" }).click();
    await expect(page).toHaveURL(/cursor=/);
    await expect(grid.getByRole("rowheader").first()).not.toHaveText(firstPage[0]);
    await page.getByRole("link", { name: "Previous" }).click();
    await expect(grid.getByRole("rowheader")).toHaveText(firstPage);

    await page.goto("/admin/data-views/person-phone?q=brooks&deleted=false&type=AVISO.SYSTEM");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^person-phone-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile((await file.path())!, "utf8")).trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,number,person_id,person_name,person_src_system_id,phone_type,phone_type_src_system_id,sms_status,verified,verified_at,src_system_id,deleted,created_at");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(",+13125550201,");
    expect(lines[1]).toContain(`"Brooks, Dana"`);
    expect(lines[1]).toMatch(/,AVISO\.SYSTEM,SMS_DEFAULT,false,,[^,]*AVISO\.SMS,false,/);
  });
});

test.describe("as an advisor", () => {
  test.use({ storageState: "e2e/.auth/advisor.json" });

  test("reads a profile's phones and history but cannot change them", async ({ page }) => {
    await openProfile(page, "mason delgado", MASON);
    const phones = page.getByRole("table", { name: "Phone numbers" });
    await expect(phones.getByRole("rowheader").first()).toBeVisible();
    await expect(phones.getByRole("button")).toHaveCount(0);
    await expect(phones.getByRole("switch")).toHaveCount(0);
    await expect(page.getByRole("form", { name: "Add a phone number" })).toHaveCount(0);
    await expect(page.getByRole("table", { name: "Phone history" })).toContainText("Avery Admin");
  });

  test("is refused the Person Phone data view and its export", async ({ page }) => {
    await page.goto("/admin/data-views/person-phone");
    await expect(page.getByRole("heading", { level: 1, name: "You don't have access to this page" })).toBeVisible();
    const res = await page.request.get("/admin/data-views/person-phone/export");
    expect(res.status()).toBe(403);
  });
});

test("a student reads their own profile and success team, changes nothing, and is refused others", async ({ browser }) => {
  const adminContext = await browser.newContext({ storageState: "e2e/.auth/admin.json" });
  const adminPage = await adminContext.newPage();
  await openProfile(adminPage, "sam student", "Student, Sam");
  const ownUrl = adminPage.url();
  await openProfile(adminPage, "mason delgado", MASON);
  const otherUrl = adminPage.url();
  await adminContext.close();

  const context = await browser.newContext({ storageState: "e2e/.auth/student.json" });
  const page = await context.newPage();
  await page.goto(ownUrl);
  await expect(page.getByRole("heading", { level: 1, name: "Sam Student" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Phone numbers" }).getByRole("button")).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Add a phone number" })).toHaveCount(0);
  // Other specs may give more of the team a number; Dana Brooks holds one from the seed.
  await expect(page.getByRole("region", { name: "Success team" }).getByRole("list", { name: "Numbers of Dana Brooks" }).getByText("Text Msg Only")).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.goto(otherUrl);
  await expect(page.getByRole("heading", { level: 1, name: "You don't have access to this page" })).toBeVisible();
  expect((await page.request.get("/admin/data-views/person-phone/export")).status()).toBe(403);
  await context.close();
});
