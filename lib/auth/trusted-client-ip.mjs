// The client's address as the web server sees it, with X-Forwarded-For believed only from
// configured proxies (TRUSTED_PROXIES). Plain JavaScript because scripts/web-server.mjs runs
// it in the request path without a TypeScript loader; lib/auth/client-ip.ts re-exports it.
import { BlockList, isIP } from "node:net";

/** The header the web server sets on every request; whatever a client sends in it is replaced. */
export const CLIENT_IP_HEADER = "x-aviso-client-ip";

/** IPv4 seen through an IPv6 socket (`::ffff:1.2.3.4`) is the same client as `1.2.3.4`. */
export function normaliseIp(ip) {
  const trimmed = String(ip ?? "").trim().replace(/^\[(.*)\]$/, "$1");
  return trimmed.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1").slice(0, 64);
}

/**
 * TRUSTED_PROXIES ("10.0.0.1, 10.1.0.0/16, fd00::/8") as a matcher. Throws on an entry that is
 * not an IP address or CIDR, so a typo stops the server instead of trusting nobody silently.
 */
export function parseTrustedProxies(value) {
  const list = new BlockList();
  const entries = String(value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split("/");
    const family = isIP(address);
    if (!family || extra !== undefined) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const prefix = Number(bits);
    if (!/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128)) throw new Error(`TRUSTED_PROXIES: "${entry}" has an invalid prefix length`);
    list.addSubnet(address, prefix, type);
  }
  return {
    size: entries.length,
    has(ip) {
      const family = isIP(ip);
      return family !== 0 && list.check(ip, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

/**
 * The client's address: the socket's, unless the socket is a trusted proxy — then walk
 * X-Forwarded-For from the right (the entry the nearest proxy appended) past every trusted
 * proxy, and take the first address that is not one. A client-sent X-Forwarded-For thus counts
 * only when a trusted proxy passed it on, and only up to the last hop that proxy vouches for.
 * An unparsable entry stops the walk at the last trusted hop.
 */
export function resolveClientIp(remoteAddress, forwardedFor, trusted) {
  let client = normaliseIp(remoteAddress) || "unknown";
  if (!trusted.size || !trusted.has(client)) return client;
  const hops = String(forwardedFor ?? "")
    .split(",")
    .map(normaliseIp)
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isIP(hops[i])) return client;
    client = hops[i];
    if (!trusted.has(client)) return client;
  }
  return client;
}
