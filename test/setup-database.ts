import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { closeDb } from "@/db";
import { resetEnvCache } from "@/lib/env";
import { generateSimulatorSecrets } from "@/scripts/install-secrets";

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
// Tests run the simulated providers on purpose, with credentials fresh for each test file's
// process (issue 13: none is a constant). A test of live mode sets TWILIO_MODE / EMAIL_MODE=live.
process.env.TWILIO_MODE ??= "simulated";
process.env.EMAIL_MODE ??= "simulated";
for (const [name, value] of Object.entries(generateSimulatorSecrets())) process.env[name] ??= value;
// SSO client secrets are encrypted with it (lib/auth/sso/secret-box.ts); fresh per test file's process.
process.env.SSO_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
resetEnvCache();

afterAll(async () => {
  await closeDb();
});
