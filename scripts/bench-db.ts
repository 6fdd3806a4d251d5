import path from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres, type EmbeddedServer } from "@/db/embedded";
import { prepareDatabase } from "@/lib/prepare-database";

/**
 * A fresh database for a benchmark: on BENCH_DATABASE_ADMIN_URL's server when set, else on the
 * project's own embedded PostgreSQL (BENCH_PG_DIR, default .data/pg-bench). Sets DATABASE_URL for the app code.
 */
export async function freshBenchDatabase(name: string): Promise<{ url: string; stop: () => Promise<void> }> {
  let server: EmbeddedServer | undefined;
  let adminUrl = process.env.BENCH_DATABASE_ADMIN_URL;
  if (!adminUrl) {
    server = await startEmbeddedPostgres({
      dir: path.resolve(process.env.BENCH_PG_DIR ?? ".data/pg-bench"),
      port: Number(process.env.BENCH_PG_PORT ?? 54359),
      database: "postgres",
    });
    adminUrl = server.adminUrl;
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  await prepareDatabase(u.toString());
  process.env.DATABASE_URL = u.toString();
  return { url: u.toString(), stop: async () => server?.stop() };
}

/** p-th percentile (0–100) of a list of numbers. */
export function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
