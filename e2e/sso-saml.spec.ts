import { expect, test } from "@playwright/test";
import { startTestSamlIdp, type TestSamlIdp } from "../test/saml-idp/server";
import { e2eDatabase } from "./database";

/*
 * SAML 2.0 single sign-on end to end (issue 19.5): a real SAML IdP (test/saml-idp: its own key
 * and certificate made now, responses signed with xml-crypto) runs beside the app. Lakeside's
 * administrator connects it on Administration → Sign-in by its metadata URL; then a signed-out
 * visitor types a Lakeside email, is sent to the IdP, signs in there, and comes back signed in.
 * The administrator then removes the connection (afterAll makes sure): the other specs sign
 * Lakeside in with passwords.
 */
const idpPort = Number(process.env.E2E_SAML_IDP_PORT ?? 3311);
let idp: TestSamlIdp;

test.beforeAll(async () => {
  idp = await startTestSamlIdp({ port: idpPort });
});

test.afterAll(async () => {
  const sql = e2eDatabase();
  try {
    await sql`delete from sso_connections where protocol = 'saml' and institution_id = (select id from institutions where slug = 'lakeside')`;
  } finally {
    await sql.end();
  }
  await idp?.stop();
});

test("Lakeside's administrator connects a SAML IdP by its metadata URL, and an advisor signs in through it", async ({ browser }) => {
  const admin = await browser.newContext({ storageState: "e2e/.auth/lakesideAdmin.json" });
  const adminPage = await admin.newPage();
  await adminPage.goto("/admin/sign-in");
  const saml = adminPage.getByRole("region", { name: "SAML 2.0" });
  await expect(saml.getByLabel("ACS URL (HTTP-POST)")).toHaveText(/\/api\/sso\/saml\/[0-9a-f-]{36}\/acs$/);
  await saml.getByLabel("Name on the sign-in button").fill("Lakeside SAML");
  await saml.getByLabel("Identity provider metadata URL").fill(idp.metadataUrl);
  await saml.getByRole("button", { name: "Save SAML connection" }).click();
  await expect(saml.getByText("SAML connection saved.")).toBeVisible();
  await expect(saml.getByText(idp.entityId, { exact: true })).toBeVisible();
  await expect(saml.getByText(/^1 signing certificate, valid until /)).toBeVisible();
  const acsUrl = (await saml.getByLabel("ACS URL (HTTP-POST)").textContent())!;
  const spMetadata = await adminPage.request.get((await saml.getByLabel("Our metadata URL").textContent())!);
  expect(spMetadata.status()).toBe(200);
  expect(await spMetadata.text()).toContain(`Location="${acsUrl}"`);

  const visitor = await browser.newContext();
  const page = await visitor.newPage();
  await page.goto("/sign-in?callbackUrl=%2Fmessages");
  await page.getByLabel("Email").fill("advisor@lakeside.edu");
  await page.getByRole("button", { name: "Continue" }).click();
  // Lakeside may also offer another connection (the demo's OIDC): then the visitor chooses.
  const choose = page.getByRole("button", { name: "Sign in with Lakeside SAML" });
  await expect(page.getByRole("heading", { name: "Test identity provider" }).or(choose)).toBeVisible();
  if (await choose.isVisible()) await choose.click();

  await expect(page).toHaveURL(new RegExp(`^${idp.baseUrl}/sso\\?SAMLRequest=`));
  await page.getByLabel("Email").fill("Advisor@Lakeside.edu");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/messages$/);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  // What the IdP did not sign is turned away at the ACS, back to the sign-in page.
  const forged = await page.request.post(acsUrl, { form: { SAMLResponse: Buffer.from("<samlp:Response/>").toString("base64") }, maxRedirects: 0 });
  expect(forged.status()).toBe(303);
  expect(forged.headers().location).toMatch(/\/sign-in\?error=SsoRefused&code=samlResponse$/);
  await visitor.close();

  // Removing asks first; then the form starts afresh.
  await saml.getByRole("button", { name: "Remove SAML connection" }).click();
  await adminPage.getByRole("dialog", { name: "Remove Lakeside SAML?" }).getByRole("button", { name: "Remove" }).click();
  await expect(saml.getByRole("button", { name: "Remove SAML connection" })).toHaveCount(0);
  await expect(saml.getByLabel("Identity provider metadata URL")).toHaveValue("");
  await admin.close();
});
