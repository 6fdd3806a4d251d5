import type { Page } from "@playwright/test";

/**
 * The sign-in form's password way (issue 19.2: email first): types the email and continues
 * unless the password step already shows that email — choosing "Sign in with a password" where
 * the institution offers its single sign-on beside passwords — then types the password and submits.
 * Waits for the password step's server action to answer when `waitForAnswer` is set.
 */
export async function signInWithPassword(page: Page, email: string, password: string, opts: { waitForAnswer?: boolean } = {}) {
  const passwordField = page.getByLabel("Password");
  if ((await passwordField.count()) > 0 && (await page.getByLabel("Email").inputValue()) !== email) {
    await page.getByRole("button", { name: "Use a different email" }).click();
  }
  if ((await passwordField.count()) === 0 || !(await passwordField.isVisible())) {
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Continue" }).click();
    const usePassword = page.getByRole("button", { name: "Sign in with a password" });
    await passwordField.or(usePassword).first().waitFor();
    if (await usePassword.isVisible()) await usePassword.click();
  }
  await passwordField.fill(password);
  const answered = opts.waitForAnswer ? page.waitForResponse((r) => r.request().method() === "POST" && "next-action" in r.request().headers()) : null;
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await answered;
}
