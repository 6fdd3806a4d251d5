import type { TwilioTransport } from "@/lib/twilio/client";

type Handler = (req: Request) => Promise<Response>;

/**
 * A transport for tests: the SDK's request, already pointed at the simulator, is handed to the
 * simulator's handler without a server. It encodes as the SDK does (form body, repeated keys for
 * arrays, Basic auth) and honours the request timeout the way the SDK's axios client does: the
 * caller gets an error with code ECONNABORTED while the handler carries on.
 */
export function inProcessTransport(handle: Handler): TwilioTransport {
  return async (opts) => {
    const url = new URL(opts.uri);
    for (const [key, value] of entries(opts.params)) url.searchParams.append(key, value);
    const headers = new Headers(opts.headers as Record<string, string> | undefined);
    if (opts.username && opts.password) {
      headers.set("Authorization", `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString("base64")}`);
    }
    const body = opts.data ? new URLSearchParams(entries(opts.data)).toString() : undefined;
    const request = new Request(url, { method: opts.method.toUpperCase(), headers, body });

    const timeoutMs = opts.timeout ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`timeout of ${timeoutMs}ms exceeded`), { code: "ECONNABORTED" })), timeoutMs);
    });
    try {
      const response = await Promise.race([handle(request), timedOut]);
      return { statusCode: response.status, body: await response.text(), headers: Object.fromEntries(response.headers) };
    } finally {
      clearTimeout(timer);
    }
  };
}

function entries(values: unknown): [string, string][] {
  if (!values || typeof values !== "object") return [];
  return Object.entries(values).flatMap(([key, value]) =>
    value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((v): [string, string] => [key, String(v)]),
  );
}
