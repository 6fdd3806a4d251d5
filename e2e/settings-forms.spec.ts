import { expect, test, type Page } from "@playwright/test";

/*
 * Settings forms (issue 15, items 1–2): after Save a form shows what was saved, a Save that
 * changes nothing records nothing, and Permitted Roles cannot be emptied without saying that no
 * one will text. Run as Lakeside's administrator, whose settings no other spec reads; every
 * change is put back.
 */

test.use({ storageState: "e2e/.auth/lakesideAdmin.json" });

const BASE = "/admin/messaging/sms-configuration";

const historyRows = (page: Page) => page.getByRole("table", { name: "Change history" }).locator("tbody tr");

/** Clicks `name` and waits for the server action's answer. */
async function submit(page: Page, name: string) {
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(BASE));
  await page.getByRole("button", { name, exact: true }).click();
  await answered;
}

test("General Settings show the saved values after Save, and saving again records nothing", async ({ page }) => {
  await page.goto(`${BASE}/general`);
  const student = page.getByRole("group", { name: "Student SMS Default Status" });
  await expect(student.getByLabel("Opted in")).toBeChecked();
  const before = await historyRows(page).count();

  await student.getByLabel("Opted out").check();
  await submit(page, "Save");
  await expect(page.locator("#general-settings-message")).toHaveText("General Settings saved.");
  await expect(student.getByLabel("Opted out")).toBeChecked();
  await expect(student.getByLabel("Opted in")).not.toBeChecked();
  await expect(historyRows(page)).toHaveCount(before + 1);
  await expect(historyRows(page).first()).toContainText("Student SMS Default Status");

  await submit(page, "Save");
  await page.reload();
  await expect(student.getByLabel("Opted out")).toBeChecked();
  await expect(historyRows(page)).toHaveCount(before + 1);

  await student.getByLabel("Opted in").check();
  await submit(page, "Save");
  await expect(student.getByLabel("Opted in")).toBeChecked();
  await expect(historyRows(page)).toHaveCount(before + 2);
});

test("Email Notifications: saving an unchanged template records nothing; a saved subject stays shown", async ({ page }) => {
  await page.goto(`${BASE}/email-notifications`);
  const subject = page.getByRole("textbox", { name: "Subject" });
  const original = await subject.inputValue();
  await expect(page.getByRole("textbox", { name: "Body" })).toHaveValue(/\n/);
  const before = await historyRows(page).count();

  await submit(page, "Save");
  await expect(page.locator("#email-notifications-message")).toHaveText("Email Notifications saved.");
  await page.reload();
  await expect(historyRows(page)).toHaveCount(before);

  await subject.fill("New reply from {{replierName}}");
  await submit(page, "Save");
  await expect(subject).toHaveValue("New reply from {{replierName}}");
  await submit(page, "Save");
  await page.reload();
  await expect(subject).toHaveValue("New reply from {{replierName}}");
  await expect(historyRows(page)).toHaveCount(before + 1);
  await expect(historyRows(page).first()).toContainText("New reply from {{replierName}}");

  await subject.fill(original);
  await submit(page, "Save");
  await expect(subject).toHaveValue(original);
});

test("Permitted Roles: emptying them is refused until the administrator confirms no one will text", async ({ page }) => {
  await page.goto(`${BASE}/general`);
  const roles = page.getByRole("group", { name: "Permitted Roles" });
  const checked = roles.getByRole("checkbox", { checked: true });
  // all() does not wait: first the form as rendered, with the demo's roles ticked.
  await expect(checked.first()).toBeVisible();
  const names: string[] = [];
  for (const box of await checked.all()) names.push((await box.locator("xpath=..").innerText()).trim());
  expect(names.length).toBeGreaterThan(0);
  const before = await historyRows(page).count();

  for (const name of names) await roles.getByLabel(name, { exact: true }).uncheck();
  await expect(page.getByText("With no Permitted Role, no one will be able to send texts.")).toBeVisible();
  await submit(page, "Save");
  await expect(page.locator("#permittedRoleCodes-error")).toHaveText(
    "No one will be able to send texts: choose at least one role, or confirm that texting should stop for everyone.",
  );
  await page.reload();
  for (const name of names) await expect(roles.getByLabel(name, { exact: true })).toBeChecked();
  await expect(historyRows(page)).toHaveCount(before);

  for (const name of names) await roles.getByLabel(name, { exact: true }).uncheck();
  await page.getByLabel("I understand: no one will be able to send texts").check();
  await submit(page, "Save");
  await expect(page.locator("#general-settings-message")).toHaveText("General Settings saved.");
  await expect(historyRows(page)).toHaveCount(before + 1);
  await expect(historyRows(page).first()).toContainText("Permitted Roles");
  await page.reload();
  await expect(roles.getByRole("checkbox", { checked: true })).toHaveCount(0);

  for (const name of names) await roles.getByLabel(name, { exact: true }).check();
  await submit(page, "Save");
  await page.reload();
  for (const name of names) await expect(roles.getByLabel(name, { exact: true })).toBeChecked();
});
