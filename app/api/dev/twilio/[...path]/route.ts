import { isTwilioSimulated } from "@/lib/env";
import { handleSimulatorRequest } from "@/lib/twilio/simulator/handle-request";

/** The simulated Twilio REST API (SPEC §5); absent (404) when real Twilio credentials are set. */
async function handle(req: Request) {
  if (!isTwilioSimulated()) return new Response("Not Found", { status: 404 });
  const res = await handleSimulatorRequest(req);
  // Answers are a few hundred bytes: with a Content-Length the server sends them as they are
  // instead of streaming each through gzip.
  const body = await res.arrayBuffer();
  const headers = new Headers(res.headers);
  headers.set("Content-Length", String(body.byteLength));
  return new Response(body, { status: res.status, headers });
}

export const dynamic = "force-dynamic";
export { handle as GET, handle as POST };
