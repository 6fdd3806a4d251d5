import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { pgArray } from "./sql-values";

describe("pgArray", () => {
  it("round-trips every value through PostgreSQL, bare where it can and quoted where it must", async () => {
    const values = [
      "NULL", "null", "Null", "", " ", "a b", 'q"uote', "back\\slash", "{brace}", "a,b", "x@y.edu", "+13125550100",
      "4f0b6a3e-2b1c-4c7e-9a55-0d6f1c2b3a4d", "NO_SMS_NUMBER", "é", "line\nbreak", "tab\there", "5", null, "'single'",
    ];
    const [row] = await getDb().execute<{ back: (string | null)[] }>(sql`select to_json(${pgArray(values)}::text[]) as back`);
    expect(row.back).toEqual(values);
    expect(pgArray(["4f0b6a3e-2b1c-4c7e-9a55-0d6f1c2b3a4d", "x@y.edu", null, "NULL", "a b"])).toBe(
      '{4f0b6a3e-2b1c-4c7e-9a55-0d6f1c2b3a4d,x@y.edu,NULL,"NULL","a b"}',
    );
    const [numbers] = await getDb().execute<{ back: number[] }>(sql`select ${pgArray([1, 22, 333])}::int[] as back`);
    expect(numbers.back).toEqual([1, 22, 333]);
  });
});
