import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

/*
 * People (issue Foundation 6–7): staff search the list and open a profile; students are
 * refused the list; another institution's person is a 404, never a glimpse of their data.
 */

test.describe("as an advisor", () => {
  test.use({ storageState: "e2e/.auth/advisor.json" });

  test("searches people and opens a person's profile and messages tabs", async ({ page }) => {
    await page.goto("/people");
    await expect(page.getByRole("heading", { level: 1, name: "People" })).toBeVisible();
    await page.getByLabel("Search by name, ID, email or phone").fill("patel maya");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/q=patel\+maya/);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

    const people = page.getByRole("table", { name: "People" });
    await expect(people.getByRole("rowheader")).toHaveText(["Patel, Maya"]);
    await people.getByRole("link", { name: "Patel, Maya" }).click();

    await expect(page.getByRole("heading", { level: 1, name: "Maya Patel" })).toBeVisible();
    const tabs = page.getByRole("navigation", { name: "Person" });
    await expect(tabs.getByRole("link", { name: "Profile" })).toHaveAttribute("aria-current", "page");
    const phones = page.getByRole("table", { name: "Phone numbers" });
    await expect(phones.getByRole("rowheader")).toHaveCount(3);
    await expect(phones.getByText("SMS Enabled")).toHaveCount(2);
    await expect(phones.getByText("SMS Default")).toHaveCount(1);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

    await tabs.getByRole("link", { name: "Messages" }).click();
    await expect(page).toHaveURL(/\/messages$/);
    await expect(page.getByText("No messages with Maya Patel yet.")).toBeVisible();
  });

  test("finds a person by phone number and pages through the list", async ({ page }) => {
    await page.goto("/people?q=" + encodeURIComponent("(500) 555-0001"));
    // Other specs' students may hold the same simulator number; Carlos Diaz is found by it.
    await expect(page.getByRole("table", { name: "People" }).getByRole("rowheader").filter({ hasText: /^Diaz, Carlos$/ })).toHaveCount(1);

    await page.goto("/people");
    await page.getByRole("link", { name: "Next" }).click();
    await expect(page).toHaveURL(/cursor=/);
    const secondPageFirst = await page.getByRole("table", { name: "People" }).getByRole("rowheader").first().textContent();
    await page.getByRole("link", { name: "Previous" }).click();
    await expect(page.getByRole("table", { name: "People" }).getByRole("rowheader").first()).not.toHaveText(secondPageFirst!);
    await expect(page.getByText("Previous", { exact: true })).toHaveAttribute("aria-disabled", "true");
  });
});

test.describe("as a student", () => {
  test.use({ storageState: "e2e/.auth/student.json" });

  test("is refused the People list", async ({ page }) => {
    await page.goto("/people");
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
    await expect(page.getByRole("table", { name: "People" })).toHaveCount(0);
  });
});

test("Lakeside's administrator gets 404 for a Northfield person", async ({ browser }) => {
  const northfield = await browser.newContext({ storageState: "e2e/.auth/admin.json" });
  const adminPage = await northfield.newPage();
  await adminPage.goto("/people?q=patel+maya");
  await adminPage.getByRole("link", { name: "Patel, Maya" }).click();
  await expect(adminPage.getByRole("heading", { level: 1, name: "Maya Patel" })).toBeVisible();
  const profileUrl = adminPage.url();
  await northfield.close();

  const lakeside = await browser.newContext({ storageState: "e2e/.auth/lakesideAdmin.json" });
  const page = await lakeside.newPage();
  await page.goto(profileUrl);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByText("Maya Patel")).toHaveCount(0);
  await lakeside.close();
});
