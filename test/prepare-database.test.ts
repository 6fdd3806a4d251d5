import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { prepareDatabase } from "@/lib/prepare-database";

async function freshDatabase(name: string) {
  const admin = postgres(inject("adminUrl"), { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const u = new URL(inject("adminUrl"));
  u.pathname = `/${name}`;
  return u.toString();
}

async function appliedCount(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const [{ n }] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
  const [{ t }] = await sql`select count(*)::int as t from information_schema.tables where table_schema = 'public'`;
  await sql.end();
  return { migrations: n as number, tables: t as number };
}

describe("migrations", () => {
  it("apply twice without error or change", async () => {
    const url = await freshDatabase(`t_${inject("runId")}_migrate_twice`);
    await prepareDatabase(url);
    const first = await appliedCount(url);
    await prepareDatabase(url);
    expect(await appliedCount(url)).toEqual(first);
    expect(first.tables).toBeGreaterThanOrEqual(26);
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const queues = await sql`select name from pgboss.queue order by name`;
    await sql.end();
    expect(queues.map((q) => q.name)).toEqual(["dispatch-sms", "notify-reply", "notify-send-paused", "release-send", "send-email", "write-send"]);
  });

  it("apply from four processes at once under the advisory lock", async () => {
    const url = await freshDatabase(`t_${inject("runId")}_migrate_parallel`);
    const { spawn } = await import("node:child_process");
    const runs = Array.from({ length: 4 }, () =>
      new Promise<number>((resolve) => {
        const child = spawn("npx", ["tsx", "--conditions=react-server", "scripts/migrate.ts"], {
          env: { ...process.env, DATABASE_URL: url },
          stdio: "ignore",
        });
        child.on("exit", (code) => resolve(code ?? 1));
      }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0]);
    const counts = await appliedCount(url);
    const template = new URL(inject("adminUrl"));
    template.pathname = `/${inject("templateDb")}`;
    expect(counts.tables).toBe((await appliedCount(template.toString())).tables);
    const journal = (await import("@/db/migrations/meta/_journal.json")).default as { entries: unknown[] };
    expect(counts.migrations).toBe(journal.entries.length);
  });
});
