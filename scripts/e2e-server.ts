import { randomBytes } from "node:crypto";
import path from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres } from "@/db/embedded";
import { prepareDatabase } from "@/lib/prepare-database";
import { generateSimulatorSecrets } from "./install-secrets";
import { launchAppAndWorker, onShutdown } from "./launch";

/**
 * The server Playwright tests run against: a freshly created database with demo data on its
 * own embedded PostgreSQL (or E2E_DATABASE_ADMIN_URL's server), then `next start` + the worker.
 * Refuses anything but a local database. Twilio and email are simulated on purpose
 * (TWILIO_MODE / EMAIL_MODE), with simulator credentials fresh for each run.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const database = "aviso_e2e";

let adminUrl = process.env.E2E_DATABASE_ADMIN_URL;
let stopServer = async () => {};
if (!adminUrl) {
  const server = await startEmbeddedPostgres({
    dir: path.resolve(".data/pg-e2e"),
    port: Number(process.env.E2E_PG_PORT ?? 54349),
    database: "postgres",
    settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off" },
  });
  adminUrl = server.adminUrl;
  stopServer = server.stop;
}
const host = new URL(adminUrl).hostname;
if (!["127.0.0.1", "localhost", "::1"].includes(host)) {
  throw new Error(`Refusing to run end-to-end tests against a non-local database (${host}).`);
}
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`drop database if exists "${database}" with (force)`);
await admin.unsafe(`create database "${database}"`);
await admin.end();
const url = new URL(adminUrl);
url.pathname = `/${database}`;
process.env.DATABASE_URL = url.toString();

await prepareDatabase(url.toString());
const { getDb, closeDb } = await import("@/db");
const { seedDemo } = await import("@/db/seed");
// Quiet hours off (SPEC §9 default: on): the worker runs on the real clock, and a spec that
// texts must not pass by day and fail by night. A spec about quiet hours turns them on itself.
await seedDemo(getDb(), { now: new Date(), quietHoursEnabled: false });
await closeDb();

const publicUrl = `http://localhost:${port}`;
// Fresh for each run, like the simulator's credentials: e2e/sso-oidc.spec.ts saves its connection through the page.
const ssoEncryptionKey = process.env.SSO_ENCRYPTION_KEY ?? randomBytes(32).toString("base64");
const launched = launchAppAndWorker({
  port,
  env: {
    DATABASE_URL: url.toString(),
    AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e",
    SSO_ENCRYPTION_KEY: ssoEncryptionKey,
    AUTH_TRUST_HOST: "true",
    AUTH_URL: publicUrl,
    PUBLIC_BASE_URL: publicUrl,
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    TWILIO_MODE: "simulated",
    EMAIL_MODE: "simulated",
    ...generateSimulatorSecrets(),
    // The browser connects from here; a test may then pose as another client with X-Forwarded-For.
    TRUSTED_PROXIES: "127.0.0.1,::1",
  },
});
onShutdown(async () => {
  await launched.stopAll();
  await stopServer();
});
