import { expect, test } from "@playwright/test";
import { openE2eDatabase, uniqueLastName } from "./compose-data";

/*
 * Issue 15 item 10: "Select all N matching this search" selects every match of the People
 * list's search, not only the page shown, and the composer receives all of them.
 */

const db = openE2eDatabase();
test.afterAll(() => db.close());

test.use({ storageState: "e2e/.auth/advisor.json" });

test("selects all 30 people a two-page search matches and the composer gets all 30", async ({ page }) => {
  const lastName = uniqueLastName("Everyone");
  await db.createStudents(Array.from({ length: 30 }, (_, i) => ({ firstName: `Pupil${String(i + 1).padStart(2, "0")}`, lastName, phone: true, email: true })));

  await page.goto("/people");
  const selection = page.getByRole("region", { name: "Selection" });
  if (await selection.getByRole("button", { name: "Clear selection" }).isEnabled()) await selection.getByRole("button", { name: "Clear selection" }).click();
  await page.getByLabel("Search by name, ID, email or phone").fill(lastName);
  await page.getByRole("button", { name: "Search" }).click();
  const grid = page.getByRole("table", { name: "People" });
  await expect(grid.getByRole("rowheader")).toHaveCount(25);

  await selection.getByRole("button", { name: "Select all 30 matches" }).click();
  await expect(selection.getByText("30 selected.")).toBeVisible();
  await expect(grid.getByRole("checkbox", { name: `Select Pupil01 ${lastName}` })).toBeChecked();
  await page.getByRole("link", { name: "Next" }).click();
  await expect(grid.getByRole("rowheader")).toHaveCount(5);
  await expect(grid.getByRole("checkbox", { name: `Select Pupil30 ${lastName}` })).toBeChecked();
  // The second page of the search still offers every match.
  await expect(selection.getByRole("button", { name: /^Select (all|the first) [\d,]+ matches$/ })).toHaveCount(1);

  await selection.getByRole("button", { name: "Message selected (30)" }).click();
  const dialog = page.getByRole("dialog", { name: "New message" });
  await expect(dialog.getByText(`To: 30 people: Pupil01 ${lastName}, Pupil02 ${lastName} and 28 others`)).toBeVisible();
  await dialog.getByLabel("Message").fill("Registration opens Monday.");
  await dialog.getByRole("button", { name: "Review" }).click();
  await expect(dialog.getByRole("table", { name: "Delivery per recipient" }).getByRole("rowheader")).toHaveCount(30);
  await expect(dialog.getByRole("button", { name: "Send to 30 recipients" })).toBeEnabled();
});

test("a search that fits on one page offers no \"select all matches\"", async ({ page }) => {
  const lastName = uniqueLastName("Few");
  await db.createStudents(Array.from({ length: 3 }, (_, i) => ({ firstName: `Solo${i + 1}`, lastName, phone: true, email: true })));
  await page.goto(`/people?q=${lastName}`);
  await expect(page.getByRole("table", { name: "People" }).getByRole("rowheader")).toHaveCount(3);
  await expect(page.getByRole("region", { name: "Selection" }).getByRole("button", { name: /^Select (all|the first) [\d,]+ matches$/ })).toHaveCount(0);
});
