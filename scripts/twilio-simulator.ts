import { closeDb, getDb } from "@/db";
import { isTwilioSimulated } from "@/lib/env";
import { log } from "@/lib/log";
import { defaultSenderQueue, defaultWebhookDeps } from "@/lib/twilio/simulator/deps";
import { createSimulatorServer } from "@/lib/twilio/simulator/node-server";
import { resolveDatabase } from "./database";
import { prepareProcessEnv } from "./install-secrets";

/**
 * `npm run twilio-simulator`: the simulated Twilio API in its own light process (node:http, not
 * Next), on the app's database, posting its signed webhooks to PUBLIC_BASE_URL as the app's own
 * simulator does. Point workers at it with TWILIO_SIMULATOR_URL=http://<host>:<port>, so the
 * simulated Twilio's work (Twilio's, in production) stays off the web server under load.
 *
 * PORT: TWILIO_SIMULATOR_PORT (default 3001; 0 picks a free one). With --hold-callbacks, status
 * callbacks stay queued until the process receives SIGUSR2 or, when forked, the IPC message
 * "release-callbacks" (bench:drain). When forked, it sends { ready: port } once listening.
 */
// The install's simulator credentials (the app's own, from .data/ or the environment), checked.
prepareProcessEnv("twilio-simulator");
if (!isTwilioSimulated()) {
  console.error("[twilio-simulator] Twilio is live here (TWILIO_MODE=live or real credentials): there is nothing to simulate.");
  process.exit(1);
}
const hold = process.argv.includes("--hold-callbacks");
const { server: embedded } = await resolveDatabase();
if (embedded && !embedded.reused) {
  await embedded.stop();
  console.error("No running database: the simulator works on the app's database. Start the app first, or set DATABASE_URL.");
  process.exit(1);
}

let release = () => {};
const callbacksReleased = hold ? new Promise<void>((resolve) => (release = resolve)) : undefined;
process.on("SIGUSR2", () => release());
process.on("message", (message) => {
  if (message === "release-callbacks") release();
});

const server = createSimulatorServer({ db: getDb(), callbackDelaysMs: [50, 100], callbacksReleased, senderQueue: defaultSenderQueue(), ...defaultWebhookDeps() });
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.TWILIO_SIMULATOR_PORT ?? 3001), () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  log.info("twilio simulator listening", { port, holdCallbacks: hold });
  process.send?.({ ready: port });
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    void closeDb().then(() => process.exit(0));
  });
}
