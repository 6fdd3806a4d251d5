// One web process of `npm run web` (scripts/web.mjs forks it per core): Next.js behind a plain
// node:http server, so that the client's address comes from the socket.
//
// Inside Next's route handlers and server actions the socket address is not exposed, and
// `next start` passes a client-sent X-Forwarded-For through untouched, so anything reading that
// header lets a client pick its own address. Here every request gets `x-aviso-client-ip`,
// resolved from the socket address and, only when the socket is one of TRUSTED_PROXIES, from
// X-Forwarded-For (lib/auth/trusted-client-ip.mjs) — always overwriting what the client sent.
// Sign-in throttling (lib/auth/client-ip.ts) reads only that header.
//
// Plain JavaScript, run by Node itself: no TypeScript loader in the request path.
import { createServer } from "node:http";
import next from "next";
import { CLIENT_IP_HEADER, parseTrustedProxies, resolveClientIp } from "../lib/auth/trusted-client-ip.mjs";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME || undefined;

let trusted;
try {
  trusted = parseTrustedProxies(process.env.TRUSTED_PROXIES);
} catch (err) {
  console.error(`[web] ${err.message}`);
  process.exit(1);
}

const app = next({ dev: false, dir: process.cwd(), port, hostname });
await app.prepare();
const handle = app.getRequestHandler();

const server = createServer((req, res) => {
  req.headers[CLIENT_IP_HEADER] = resolveClientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], trusted);
  handle(req, res);
});
// Longer than a typical load balancer's idle timeout, as `next start` does, so it never sees a reset.
server.keepAliveTimeout = 65_000;
server.on("error", (err) => {
  console.error(`[web] ${err.message}`);
  process.exit(1);
});
server.listen(port, hostname, () => {
  console.log(`[web] process ${process.pid} ready on port ${port}${trusted.size ? ` (trusting X-Forwarded-For from ${trusted.size} proxy entries)` : ""}`);
});

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
