import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { e2eDatabase } from "./database";

/*
 * Issue 13.4: the platform operator manages every institution's limits. They land on the list
 * of institutions (usage against both limits, the pool), open one's Twilio tab, and a limit
 * below what is already used is saved only after confirming the warning. Others are refused.
 * Lakeside's usage and limit are put back afterwards, since other specs share the demo data.
 */

const n = (value: number) => value.toLocaleString("en-US");

type Figures = { id: string; name: string; sent: number; monthlyLimit: number; assigned: number; numberLimit: number; pool: number };

/** Each demo institution's figures, counted straight from the tables the app writes. */
async function figures(): Promise<Figures[]> {
  const sql = e2eDatabase();
  try {
    const rows = await sql<{ id: string; name: string; sent: number; monthly_limit: number; assigned: number; number_limit: number; pool: number }[]>`
      select i.id, i.name, i.sms_monthly_limit as monthly_limit, i.sms_phone_number_limit as number_limit,
        coalesce((select sent_count from sms_usage_monthly u where u.institution_id = i.id
          and u.month = date_trunc('month', now() at time zone i.time_zone)::date), 0)::int as sent,
        (select count(*)::int from system_number_assignments a where a.institution_id = i.id and a.released_at is null) as assigned,
        (select count(*)::int from system_numbers s where s.institution_id = i.id and s.status = 'ACTIVE') as pool
      from institutions i where i.slug in ('northfield', 'lakeside') order by i.name`;
    return rows.map((r) => ({ id: r.id, name: r.name, sent: r.sent, monthlyLimit: r.monthly_limit, assigned: r.assigned, numberLimit: r.number_limit, pool: r.pool }));
  } finally {
    await sql.end();
  }
}

/** Sets Lakeside's texts of this month; returns what it was. */
async function setLakesideSent(sent: number): Promise<number> {
  const sql = e2eDatabase();
  try {
    const [before] = await sql<{ sent: number }[]>`
      select coalesce((select sent_count from sms_usage_monthly u join institutions i on i.id = u.institution_id
        where i.slug = 'lakeside' and u.month = date_trunc('month', now() at time zone i.time_zone)::date), 0)::int as sent`;
    await sql`
      insert into sms_usage_monthly (institution_id, month, sent_count)
      select id, date_trunc('month', now() at time zone time_zone)::date, ${sent} from institutions where slug = 'lakeside'
      on conflict (institution_id, month) do update set sent_count = excluded.sent_count`;
    return before.sent;
  } finally {
    await sql.end();
  }
}

test.describe("as the platform operator", () => {
  test.use({ storageState: "e2e/.auth/operator.json" });

  test("lands on the institutions, each with its usage against both limits and its pool", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/operator\/institutions$/);
    await expect(page.getByRole("heading", { level: 1, name: "Institutions" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Institutions" })).toHaveAttribute("aria-current", "page");

    const expected = await figures();
    expect(expected.map((f) => f.name)).toEqual(["Lakeside Community College", "Northfield State University"]);
    const table = page.getByRole("table", { name: "Institutions" });
    for (const f of expected) {
      const row = table.getByRole("row", { name: new RegExp(f.name) });
      await expect(row.getByRole("cell")).toHaveText([
        new RegExp(`^${n(f.sent)} of ${n(f.monthlyLimit)} texts`),
        new RegExp(`^${f.assigned} of ${f.numberLimit} numbers assigned`),
        `${f.pool} numbers`,
      ]);
    }
    await expect(table.getByRole("row", { name: /Lakeside Community College/ })).toContainText("0 of 2 numbers assigned");
    await expect(table.getByRole("row", { name: /Lakeside Community College/ })).toContainText("3 numbers");
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${v.impact}: ${v.id}`)).toEqual([]);
  });

  test("lowering a limit below this month's texts warns what it means and saves only after confirming", async ({ page }) => {
    const sentBefore = await setLakesideSent(40);
    try {
      await page.goto("/operator/institutions");
      await page.getByRole("link", { name: "Lakeside Community College" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Lakeside Community College · Twilio" })).toBeVisible();
      const messageLimit = page.getByRole("region", { name: "SMS Message Limit" });
      await expect(messageLimit.getByRole("meter", { name: "SMS Message Limit" })).toHaveAttribute("aria-valuemax", "500");

      const field = messageLimit.getByRole("textbox", { name: "SMS Message Limit" });
      await field.fill("30");
      await messageLimit.getByRole("button", { name: "Save SMS Message Limit" }).click();
      const warning = messageLimit.locator("#smsMonthlyLimit-warning");
      await expect(warning).toContainText(
        "Lakeside Community College has already sent 40 texts this month; with a limit of 30 every further text this month goes by email.",
      );
      await expect(messageLimit.getByText("SMS Message Limit saved.")).toHaveCount(0);
      expect((await figures()).find((f) => f.name.startsWith("Lakeside"))!.monthlyLimit).toBe(500);

      await messageLimit.getByRole("button", { name: "Save SMS Message Limit anyway" }).click();
      await expect(messageLimit.getByText("SMS Message Limit saved.")).toBeVisible();
      await expect(messageLimit.getByRole("meter", { name: "SMS Message Limit" })).toHaveAttribute("aria-valuemax", "30");
      await expect(page.getByRole("table", { name: "Change history" }).getByRole("row", { name: /SMS Message Limit 500 30/ })).toContainText("Platform Operator");
      expect((await figures()).find((f) => f.name.startsWith("Lakeside"))!.monthlyLimit).toBe(30);

      // Back to the demo's limit: above what is used, so no warning.
      await field.fill("500");
      await messageLimit.getByRole("button", { name: "Save SMS Message Limit" }).click();
      await expect(messageLimit.getByRole("meter", { name: "SMS Message Limit" })).toHaveAttribute("aria-valuemax", "500");
    } finally {
      await setLakesideSent(sentBefore);
    }
  });
});

test.describe("as an administrator", () => {
  test.use({ storageState: "e2e/.auth/admin.json" });

  test("has no Institutions link and is refused the operator's pages", async ({ page }) => {
    await page.goto("/people");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Institutions" })).toHaveCount(0);
    const [lakeside] = (await figures()).filter((f) => f.name.startsWith("Lakeside"));
    for (const path of ["/operator/institutions", `/operator/institutions/${lakeside.id}/twilio`]) {
      // The list's layout checks before its skeleton streams: the refusal is a 403, not a 200.
      const response = await page.goto(path);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole("heading", { level: 1, name: "You don't have access to this page" })).toBeVisible();
      await expect(page.getByRole("table", { name: "Institutions" })).toHaveCount(0);
      await expect(page.getByRole("textbox", { name: "SMS Message Limit" })).toHaveCount(0);
    }
  });
});
