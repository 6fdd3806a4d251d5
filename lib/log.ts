import { getEnv } from "@/lib/env";

type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

const RANK: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

function threshold(): number {
  try {
    return RANK[getEnv().LOG_LEVEL];
  } catch {
    // A broken environment is reported by whoever reads it for real; logging must still work.
    return RANK.info;
  }
}

/** An Error as plain data: its name, message and Postgres/AppError code; the stack only when asked. */
export function describeError(err: unknown, withStack = false): Fields {
  if (!(err instanceof Error)) return { message: String(err) };
  const code = (err as { code?: unknown }).code;
  const cause = err.cause instanceof Error ? err.cause.message : undefined;
  return {
    name: err.name,
    message: err.message,
    ...(typeof code === "string" ? { code } : {}),
    ...(cause ? { cause } : {}),
    ...(withStack && err.stack ? { stack: err.stack } : {}),
  };
}

function write(level: Level, msg: string, fields?: Fields) {
  if (RANK[level] < threshold()) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  if (level === "error" || level === "warn") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
}

/**
 * Structured JSON logs, one object per line, filtered by LOG_LEVEL. Log ids and codes,
 * never message bodies, passwords or tokens.
 */
export const log = {
  debug: (msg: string, fields?: Fields) => write("debug", msg, fields),
  info: (msg: string, fields?: Fields) => write("info", msg, fields),
  warn: (msg: string, fields?: Fields) => write("warn", msg, fields),
  error: (msg: string, fields?: Fields) => write("error", msg, fields),
};
