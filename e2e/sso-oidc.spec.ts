import { expect, test } from "@playwright/test";
import { startTestIdentityProvider, type TestIdentityProvider } from "../scripts/oidc-test-idp";
import { e2eDatabase } from "./database";

/*
 * Issue 19.5: single sign-on through a real OpenID provider (oidc-provider, started here), in
 * Chromium. Lakeside's administrator connects it on Administration → Sign-in (the secret then
 * shows only as "saved, ends …"), and Lakeside's advisor signs in with it from the email step.
 * The administrator then removes the connection (afterAll makes sure), so the other specs sign
 * in to Lakeside with passwords.
 */

const IDP_PORT = Number(process.env.E2E_IDP_PORT ?? 3303);
const CLIENT = { clientId: "aviso-e2e", clientSecret: `e2e-client-secret-${Date.now()}-wxyz` };

test.use({ storageState: "e2e/.auth/lakesideAdmin.json" });

let idp: TestIdentityProvider | undefined;

test.afterAll(async () => {
  await idp?.close();
  const sql = e2eDatabase();
  await sql`delete from sso_connections where institution_id = (select id from institutions where slug = 'lakeside') and oidc_client_id = ${CLIENT.clientId}`;
  await sql.end();
});

test("an administrator connects an OpenID provider; a colleague signs in through it from the email step", async ({ page, browser }) => {
  test.slow(); // a provider round trip in a second browser
  await page.goto("/admin/sign-in");
  await expect(page.getByRole("heading", { level: 1, name: "Sign-in" })).toBeVisible();
  const redirectUri = (await page.getByLabel("Redirect URI").textContent())!.trim();
  expect(redirectUri).toMatch(/\/api\/auth\/callback\/oidc-[0-9a-f-]{36}$/);
  idp = await startTestIdentityProvider({
    port: IDP_PORT,
    title: "Lakeside test identity provider",
    clients: [{ ...CLIENT, redirectUris: [redirectUri] }],
    accounts: [{ sub: "lane", email: "advisor@lakeside.edu", emailVerified: true, givenName: "Lane", familyName: "Advisor" }],
  });

  // The SAML form on the same page has a field of the same name.
  await page.getByRole("region", { name: "OpenID Connect" }).getByLabel("Name on the sign-in button").fill("Lakeside SSO");
  await page.getByLabel("Issuer URL").fill(idp.issuer);
  await page.getByLabel("Client ID").fill(CLIENT.clientId);
  await page.getByLabel("Client secret").fill(CLIENT.clientSecret);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText(`Found ${idp.issuer}: it signs people in at ${idp.issuer}/auth.`)).toBeVisible();
  await page.getByRole("button", { name: "Save connection" }).click();
  await expect(page.getByText("OpenID Connect connection saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Client secret")).toHaveValue("");
  await expect(page.getByLabel("Client secret")).toHaveAttribute("placeholder", "saved, ends …wxyz");
  await expect(page.getByText(CLIENT.clientSecret)).toHaveCount(0);

  const colleague = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const signIn = await colleague.newPage();
  await signIn.goto("/sign-in?callbackUrl=%2Fmessages");
  await signIn.getByLabel("Email").fill("Advisor@Lakeside.edu");
  await signIn.getByRole("button", { name: "Continue" }).click();
  // Lakeside still allows passwords beside it: the visitor chooses (a password is offered too).
  await expect(signIn.getByRole("button", { name: "Sign in with a password" })).toBeVisible();
  await signIn.getByRole("button", { name: "Sign in with Lakeside SSO" }).click();
  await expect(signIn.getByRole("heading", { name: "Lakeside test identity provider" })).toBeVisible();
  expect(new URL(signIn.url()).origin).toBe(idp.issuer);
  await signIn.getByRole("button", { name: /Lane Advisor/ }).click();
  await expect(signIn).toHaveURL(/\/messages$/);
  await expect(signIn.getByRole("heading", { level: 1, name: "Messages" })).toBeVisible();
  await expect(signIn.getByRole("button", { name: "Sign out" })).toBeVisible();
  await colleague.close();

  // Removing asks first, then the page offers a new connection.
  await page.getByRole("button", { name: "Remove connection" }).click();
  await page.getByRole("dialog", { name: "Remove Lakeside SSO?" }).getByRole("button", { name: "Remove" }).click();
  await expect(page.getByRole("button", { name: "Remove connection" })).toHaveCount(0);
  await expect(page.getByLabel("Client ID")).toHaveValue("");
});
