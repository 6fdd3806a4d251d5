import { spawn } from "node:child_process";
import { type AddressInfo, createServer } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error scripts/web.mjs is plain JavaScript, run by Node itself (no declarations)
import { webConcurrency } from "../scripts/web.mjs";

describe("web tier (scripts/web.mjs)", () => {
  it("runs one process per core, at most 4, unless WEB_CONCURRENCY says otherwise", () => {
    expect(webConcurrency(undefined, 1)).toBe(1);
    expect(webConcurrency(undefined, 2)).toBe(2);
    expect(webConcurrency(undefined, 16)).toBe(4);
    expect(webConcurrency("", 2)).toBe(2);
    expect(webConcurrency("3", 2)).toBe(3);
    expect(webConcurrency("64", 2)).toBe(64);
  });

  it.each(["0", "-1", "1.5", "65", "two", "3 processes"])("refuses WEB_CONCURRENCY=%j", (value) => {
    expect(() => webConcurrency(value, 2)).toThrow(`WEB_CONCURRENCY must be a whole number from 1 to 64, not "${value}"`);
  });

  it("refuses a bad WEB_CONCURRENCY before starting anything", async () => {
    const run = await runWeb({ WEB_CONCURRENCY: "zero" });
    expect(run.code).toBe(1);
    expect(run.output).toContain('[web] WEB_CONCURRENCY must be a whole number from 1 to 64, not "zero"');
    expect(run.output).not.toContain("next start in");
  });

  it("replaces a web process that exits, and gives up with code 1 after 5 exits within 30 s", async () => {
    // The port is taken (by this test): each `next start` exits at once with code 1.
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "0.0.0.0", resolve));
    const { port } = taken.address() as AddressInfo;
    const run = await runWeb({ WEB_CONCURRENCY: "1", PORT: String(port) }).finally(() => taken.close());
    expect(run.code).toBe(1);
    expect(run.output).toContain(`[web] next start in 1 process on port ${port}`);
    expect(run.output.match(/\[web\] web process \d+ exited \(code 1\); starting another/g)).toHaveLength(4);
    expect(run.output).toContain("[web] 5 web processes exited within 30 s; giving up");
  });
});

function runWeb(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve("scripts/web.mjs")], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`scripts/web.mjs did not exit within 45 s:\n${output}`));
    }, 45_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
