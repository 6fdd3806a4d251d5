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

/**
 * SSO_ENCRYPTION_KEY (32 bytes, base64) from the environment, else one generated once and kept in
 * .data/sso-encryption-key (mode 0600), like AUTH_SECRET: it encrypts the institutions' SSO
 * client secrets (lib/auth/sso/secret-box.ts), so it must outlive restarts.
 */
export function ensureSsoEncryptionKey(): string {
  if (process.env.SSO_ENCRYPTION_KEY) return process.env.SSO_ENCRYPTION_KEY;
  const file = path.resolve(".data/sso-encryption-key");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600 });
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

export type Launched = { stopAll: () => Promise<void> };

/** How a supervised process is restarted: 1 s, doubling to 30 s; back to 1 s after a minute up. */
export type RestartPolicy = { firstDelayMs: number; maxDelayMs: number; resetAfterMs: number };
export const RESTART_POLICY: RestartPolicy = { firstDelayMs: 1_000, maxDelayMs: 30_000, resetAfterMs: 60_000 };

/** The delay before restart number `restarts` (0-based) since the process last stayed up. */
export function restartDelayMs(restarts: number, policy: RestartPolicy = RESTART_POLICY): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** restarts);
}

type Command = { command: string; args: string[] };

/**
 * Node's arguments to run one of our TypeScript scripts: tsx, and the `react-server` condition,
 * under which the `server-only` marker of db/index.ts and lib/env.ts resolves to an empty module
 * (without it, the marker throws: it guards the client bundle, and a script is server code).
 */
export const TSX = ["--conditions=react-server", "--import", "tsx"];

/**
 * Starts the web tier (scripts/web.mjs: `next start` in WEB_CONCURRENCY processes on one port)
 * and the worker with the given environment, and keeps them running: either one that exits is
 * logged and started again after a backoff (RESTART_POLICY), while the other and the database
 * carry on. `stopAll` ends the supervision and stops both. `commands` and `policy` are for tests.
 */
export function launchAppAndWorker(opts: {
  port: number;
  env: NodeJS.ProcessEnv;
  commands?: { app: Command; worker: Command };
  policy?: RestartPolicy;
}): Launched {
  const env = { ...process.env, ...opts.env, PORT: String(opts.port) };
  // Node itself runs both, not `npx`: npx does not pass SIGTERM on to what it runs, so stopping
  // it left next-server and the worker running. They stay in our process group, so whatever
  // kills the group (Ctrl-C, Playwright stopping its web server) reaches them too.
  const commands = opts.commands ?? {
    app: { command: process.execPath, args: [path.resolve("scripts/web.mjs")] },
    worker: { command: process.execPath, args: [...TSX, "scripts/worker.ts"] },
  };
  const supervised = [
    supervise("app", commands.app, env, opts.policy ?? RESTART_POLICY),
    supervise("worker", commands.worker, env, opts.policy ?? RESTART_POLICY),
  ];
  return { stopAll: async () => void (await Promise.all(supervised.map((s) => s.stop()))) };
}

/** Runs `cmd` and starts it again whenever it exits, until `stop()`; see launchAppAndWorker. */
function supervise(name: string, cmd: Command, env: NodeJS.ProcessEnv, policy: RestartPolicy) {
  let child: ChildProcess;
  let stopping = false;
  let restarts = 0;
  let pending: NodeJS.Timeout | undefined;
  const start = () => {
    const startedAt = Date.now();
    const current = spawn(cmd.command, cmd.args, { stdio: "inherit", env });
    child = current;
    let ended = false;
    const restart = (how: string) => {
      if (ended || stopping) return;
      ended = true;
      const upMs = Date.now() - startedAt;
      if (upMs >= policy.resetAfterMs) restarts = 0;
      const delay = restartDelayMs(restarts++, policy);
      console.error(
        `[start] ${name} (pid ${current.pid ?? "none"}) ${how} after ${(upMs / 1000).toFixed(1)} s; restarting in ${(delay / 1000).toFixed(1)} s`,
      );
      pending = setTimeout(start, delay);
    };
    if (current.pid !== undefined) console.log(`[start] ${name} started (pid ${current.pid})`);
    current.on("exit", (code, signal) => restart(`exited (${signal ?? `code ${code}`})`));
    // A process that could not be started at all (no such file) may emit no exit event.
    current.on("error", (err) => restart(`failed (${err.message})`));
  };
  start();
  return {
    stop: async () => {
      stopping = true;
      clearTimeout(pending);
      await stopChild(child);
    },
  };
}

/** SIGTERM, SIGKILL after 8 s; resolves once the child has exited. */
async function stopChild(child: ChildProcess) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
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
