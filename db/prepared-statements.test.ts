import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";

/** The statements this session keeps prepared, by their text. */
async function preparedHere(tx: Parameters<Parameters<ReturnType<typeof getDb>["transaction"]>[0]>[0]) {
  const rows = await tx.execute<{ statement: string }>(sql`select statement from pg_prepared_statements where not from_sql`);
  return rows.map((r) => r.statement);
}

describe("drizzle's queries as prepared statements (db/index.ts)", () => {
  it("keeps a query with scalar parameters prepared, in a transaction and a savepoint too, and not one with an array or none", async () => {
    await getDb().transaction(async (tx) => {
      await tx.execute(sql`select ${1}::int + 41 as scalar_probe`);
      await tx.execute(sql`select cardinality(${"{1,2,3}"}::int[]) as array_probe`);
      await tx.execute(sql`select 42 as constant_probe`);
      await tx.transaction(async (sp) => {
        await sp.execute(sql`select ${2}::int as savepoint_probe`);
      });
      const prepared = (await preparedHere(tx)).join("\n");
      expect([prepared.includes("scalar_probe"), prepared.includes("savepoint_probe"), prepared.includes("array_probe"), prepared.includes("constant_probe")]).toEqual([
        true,
        true,
        false,
        false,
      ]);
    });
  });

  it("answers a prepared query with the values of each run", async () => {
    const db = getDb();
    const answers = [];
    for (const n of [1, 2, 3, 4, 5, 6, 7]) answers.push((await db.execute<{ n: number }>(sql`select ${n}::int * 10 as n`))[0].n);
    expect(answers).toEqual([10, 20, 30, 40, 50, 60, 70]);
  });
});
