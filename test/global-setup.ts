import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedServer } from "@/db/embedded";
import { migrateDatabase } from "@/db/migrate";

export const TEMPLATE_DB = "aviso_test_template";

let server: EmbeddedServer | undefined;

function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * One real PostgreSQL for the whole run (the embedded one unless DATABASE_URL is set), one
 * migrated template database; every test file clones its own database from it.
 */
export default async function setup(project: TestProject) {
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, "postgres");
  } else {
    server = await startEmbeddedPostgres({
      dir: process.env.TEST_PG_DIR ?? path.resolve(".data/pg-test"),
      port: Number(process.env.TEST_PG_PORT ?? 54339),
      database: "postgres",
      settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off" },
    });
    adminUrl = server.adminUrl;
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const stale = await admin`select datname from pg_database where datname like 't!_%' escape '!' or datname = ${TEMPLATE_DB}`;
  for (const { datname } of stale) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
  await admin.unsafe(`create database "${TEMPLATE_DB}"`);
  await migrateDatabase(withDatabase(adminUrl, TEMPLATE_DB));
  await admin.end();

  project.provide("adminUrl", adminUrl);
  project.provide("templateDb", TEMPLATE_DB);

  return async () => {
    const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
    const dbs = await a`select datname from pg_database where datname like 't!_%' escape '!'`;
    for (const { datname } of dbs) await a.unsafe(`drop database if exists "${datname}" with (force)`);
    await a.end();
    await server?.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
  }
}
