import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getDb } from "@/db";
import { createResendClient } from "@/lib/email/client";
import { handleFakeResendRequest } from "@/lib/email/fake-resend";
import { getEnv } from "@/lib/env";

/**
 * The Resend edge of a test: the app's local stand-in (lib/email/fake-resend.ts) behind real
 * HTTP, reached through the real SDK, so a service is tested with no hook of its own. Faults go
 * in here: `failNext(status)` answers the next request with that status instead of taking it.
 * What was taken is in mail_outbox, as on the Mail outbox page.
 */
export async function startResendStandIn() {
  const faults: number[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const fault = faults.shift();
    if (fault) {
      res.writeHead(fault, { "content-type": "application/json" });
      res.end(JSON.stringify({ statusCode: fault, name: fault === 422 ? "validation_error" : "internal_server_error", message: "Injected." }));
      return;
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const response = await handleFakeResendRequest(new Request(`http://localhost${req.url}`, { method: req.method, headers, body }), getDb());
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/dev/resend`;
  return {
    /** A Resend client of the app's own making, pointed at the stand-in. */
    client: () => createResendClient({ ...getEnv(), RESEND_BASE_URL: baseUrl }),
    failNext: (status: number) => void faults.push(status),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
