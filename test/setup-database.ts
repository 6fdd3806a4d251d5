import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { closeDb } from "@/db";
import { resetEnvCache } from "@/lib/env";

/** Each test file gets its own database, cloned from the migrated template (≈30 ms). */
const adminUrl = inject("adminUrl");
const name = `t_${inject("runId")}_${randomBytes(5).toString("hex")}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}" template "${inject("templateDb")}"`);
await admin.end();

const url = new URL(adminUrl);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();
process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";
resetEnvCache();

afterAll(async () => {
  await closeDb();
});
