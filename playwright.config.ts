import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
/**
 * Debian's Chromium where present (browsers can't be downloaded here), Playwright's own elsewhere.
 * Its headless shell first (package chromium-headless-shell): what Playwright itself runs headless,
 * without the full browser's UI layers — about a fifth less CPU per page and axe run here.
 */
const chromium =
  process.env.CHROMIUM_PATH ??
  ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find((path) => existsSync(path));

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  // One after another: the specs share the demo database, some change institution settings,
  // and the layout checks' own data (e2e/layout-data.ts) must not appear under a spec that ran
  // before them (two lanes were tried: a conversation spec then found the layout's thread).
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    // A trace records every action of every test (DOM snapshots, screenshots) and is thrown away
    // when the test passes: locally it is kept for a failure; in CI, where the run must fit its
    // 20 minutes, a failure keeps its screenshot and the error with its call log instead.
    trace: process.env.CI ? "off" : "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromium ? { executablePath: chromium } : {},
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], launchOptions: chromium ? { executablePath: chromium } : {} },
      dependencies: ["setup"],
    },
  ],
  webServer: {
    command: "npx tsx --conditions=react-server scripts/e2e-server.ts",
    url: `${baseURL}/sign-in`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
