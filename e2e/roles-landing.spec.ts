import { expect, test, type Page } from "@playwright/test";
import { signInWithPassword } from "./sign-in";

/*
 * Each role lands on a page it may open, the navigation lists only what the role may open, and
 * a 403 card leads somewhere allowed (issue 15.3). Signs in through the form, as people do.
 */

const PASSWORD = "demo-pass";

async function signIn(page: Page, email: string) {
  await page.goto("/sign-in");
  await signInWithPassword(page, email, PASSWORD);
}

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" }).getByRole("link");

const ROLES = [
  { role: "administrator", email: "admin@northfield.edu", landing: /\/people$/, links: ["People", "Messages", "Sends", "Lists", "Templates", "Administration", "Handset simulator"] },
  { role: "advisor", email: "advisor@northfield.edu", landing: /\/people$/, links: ["People", "Messages", "Sends", "Lists", "Templates"] },
  { role: "student", email: "student@northfield.edu", landing: /\/people\/[0-9a-f-]{36}\/profile$/, links: ["My profile"] },
  { role: "platform operator", email: "operator@platform.example", landing: /\/operator\/institutions$/, links: ["Institutions", "Administration"] },
] as const;

for (const { role, email, landing, links } of ROLES) {
  test(`the ${role} lands on a page they may open, and every navigation link opens`, async ({ browser }) => {
    // A context of its own: signing in here must not touch the sessions other specs saved.
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email);
    await expect(page).toHaveURL(landing);
    await expect(page.getByRole("heading", { level: 1, name: "You don't have access to this page" })).toHaveCount(0);
    // Each link's own words (Messages may carry an unread badge after them).
    await expect(nav(page)).toHaveText(links.map((l) => new RegExp(`^${l}(\\d[\\d,]* unread conversations?)?$`)));

    for (const label of links) {
      await nav(page).filter({ hasText: label }).click();
      await expect(nav(page).filter({ hasText: label })).toHaveAttribute("aria-current", "page");
      await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("You don't have access to this page");
    }
    await context.close();
  });
}

test.describe("a 403 card", () => {
  test.use({ storageState: "e2e/.auth/student.json" });

  test("links to the student's own profile, not back to the refused page", async ({ page }) => {
    const res = await page.goto("/people");
    expect(res?.status()).toBe(403);
    const way = page.getByRole("link", { name: "Go to My profile" });
    await expect(way).toHaveAttribute("href", /^\/people\/[0-9a-f-]{36}\/profile$/);
    await way.click();
    await expect(page).toHaveURL(/\/people\/[0-9a-f-]{36}\/profile$/);
    await expect(page.getByRole("heading", { level: 1, name: "Sam Student" })).toBeVisible();
  });
});

test.describe("the operator's 403 card", () => {
  test.use({ storageState: "e2e/.auth/operator.json" });

  test("leads to the institutions' limits", async ({ page }) => {
    const res = await page.goto("/messages");
    expect(res?.status()).toBe(403);
    await page.getByRole("link", { name: "Go to Institutions" }).click();
    await expect(page).toHaveURL(/\/operator\/institutions$/);
  });
});
