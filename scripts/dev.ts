import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { startDemoIdentityProvider } from "./demo-idp";
import { ensureSimulatorSecrets } from "./install-secrets";
import { ensureSsoEncryptionKey } from "./launch";

/**
 * `npm run dev`: `next dev` with this install's simulator credentials (.data/, generated on first
 * use): outside production, Twilio and email are simulated while their credentials are absent,
 * and the simulated providers have no built-in credentials (issue 13). With DATABASE_URL set (and
 * seeded), Lakeside's test identity provider runs too, as under `npm start` (scripts/demo-idp.ts).
 */
process.env.SSO_ENCRYPTION_KEY = ensureSsoEncryptionKey();
process.env.PUBLIC_BASE_URL ??= `http://localhost:${process.env.PORT ?? 3000}`;
let idp: Awaited<ReturnType<typeof startDemoIdentityProvider>> = null;
if (process.env.DATABASE_URL) {
  const { getDb } = await import("@/db");
  idp = await startDemoIdentityProvider(getDb()).catch((err: unknown) => {
    console.error(`[dev] Lakeside's test identity provider not started: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  });
}
const next = createRequire(import.meta.url).resolve("next/dist/bin/next");
const child = spawn(process.execPath, [next, "dev", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, ...ensureSimulatorSecrets() },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  void idp?.close();
  process.exit(code ?? (signal ? 1 : 0));
});
