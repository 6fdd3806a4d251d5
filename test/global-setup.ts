import { randomBytes } from "node:crypto";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedServer } from "@/db/embedded";
import { prepareDatabase } from "@/lib/prepare-database";

function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * One real PostgreSQL for the whole run (the embedded one unless DATABASE_URL is set) and one
 * migrated template; every test file clones its own database from it. Names carry a run id,
 * so two runs on one machine never drop each other's databases.
 */
export default async function setup(project: TestProject) {
  const run = randomBytes(3).toString("hex");
  let server: EmbeddedServer | undefined;
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
  const template = `tpl_${run}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  // Databases of earlier runs that nobody is connected to any more (killed runs).
  const stale = await admin`
    select datname from pg_database d
    where (datname like 't!_%' escape '!' or datname like 'tpl!_%' escape '!')
      and not exists (select 1 from pg_stat_activity a where a.datname = d.datname)`;
  for (const { datname } of stale) await admin.unsafe(`drop database if exists "${datname}"`).catch(() => {});
  await admin.unsafe(`create database "${template}"`);
  await prepareDatabase(withDatabase(adminUrl, template));
  await admin.end();

  project.provide("adminUrl", adminUrl);
  project.provide("templateDb", template);
  project.provide("runId", run);

  return async () => {
    const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
    const mine = await a`select datname from pg_database where datname like ${`t!_${run}!_%`} escape '!' or datname = ${template}`;
    for (const { datname } of mine) await a.unsafe(`drop database if exists "${datname}" with (force)`);
    const [{ others }] = await a`select count(*)::int as others from pg_stat_activity where datname like 't!_%' escape '!' or datname like 'tpl!_%' escape '!'`;
    await a.end();
    // Another run still uses the server: leave it to that run to stop.
    if (others === 0) await server?.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
    runId: string;
  }
}
