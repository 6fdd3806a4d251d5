/**
 * The client's address for sign-in throttling: the first entry of `X-Forwarded-For`, else
 * `X-Real-IP`, else "unknown" (all such requests then share one per-address bucket).
 *
 * Trust: `next start` fills X-Forwarded-For with the socket address only when the request has
 * none, so a client talking to the app directly can claim any address. Deploy behind a proxy
 * that overwrites the header (e.g. nginx `proxy_set_header X-Forwarded-For $remote_addr`).
 * A forged address only dodges the per-address limit; the per-account limit still holds.
 */
export function clientIpFrom(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  if (forwarded) return normalise(forwarded);
  const real = headers.get("x-real-ip")?.trim();
  if (real) return normalise(real);
  return "unknown";
}

/** IPv4 seen through an IPv6 socket (`::ffff:1.2.3.4`) is the same client as `1.2.3.4`. */
function normalise(ip: string): string {
  return ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1").slice(0, 64);
}
