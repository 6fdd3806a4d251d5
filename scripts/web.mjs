// `npm run web`: the web tier — `next start` in WEB_CONCURRENCY processes that share one port.
//
// One Node process runs JavaScript on one core; `next start` alone leaves the other cores to
// PostgreSQL and the worker at best. node:cluster forks scripts/web-server.mjs (what `next start`
// runs, behind a node:http server that records the client's socket address; see there)
// WEB_CONCURRENCY times; the primary accepts each connection and hands it to the processes in turn, and keeps no state of its own (sessions are signed JWTs and everything else
// is in PostgreSQL, so any process can answer any request).
//
// A process that dies is replaced; if they keep dying (5 exits within 30 s: a missing build,
// the port in use), the primary gives up and exits 1 so that whoever started it notices.
// SIGTERM or SIGINT stops every process, then the primary.
//
// Before forking, the primary runs scripts/check-env.ts (issue 13, fail closed): a provider
// half configured in production (or with no explicit simulation) stops the web tier here, with
// the missing variable named, instead of `next start` coming up to answer 500s or to simulate.
//
// Plain JavaScript, run by Node itself: no TypeScript loader in the request path.
import { spawnSync } from "node:child_process";
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";

const MAX_PROCESSES = 64;
const CRASH_WINDOW_MS = 30_000;
const CRASHES_ALLOWED = 5;

/** WEB_CONCURRENCY, or one process per core up to 4 (each `next start` holds ≈ 150–250 MB). */
export function webConcurrency(value = process.env.WEB_CONCURRENCY, cores = availableParallelism()) {
  if (value === undefined || value.trim() === "") return Math.max(1, Math.min(cores, 4));
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PROCESSES) {
    throw new Error(`WEB_CONCURRENCY must be a whole number from 1 to ${MAX_PROCESSES}, not "${value}"`);
  }
  return n;
}

/**
 * Runs the provider check (scripts/check-env.ts, TypeScript through tsx, once in the primary:
 * nothing in the request path). Exits 1 when it fails — its message, naming the variable, is
 * already on stderr — else adds the variables it filled in (the install's simulator
 * credentials) to the environment the forked processes inherit.
 */
function checkEnvironment() {
  const script = fileURLToPath(new URL("./check-env.ts", import.meta.url));
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (result.status !== 0) {
    console.error("[web] the environment check failed; not starting");
    process.exit(1);
  }
  Object.assign(process.env, JSON.parse(result.stdout.trim() || "{}"));
}

/** The web processes not yet exited. */
function alive() {
  return Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined && !worker.isDead());
}

function main() {
  const port = process.env.PORT ?? "3000";
  let processes;
  try {
    processes = webConcurrency();
  } catch (err) {
    console.error(`[web] ${err.message}`);
    process.exit(1);
  }
  checkEnvironment();
  // PORT and NODE_ENV reach each process through the environment; Next runs as in `next start`.
  process.env.PORT = port;
  process.env.NODE_ENV ??= "production";
  cluster.setupPrimary({ exec: fileURLToPath(new URL("./web-server.mjs", import.meta.url)) });

  let stopping = false;
  let exitCode = 0;
  const crashes = [];
  for (let i = 0; i < processes; i++) cluster.fork();
  console.log(`[web] next start in ${processes} process${processes === 1 ? "" : "es"} on port ${port}`);

  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (alive().length === 0) process.exit(exitCode);
      return;
    }
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && crashes[0] < now - CRASH_WINDOW_MS) crashes.shift();
    if (crashes.length >= CRASHES_ALLOWED) {
      console.error(`[web] ${crashes.length} web processes exited within ${CRASH_WINDOW_MS / 1000} s; giving up`);
      stop(1);
      return;
    }
    console.error(`[web] web process ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`);
    cluster.fork();
  });

  function stop(code) {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    const workers = alive();
    if (workers.length === 0) process.exit(exitCode);
    for (const worker of workers) worker.process.kill("SIGTERM");
    // Anything still running after 6 s is killed (scripts/launch.ts allows 8); the primary then exits either way.
    setTimeout(() => {
      for (const worker of alive()) worker.process.kill("SIGKILL");
      process.exit(exitCode);
    }, 6000).unref();
  }
  process.on("SIGTERM", () => stop(0));
  process.on("SIGINT", () => stop(0));
}

if (cluster.isPrimary && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
