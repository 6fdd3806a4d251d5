import { fileURLToPath } from "node:url";
import { expect, test as setup } from "@playwright/test";
import { signInWithPassword } from "./sign-in";

/**
 * Signs in once per role through the sign-in form and saves the session as
 * e2e/.auth/<role>.json, for specs to `test.use({ storageState: "e2e/.auth/<role>.json" })`.
 */
const ACCOUNTS = {
  admin: "admin@northfield.edu",
  advisor: "advisor@northfield.edu",
  faculty: "faculty@northfield.edu",
  student: "student@northfield.edu",
  operator: "operator@platform.example",
  lakesideAdmin: "admin@lakeside.edu",
} as const;

for (const [role, email] of Object.entries(ACCOUNTS)) {
  setup(`sign in as ${role}`, async ({ page }) => {
    // A page every role may open (each role's own landing page: e2e/roles-landing.spec.ts).
    await page.goto("/sign-in?callbackUrl=%2Faccount%2Fapi-keys");
    await signInWithPassword(page, email, "demo-pass");
    await expect(page).toHaveURL(/\/account\/api-keys$/);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await page.context().storageState({ path: fileURLToPath(new URL(`.auth/${role}.json`, import.meta.url)) });
  });
}
