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

/*
 * The safety net of issue 13.3: logs carry ids, never message bodies, phone numbers or email
 * addresses. Call sites log ids; should a provider's or the database's message still quote a
 * number or an address, it is masked here. Bodies cannot be recognised by shape, which is why
 * describeError drops the one place they used to leak (a failed query's parameters).
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** E.164 (`+13125550101`), North American as written (`(312) 555-0101`, `312-555-0101`), or 10–15 bare digits. */
const PHONE = /\+[1-9]\d{6,14}\b|\(\d{3}\)\s?\d{3}[-.\s]\d{4}\b|(?<![\w-])\d{3}[-.]\d{3}[-.]\d{4}\b|(?<![\w.:-])\d{10,15}(?![\w.:-])/g;

/** `text` with every email address and phone number replaced by a placeholder. */
export function redactText(text: string): string {
  return text.replace(EMAIL, "[email]").replace(PHONE, "[phone]");
}

function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (value instanceof Error) return redact(describeError(value), depth);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, depth + 1)]));
}

/** The database error under `err` (postgres.js, possibly wrapped by drizzle), when there is one. */
function postgresErrorOf(err: Error): (Error & Record<string, unknown>) | null {
  for (let e: unknown = err, i = 0; e instanceof Error && i < 4; e = e.cause, i++) {
    if (e.name === "PostgresError") return e as Error & Record<string, unknown>;
  }
  return null;
}

/** A stack without its first line, which repeats the message (a failed query's parameters). */
const framesOf = (stack: string | undefined) => stack?.split("\n").filter((line) => /^\s+at /.test(line)).join("\n");

/**
 * An Error as plain data: its name, message and Postgres/AppError code; the stack only when
 * asked. A failed query (drizzle's "Failed query: … params: …", which quotes bodies, numbers
 * and addresses) is described by its SQLSTATE, constraint, table and column, never its text or
 * parameters.
 */
export function describeError(err: unknown, withStack = false): Fields {
  if (!(err instanceof Error)) return { message: String(err) };
  const pg = postgresErrorOf(err);
  if (pg || err.name === "DrizzleQueryError") {
    const pick = (key: string) => (pg && typeof pg[key] === "string" ? { [key]: pg[key] } : {});
    return {
      name: err.name,
      message: pg ? `database error ${String(pg.code)}` : "database query failed",
      ...(pg ? { code: pg.code } : {}),
      ...pick("constraint_name"),
      ...pick("table_name"),
      ...pick("column_name"),
      ...pick("severity"),
      ...(withStack && err.stack ? { stack: framesOf(err.stack) } : {}),
    };
  }
  const code = (err as { code?: unknown }).code;
  const cause = err.cause instanceof Error ? err.cause.message : undefined;
  return {
    name: err.name,
    message: err.message,
    ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
    ...(cause ? { cause } : {}),
    ...(withStack && err.stack ? { stack: framesOf(err.stack) } : {}),
  };
}

type Sink = (level: Level, line: string) => void;

const defaultSink: Sink = (level, line) => {
  if (level === "error" || level === "warn") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
};
let sink: Sink = defaultSink;

/** Where log lines go (tests capture them); `null` restores stdout/stderr. */
export function setLogSink(next: Sink | null) {
  sink = next ?? defaultSink;
}

function write(level: Level, msg: string, fields?: Fields) {
  if (RANK[level] < threshold()) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg: redactText(msg), ...(fields ? (redact(fields) as Fields) : {}) });
  sink(level, line);
}

/**
 * Structured JSON logs, one object per line, filtered by LOG_LEVEL. Log ids and codes, never
 * message bodies, phone numbers, email addresses, passwords or tokens (numbers and addresses
 * that slip through are masked).
 */
export const log = {
  debug: (msg: string, fields?: Fields) => write("debug", msg, fields),
  info: (msg: string, fields?: Fields) => write("info", msg, fields),
  warn: (msg: string, fields?: Fields) => write("warn", msg, fields),
  error: (msg: string, fields?: Fields) => write("error", msg, fields),
};

/**
 * console.error/warn/log arguments as they may be printed: an Error becomes its describeError
 * (a failed query by SQLSTATE only), any string has numbers and addresses masked. Next prints a
 * page's or an action's uncaught error itself with console.error — drizzle's message quotes the
 * query's parameters — so the server processes pass their console through this
 * (installConsoleRedaction, from instrumentation.ts).
 */
export function redactConsoleArgs(args: unknown[]): unknown[] {
  return args.map((arg) => {
    if (arg instanceof Error) return JSON.stringify(describeError(arg, true));
    if (typeof arg === "string") return redactText(arg);
    return arg;
  });
}

/** Routes this process's console.error, warn, info and log through redactConsoleArgs. */
export function installConsoleRedaction(target: Pick<Console, "error" | "warn" | "info" | "log"> = console) {
  for (const method of ["error", "warn", "info", "log"] as const) {
    const original = target[method].bind(target);
    target[method] = (...args: unknown[]) => original(...redactConsoleArgs(args));
  }
}

