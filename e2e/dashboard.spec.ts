import { expect, test } from "@playwright/test";
import { e2eDatabase } from "./database";

/*
 * Issue 18: the Administration home is the institution's dashboard — a Health panel with its
 * alerts and five charts over 12 weeks, each with its table. Lakeside's, so no Northfield spec
 * sees the alert this one raises: a status callback refused for a bad signature, naming one of
 * Lakeside's numbers, as a wrong auth token would produce.
 */

const sql = e2eDatabase();
test.afterAll(() => sql.end({ timeout: 2 }));

test.use({ storageState: "e2e/.auth/lakesideAdmin.json" });

test("the administrator sees a health warning and the dashboard's charts, each with a table", async ({ page, playwright, baseURL }) => {
  const [number] = await sql<{ number: string }[]>`
    select n.number from system_numbers n join institutions i on i.id = n.institution_id where i.slug = 'lakeside' order by n.number limit 1`;
  const twilio = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const refused = await twilio.post("/api/twilio/status", {
    form: { MessageSid: `SM${"0".repeat(32)}`, MessageStatus: "delivered", From: number.number, To: "+13125550199" },
    headers: { "x-twilio-signature": "forged" },
  });
  expect(refused.status()).toBe(403);
  await twilio.dispose();

  await page.goto("/admin");
  const health = page.getByRole("region", { name: "Health" });
  const alerts = health.getByRole("list", { name: "Health alerts" });
  await expect(alerts.getByRole("listitem").filter({ hasText: "Twilio requests refused for a bad signature" })).toContainText(/(1 request naming your numbers was|\d+ requests naming your numbers were) refused in the last hour/);
  await expect(health.getByText("Refused signatures, last hour")).toBeVisible();

  const charts = ["Texts and emails per week", "Delivery and reply rates", "Opt-outs per week", "Top failure reasons", "Sends per staff member"];
  for (const name of charts) {
    // recharts' SVG, named by its <title> (its accessibility layer makes it an application).
    await expect(page.getByRole("figure", { name }).getByRole("application", { name })).toBeVisible();
  }
  const texts = page.getByRole("figure", { name: "Texts and emails per week" });
  await texts.getByText("Show as a table").click();
  await expect(texts.getByRole("table").getByRole("row")).toHaveCount(13);
  await expect(texts.getByRole("columnheader")).toHaveText(["Week of", "Texts", "Emails"]);
  // The links stay, below.
  await expect(page.getByRole("link", { name: "SMS Configuration" })).toBeVisible();
});
