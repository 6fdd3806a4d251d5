import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { openE2eDatabase, type TestPerson } from "./compose-data";
import { e2eDatabase } from "./database";

/*
 * A person's Time zone and State on the Profile tab (SPEC §9): an administrator sets and clears
 * them; an advisor sees them and cannot change them. Each test makes its own student.
 */

const db = openE2eDatabase();
test.afterAll(() => db.close());

async function newStudent(lastName: string): Promise<TestPerson> {
  const [student] = await db.createStudents([{ firstName: "Quinn", lastName, phone: true, email: true }]);
  return student;
}

const details = (page: Page) => page.getByRole("region", { name: "Details" });
const detail = (page: Page, term: string) => details(page).locator("dl > div").filter({ has: page.locator("dt", { hasText: new RegExp(`^${term}$`) }) }).locator("dd");

async function stored(personId: string) {
  const sql = e2eDatabase();
  try {
    const [row] = await sql<{ time_zone: string | null; state: string | null }[]>`select time_zone, state from persons where id = ${personId}`;
    return row;
  } finally {
    await sql.end({ timeout: 2 });
  }
}

test.describe("as an administrator", () => {
  test.use({ storageState: "e2e/.auth/admin.json" });

  test("sets a student's time zone and state, sees them in Details, and clears them", async ({ page }) => {
    test.slow(); // two saves, a reload and an axe run
    const student = await newStudent(`Locate${Date.now() % 100000}`);
    await page.goto(`/people/${student.id}`);
    await expect(detail(page, "Time zone")).toHaveText("Not recorded");
    await expect(detail(page, "State")).toHaveText("Not recorded");

    const form = page.getByRole("form", { name: "Where this person is" });
    const zone = form.getByLabel("Time zone");
    // US zones come first, before the full list.
    await expect(zone.locator("optgroup").first()).toHaveAttribute("label", "United States");
    await zone.selectOption({ label: "Mountain, no DST (Arizona) — America/Phoenix" });
    await form.getByLabel("State").selectOption({ label: "Arizona (AZ)" });
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
    await form.getByRole("button", { name: "Save location" }).click();

    await expect(form.getByText("Time zone and state saved.")).toBeVisible();
    await expect(detail(page, "Time zone")).toHaveText("America/Phoenix");
    await expect(detail(page, "State")).toHaveText("Arizona (AZ)");
    expect(await stored(student.id)).toEqual({ time_zone: "America/Phoenix", state: "AZ" });

    await page.reload();
    await expect(form.getByLabel("Time zone")).toHaveValue("America/Phoenix");
    await expect(form.getByLabel("State")).toHaveValue("AZ");
    await form.getByLabel("Time zone").selectOption({ label: "Europe/London" });
    await form.getByLabel("State").selectOption({ label: "Not recorded" });
    await form.getByRole("button", { name: "Save location" }).click();
    await expect(detail(page, "State")).toHaveText("Not recorded");
    await expect(detail(page, "Time zone")).toHaveText("Europe/London");
    expect(await stored(student.id)).toEqual({ time_zone: "Europe/London", state: null });
  });
});

test.describe("as an advisor", () => {
  test.use({ storageState: "e2e/.auth/advisor.json" });

  test("sees the time zone and state but no form to change them", async ({ page }) => {
    const student = await newStudent(`Seen${Date.now() % 100000}`);
    const sql = e2eDatabase();
    await sql`update persons set time_zone = 'Pacific/Honolulu', state = 'HI' where id = ${student.id}`;
    await sql.end({ timeout: 2 });
    await page.goto(`/people/${student.id}`);
    await expect(detail(page, "Time zone")).toHaveText("Pacific/Honolulu");
    await expect(detail(page, "State")).toHaveText("Hawaii (HI)");
    await expect(page.getByRole("form", { name: "Where this person is" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save location" })).toHaveCount(0);
  });
});
