import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** AUTH_SECRET from the environment, else one generated once and kept in .data/auth-secret. */
export function ensureAuthSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.resolve(".data/auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

/** Fingerprint of the sources: the commit plus any uncommitted change. */
function sourceFingerprint() {
  const head = spawnSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).stdout ?? "";
  const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=all", "--", ".", ":!.data", ":!e2e"], {
    encoding: "utf8",
  }).stdout ?? "";
  const diff = spawnSync("git", ["diff", "HEAD"], { encoding: "utf8", maxBuffer: 64 << 20 }).stdout ?? "";
  return createHash("sha256").update(head).update(dirty).update(diff).digest("hex");
}

/** Runs `next build` unless .next holds a build of exactly these sources. */
export function ensureBuild() {
  const stamp = path.resolve(".next/source-fingerprint");
  const fingerprint = sourceFingerprint();
  if (existsSync(".next/BUILD_ID") && existsSync(stamp) && readFileSync(stamp, "utf8") === fingerprint) return;
  console.log("[start] building the app (next build)…");
  const result = spawnSync("npx", ["next", "build"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("next build failed");
  writeFileSync(stamp, fingerprint);
}

export type Launched = { children: ChildProcess[]; stopAll: () => Promise<void> };

/**
 * Starts the web tier (scripts/web.mjs: `next start` in WEB_CONCURRENCY processes on one port)
 * and the worker with the given environment; stops both together.
 */
export function launchAppAndWorker(opts: { port: number; env: NodeJS.ProcessEnv; onExit: (code: number) => void }): Launched {
  const env = { ...process.env, ...opts.env, PORT: String(opts.port) };
  // Node itself runs both, not `npx`: npx does not pass SIGTERM on to what it runs, so stopping
  // it left next-server and the worker running. They stay in our process group, so whatever
  // kills the group (Ctrl-C, Playwright stopping its web server) reaches them too.
  const app = spawn(process.execPath, [path.resolve("scripts/web.mjs")], { stdio: "inherit", env });
  const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { stdio: "inherit", env });
  const children = [app, worker];
  let stopping = false;
  for (const child of children) {
    child.on("exit", (code) => {
      if (stopping) return;
      console.error(`[start] ${child === app ? "app" : "worker"} exited with code ${code}; stopping`);
      opts.onExit(code ?? 1);
    });
  }
  return {
    children,
    stopAll: async () => {
      stopping = true;
      await Promise.all(children.map((c) => stopChild(c)));
    },
  };
}

/** SIGTERM, SIGKILL after 8 s; resolves once the child has exited. */
async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const kill = setTimeout(() => child.kill("SIGKILL"), 8000);
  await exited;
  clearTimeout(kill);
}

/** Stops everything on Ctrl-C or SIGTERM, then exits. */
export function onShutdown(stop: () => Promise<void>) {
  let called = false;
  const handler = async (signal: NodeJS.Signals) => {
    if (called) return;
    called = true;
    console.log(`[start] ${signal}: stopping`);
    await stop();
    process.exit(0);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}
