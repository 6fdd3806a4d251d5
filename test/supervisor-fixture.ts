// Runs scripts/launch.ts's supervision with two fake children (test/supervisor.test.ts): each
// prints nothing, idles, and exits 0 on SIGTERM. Restart delays are scaled down.
import { launchAppAndWorker, onShutdown } from "../scripts/launch";

const idle = { command: process.execPath, args: ["-e", "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000);"] };
const launched = launchAppAndWorker({
  port: 0,
  env: process.env,
  commands: { app: idle, worker: idle },
  policy: { firstDelayMs: 300, maxDelayMs: 1200, resetAfterMs: 3000 },
});
onShutdown(() => launched.stopAll());
