import { CLIENT_IP_HEADER } from "@/lib/auth/trusted-client-ip.mjs";

export { CLIENT_IP_HEADER, parseTrustedProxies, resolveClientIp } from "@/lib/auth/trusted-client-ip.mjs";

/**
 * The client's address for sign-in throttling, as the web server (scripts/web-server.mjs)
 * resolved it from the socket and TRUSTED_PROXIES and put in `x-aviso-client-ip`, always
 * replacing any value the client sent. X-Forwarded-For itself is never read here: `next start`
 * passes a client-sent one through, so it would let anyone choose their address. Without the
 * header (`next dev`, or `next start` run directly) every request shares the "unknown" bucket.
 */
export function clientIpFrom(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER)?.trim().slice(0, 64) || "unknown";
}
