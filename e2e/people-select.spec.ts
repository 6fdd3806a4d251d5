import { expect, test } from "@playwright/test";
import { openE2eDatabase, uniqueLastName } from "./compose-data";

/*
 * Issue 16 item 2 (was issue 15 item 10): "Message all N matching" sends to every match of the
 * People list's search and filters, not only the page shown; the search is the audience.
 */

const db = openE2eDatabase();
test.afterAll(() => db.close());

test.use({ storageState: "e2e/.auth/advisor.json" });

test("messages all 30 people a two-page search matches: the search is the audience, resolved on the server", async ({ page }) => {
  const lastName = uniqueLastName("Everyone");
  await db.createStudents(Array.from({ length: 30 }, (_, i) => ({ firstName: `Pupil${String(i + 1).padStart(2, "0")}`, lastName, phone: true, email: true })));

  await page.goto("/people");
  const selection = page.getByRole("region", { name: "Selection" });
  if (await selection.getByRole("button", { name: "Clear selection" }).isEnabled()) await selection.getByRole("button", { name: "Clear selection" }).click();
  await page.getByLabel("Search by name, ID, email or phone").fill(lastName);
  await page.getByRole("button", { name: "Search" }).click();
  const grid = page.getByRole("table", { name: "People" });
  await expect(grid.getByRole("rowheader")).toHaveCount(25);

  await selection.getByRole("button", { name: "Message all 30 matching" }).click();
  // Nothing is ticked: the search itself goes to the composer.
  await expect(selection.getByText("No one selected.")).toBeVisible();
  const dialog = page.getByRole("dialog", { name: "New message" });
  await expect(dialog.getByText("To: everyone matching this search (30 people)")).toBeVisible();
  await dialog.getByLabel("Message").fill("Registration opens Monday.");
  await dialog.getByRole("button", { name: "Review" }).click();
  await expect(dialog.getByRole("table", { name: "Delivery per recipient" }).getByRole("rowheader")).toHaveCount(30);
  await expect(dialog.getByRole("button", { name: "Send to 30 recipients" })).toBeEnabled();
});

test("a filter narrows everyone matching: textable students only", async ({ page }) => {
  const lastName = uniqueLastName("Filtered");
  await db.createStudents([
    { firstName: "Tex", lastName, phone: true, email: true },
    { firstName: "Nophone", lastName, phone: false, email: true },
  ]);
  await page.goto(`/people?q=${lastName}&textable=yes`);
  await expect(page.getByRole("table", { name: "People" }).getByRole("rowheader")).toHaveText([`${lastName}, Tex`]);
  await expect(page.getByLabel("Textable")).toHaveValue("yes");
  await page.getByRole("region", { name: "Selection" }).getByRole("button", { name: "Message all 1 matching" }).click();
  await expect(page.getByRole("dialog", { name: "New message" }).getByText("To: everyone matching this search (1 person)")).toBeVisible();
});

test("a search that fits on one page offers its exact count", async ({ page }) => {
  const lastName = uniqueLastName("Few");
  await db.createStudents(Array.from({ length: 3 }, (_, i) => ({ firstName: `Solo${i + 1}`, lastName, phone: true, email: true })));
  await page.goto(`/people?q=${lastName}`);
  await expect(page.getByRole("table", { name: "People" }).getByRole("rowheader")).toHaveCount(3);
  await expect(page.getByRole("region", { name: "Selection" }).getByRole("button", { name: /^Message all [\d,]+ matching$/ })).toHaveText("Message all 3 matching");
});
