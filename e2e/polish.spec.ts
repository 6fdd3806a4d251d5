import { expect, test } from "@playwright/test";

/*
 * Issue 15.14: a favicon (the App Router's app/icon.svg, linked from every page) and friendly
 * empty states on lists.
 */

test("every page links a favicon, and it is served", async ({ page, request }) => {
  await page.goto("/sign-in");
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(href).toMatch(/^\/icon\.svg/);
  const icon = await request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  expect(await icon.text()).toContain("<svg");
});

test.describe("as staff with no API keys", () => {
  test.use({ storageState: "e2e/.auth/faculty.json" });

  test("API keys shows a friendly empty state", async ({ page }) => {
    await page.goto("/account/api-keys");
    await expect(page.getByText("No API keys yet.")).toBeVisible();
    await expect(page.getByText("Create one above to use the REST API from your own scripts and systems.")).toBeVisible();
  });

  test("a People search that matches nobody says what to try", async ({ page }) => {
    await page.goto("/people?q=zzzxqnobody");
    await expect(page.getByText("No people match your search.")).toBeVisible();
    await expect(page.getByText("Check the spelling, search by ID, email or phone, or set the filters back to Everyone and Any.")).toBeVisible();
  });
});

test.describe("as an administrator", () => {
  test.use({ storageState: "e2e/.auth/admin.json" });

  test("a Message Report filter that matches nothing says what to try", async ({ page }) => {
    await page.goto("/admin/messaging/message-report?destination=nobody%40nowhere.example");
    await expect(page.getByText("No messages match these filters.")).toBeVisible();
    await expect(page.getByText(/Clear the filters or widen the dates/)).toBeVisible();
  });
});
