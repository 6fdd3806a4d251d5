import { createServer, type IncomingMessage, type Server } from "node:http";
import { SIMULATOR_PATH } from "@/lib/twilio/client";
import { describeError, log } from "@/lib/log";
import type { SimulatorDeps } from "./deps";
import { handleSimulatorRequest } from "./handle-request";

/**
 * The simulated Twilio API on a plain node:http server, outside Next: the same handler the app
 * serves at /api/dev/twilio, for a worker pointed at it with TWILIO_SIMULATOR_URL (see
 * scripts/twilio-simulator.ts). Serves only paths under SIMULATOR_PATH; anything else is 404.
 */
export function createSimulatorServer(deps: SimulatorDeps): Server {
  return createServer((req, res) => {
    const path = req.url ?? "/";
    if (!path.startsWith(`${SIMULATOR_PATH}/`)) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("Not Found");
      return;
    }
    void (async () => {
      const body = req.method === "GET" || req.method === "HEAD" ? undefined : await readBody(req);
      const request = new Request(`http://${req.headers.host ?? "localhost"}${path}`, {
        method: req.method,
        headers: Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(", ") : v] as [string, string]])),
        body: body && new Uint8Array(body),
      });
      const response = await handleSimulatorRequest(request, deps);
      const text = await response.text();
      res.writeHead(response.status, { ...Object.fromEntries(response.headers), "Content-Length": Buffer.byteLength(text) }).end(text);
    })().catch((err) => {
      log.error("twilio simulator server: request failed", { path, ...describeError(err) });
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
      res.end("Internal Server Error");
    });
  });
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
