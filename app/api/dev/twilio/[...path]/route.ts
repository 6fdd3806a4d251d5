import { isTwilioSimulated } from "@/lib/env";
import { handleSimulatorRequest } from "@/lib/twilio/simulator/handle-request";

/** The simulated Twilio REST API (SPEC §5); absent (404) when real Twilio credentials are set. */
async function handle(req: Request) {
  if (!isTwilioSimulated()) return new Response("Not Found", { status: 404 });
  const res = await handleSimulatorRequest(req);
  // Answers are a few hundred bytes: `no-transform` keeps `next start` from gzipping each one.
  res.headers.set("Cache-Control", "no-transform");
  return res;
}

export const dynamic = "force-dynamic";
export { handle as GET, handle as POST };
