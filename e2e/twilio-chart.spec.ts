import { expect, test, type Page } from "@playwright/test";
import { openE2eDatabase, uniqueLastName } from "./compose-data";
import { e2eDatabase } from "./database";

/*
 * Issue 15.12. The Twilio tab's monthly chart reads at small counts — the scale fits the data,
 * the limit line appears (labelled) only when a month nears the limit, months read "Jan 2026" —
 * and the composer counts characters as a person sees them while segments count as Twilio does.
 * Usage is written for Lakeside's past months only, so no other spec's monthly counts move.
 */

const sql = e2eDatabase();
test.afterAll(() => sql.end({ timeout: 2 }));

/** The first day of the month `back` months before this one, as the chart's key ("2026-10-01"). */
function monthKey(back: number): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return d.toISOString().slice(0, 10);
}

async function setLakesideUsage(rows: [string, number][]) {
  const [inst] = await sql<{ id: string; limit: number }[]>`select id, sms_monthly_limit as limit from institutions where slug = 'lakeside'`;
  for (const [month, sent] of rows) {
    await sql`insert into sms_usage_monthly (institution_id, month, sent_count) values (${inst.id}, ${month}, ${sent})
      on conflict (institution_id, month) do update set sent_count = excluded.sent_count`;
  }
  return inst.limit;
}

async function barHeight(page: Page, month: string) {
  return (await page.getByTestId(`usage-bar-${month}`).boundingBox())!.height;
}

test.describe("the Twilio tab chart", () => {
  test.use({ storageState: "e2e/.auth/lakesideAdmin.json" });

  test("small counts get a readable scale, no limit line, and months like 'Jan 2026'", async ({ page }) => {
    const [twoBack, oneBack] = [monthKey(2), monthKey(1)];
    await setLakesideUsage([
      [twoBack, 3],
      [oneBack, 12],
    ]);
    await page.goto("/admin/messaging/sms-configuration/twilio");
    await expect(page.getByText("Texts per month, last 12 months").first()).toBeVisible();
    const plot = (await page.getByTestId("usage-plot").boundingBox())!;
    // 12 of a 20 scale: well over half the plot, not a sliver under a far limit.
    expect(await barHeight(page, oneBack)).toBeGreaterThan(plot.height * 0.5);
    expect(await barHeight(page, twoBack)).toBeGreaterThan(plot.height * 0.1);
    await expect(page.getByTestId("usage-limit-line")).toHaveCount(0);
    const label = new Intl.DateTimeFormat("en-US", { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${oneBack}T00:00:00Z`));
    expect(label).toMatch(/^[A-Z][a-z]{2} \d{4}$/);
    await expect(page.getByText(label, { exact: true })).toBeVisible();
  });

  test("near the limit, the line appears and is labelled", async ({ page }) => {
    const month = monthKey(3);
    const limit = await setLakesideUsage([[month, 0]]);
    await setLakesideUsage([[month, Math.ceil(limit * 0.8)]]);
    await page.goto("/admin/messaging/sms-configuration/twilio");
    const line = page.getByTestId("usage-limit-line");
    await expect(line).toBeVisible();
    await expect(line).toHaveText(`Limit ${limit.toLocaleString("en-US")}`);
    await setLakesideUsage([[month, 0]]);
  });
});

test.describe("the composer's counter", () => {
  test.use({ storageState: "e2e/.auth/advisor.json" });
  const db = openE2eDatabase();
  test.afterAll(() => db.close());

  test("an emoji and a flag count one character each; the limit and segments count as Twilio does", async ({ page }) => {
    const [student] = await db.createStudents([{ firstName: "Cora", lastName: uniqueLastName("Counter"), phone: true, email: true }]);
    await page.goto(`/people/${student.id}/profile`);
    await page.getByRole("button", { name: "Send message" }).click();
    const dialog = page.getByRole("dialog", { name: "New message" });
    await dialog.getByLabel("Message").fill("Hi 👋🇺🇸");
    await expect(
      dialog.getByText("5 characters (9 / 1,000 of the length limit: emoji count 2 or more) · 1 SMS segment (UCS-2, 70 per segment)"),
    ).toBeVisible();
    await dialog.getByLabel("Message").fill("👍🏽".repeat(18));
    // 18 thumbs = 72 code units: two UCS-2 segments, as Twilio bills it.
    await expect(dialog.getByText("18 characters (72 / 1,000 of the length limit: emoji count 2 or more) · 2 SMS segments (UCS-2, 67 per segment)")).toBeVisible();
  });
});
