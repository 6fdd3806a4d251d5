import { z } from "zod";

/**
 * The database's own variables. Validated here, so db/ depends on nothing above it; lib/env.ts
 * includes this shape in the schema of the whole environment, which every process checks at
 * start-up, so a bad value still stops the process with the variable's name.
 */
export const databaseEnvShape = {
  DATABASE_URL: z.string().url().optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
};

const schema = z.object(databaseEnvShape);

export type DatabaseEnv = z.infer<typeof schema>;

/** DATABASE_URL and DB_POOL_MAX, read when the database is first used (an empty value counts as unset). */
export function getDatabaseEnv(): DatabaseEnv {
  const parsed = schema.safeParse({ DATABASE_URL: process.env.DATABASE_URL || undefined, DB_POOL_MAX: process.env.DB_POOL_MAX || undefined });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
