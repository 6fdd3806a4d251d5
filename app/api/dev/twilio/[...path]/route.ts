import { isTwilioSimulated } from "@/lib/env";
import { handleSimulatorRequest } from "@/lib/twilio/simulator/handle-request";

/** The simulated Twilio REST API (SPEC §5); absent (404) when real Twilio credentials are set. */
async function handle(req: Request) {
  if (!isTwilioSimulated()) return new Response("Not Found", { status: 404 });
  return handleSimulatorRequest(req);
}

export const dynamic = "force-dynamic";
export { handle as GET, handle as POST };
