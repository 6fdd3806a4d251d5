import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { ensureSimulatorSecrets } from "./install-secrets";
import { ensureSsoEncryptionKey } from "./launch";

/**
 * `npm run dev`: `next dev` with this install's simulator credentials (.data/, generated on first
 * use): outside production, Twilio and email are simulated while their credentials are absent,
 * and the simulated providers have no built-in credentials (issue 13).
 */
const next = createRequire(import.meta.url).resolve("next/dist/bin/next");
const child = spawn(process.execPath, [next, "dev", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, ...ensureSimulatorSecrets(), SSO_ENCRYPTION_KEY: ensureSsoEncryptionKey() },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
