import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { restartDelayMs } from "../scripts/launch";

/** The supervisor of `npm start` (scripts/launch.ts) running test/supervisor-fixture.ts's fake app and worker. */
function startSupervisor() {
  const proc = spawn(process.execPath, ["--import", "tsx", path.resolve("test/supervisor-fixture.ts")], { stdio: ["ignore", "pipe", "pipe"] });
  const lines: { at: number; text: string }[] = [];
  let buffer = "";
  const read = (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop()!;
    for (const text of parts) lines.push({ at: Date.now(), text });
  };
  proc.stdout!.on("data", read);
  proc.stderr!.on("data", read);
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  /** The pid of the `n`-th start (1-based) of `name`, once logged, and when it was logged. */
  const started = async (name: "app" | "worker", n: number) => {
    const pattern = new RegExp(`^\\[start\\] ${name} started \\(pid (\\d+)\\)$`);
    for (let i = 0; i < 400; i++) {
      const found = lines.map((l) => ({ ...l, m: pattern.exec(l.text) })).filter((l) => l.m);
      if (found.length >= n) return { pid: Number(found[n - 1].m![1]), at: found[n - 1].at };
      await sleep(25);
    }
    throw new Error(`${name} start ${n} never logged:\n${lines.map((l) => l.text).join("\n")}`);
  };
  const starts = (name: string) => lines.filter((l) => l.text.startsWith(`[start] ${name} started`)).length;
  return { proc, lines, exited, started, starts };
}

function isRunning(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let running: ChildProcess | undefined;
afterEach(() => {
  if (running && running.exitCode === null) running.kill("SIGKILL");
});

describe("npm start's supervision (scripts/launch.ts)", () => {
  it("backs off 1 s, doubling to 30 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => restartDelayMs(n))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it("restarts a worker that dies, with backoff reset after a while up, while the web process keeps its pid; SIGTERM stops all", { timeout: 60_000 }, async () => {
    const s = startSupervisor();
    running = s.proc;
    const app = await s.started("app", 1);
    let worker = await s.started("worker", 1);

    // Killed four times in a row: restarted after 0.3, 0.6, 1.2, then 1.2 s (the cap).
    const gaps: number[] = [];
    for (let n = 2; n <= 5; n++) {
      const killedAt = Date.now();
      process.kill(worker.pid, "SIGKILL");
      const next = await s.started("worker", n);
      gaps.push(next.at - killedAt);
      expect(next.pid).not.toBe(worker.pid);
      worker = next;
    }
    const logged = s.lines.map((l) => l.text).filter((t) => t.startsWith("[start] worker (pid"));
    expect(logged.map((t) => /exited \(SIGKILL\) after [\d.]+ s; restarting in ([\d.]+) s$/.exec(t)?.[1])).toEqual(["0.3", "0.6", "1.2", "1.2"]);
    // Each restart waited at least its logged delay (how much longer depends on the machine's load).
    [300, 600, 1200, 1200].forEach((delay, i) => expect(gaps[i]).toBeGreaterThanOrEqual(delay));

    // Up longer than the reset age (3 s here, a minute in npm start): the next restart is quick again.
    await sleep(3300);
    process.kill(worker.pid, "SIGKILL");
    worker = await s.started("worker", 6);
    expect(s.lines.at(-2)?.text ?? "").toMatch(/restarting in 0\.3 s$/);

    // The web process was never touched, nor restarted.
    expect(s.starts("app")).toBe(1);
    expect(isRunning(app.pid)).toBe(true);

    // The web process is supervised the same way; the worker keeps its pid.
    process.kill(app.pid, "SIGKILL");
    const app2 = await s.started("app", 2);
    expect(app2.pid).not.toBe(app.pid);
    expect(s.starts("worker")).toBe(6);
    expect(isRunning(worker.pid)).toBe(true);

    s.proc.kill("SIGTERM");
    expect(await s.exited).toBe(0);
    expect(isRunning(app2.pid)).toBe(false);
    expect(isRunning(worker.pid)).toBe(false);
    expect(s.lines.map((l) => l.text)).toContain("[start] SIGTERM: stopping");
  });

  it("Ctrl-C while a restart is pending stops everything and starts nothing more", { timeout: 30_000 }, async () => {
    const s = startSupervisor();
    running = s.proc;
    const app = await s.started("app", 1);
    const worker = await s.started("worker", 1);
    process.kill(worker.pid, "SIGKILL");
    for (let i = 0; i < 100 && !s.lines.some((l) => l.text.startsWith("[start] worker (pid")); i++) await sleep(10);
    s.proc.kill("SIGINT");
    expect(await s.exited).toBe(0);
    await sleep(500);
    expect(s.starts("worker")).toBe(1);
    expect(isRunning(app.pid)).toBe(false);
  });
});
