import { prepareDatabase } from "@/lib/prepare-database";
import { resolveDatabase } from "./database";
import { demoProviderModes, ensureSimulatorSecrets } from "./install-secrets";
import { startDemoIdentityProvider } from "./demo-idp";
import { ensureAuthSecret, ensureBuild, ensureSsoEncryptionKey, launchAppAndWorker, onShutdown } from "./launch";

/**
 * `npm start`: a database (embedded unless DATABASE_URL), migrations, demo data on an empty
 * database, a production build if the sources changed, then the app and the worker.
 *
 * The demo opts in to simulation by itself (issue 13): a provider without credentials runs with
 * TWILIO_MODE / EMAIL_MODE = simulated, said in the first lines of output, and the simulated
 * providers' credentials are this install's (.data/simulator-credentials.json). `npm run web`
 * and `npm run worker` alone make no such choice: in production they refuse to start unless
 * a mode or credentials are given.
 */
const modes = demoProviderModes();
for (const line of modes.lines) console.log(line);
const simulatorSecrets = ensureSimulatorSecrets();
const port = Number(process.env.PORT ?? 3000);
const publicUrl = process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`;
// This process seeds Lakeside's SSO connection (encrypted with the key) and runs its test provider.
process.env.SSO_ENCRYPTION_KEY = ensureSsoEncryptionKey();
process.env.PUBLIC_BASE_URL = publicUrl;
const { url, server } = await resolveDatabase();
let idp: Awaited<ReturnType<typeof startDemoIdentityProvider>> = null;
try {
  await prepareDatabase(url);
  const { getDb, closeDb } = await import("@/db");
  const { isDatabaseEmpty, seedDemo } = await import("@/db/seed");
  if (await isDatabaseEmpty(getDb())) {
    console.log("[start] empty database: loading demo data");
    await seedDemo(getDb(), { now: new Date() });
  }
  idp = await startDemoIdentityProvider(getDb());
  await closeDb();
  ensureBuild();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await idp?.close();
  await server?.stop();
  process.exit(1);
}

const launched = launchAppAndWorker({
  port,
  env: {
    DATABASE_URL: url,
    AUTH_SECRET: ensureAuthSecret(),
    SSO_ENCRYPTION_KEY: process.env.SSO_ENCRYPTION_KEY,
    AUTH_TRUST_HOST: "true",
    AUTH_URL: process.env.AUTH_URL ?? publicUrl,
    PUBLIC_BASE_URL: publicUrl,
    NODE_ENV: "production",
    ...simulatorSecrets,
    ...modes.vars,
  },
});
onShutdown(async () => {
  await launched.stopAll();
  await idp?.close();
  await server?.stop();
});
console.log(`[start] serving on ${publicUrl} — sign in as admin@northfield.edu / demo-pass${idp ? ", or as admin@lakeside.edu through Lakeside SSO" : ""}`);
