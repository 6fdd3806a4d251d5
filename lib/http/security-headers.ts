/**
 * The security headers of every answer (issue 13, "abuse resistance"). Pages and the API pass
 * through proxy.ts, which sets a nonce-based Content-Security-Policy per request (Next puts the
 * nonce on its own inline and framework scripts when it finds it in the request's CSP header);
 * the routes the proxy skips (Twilio's webhooks, the simulated providers, static files) get the
 * static set from next.config.ts `headers()`. No imports: next.config.ts loads this file too.
 */

export type SecurityHeaderOptions = {
  /** PUBLIC_BASE_URL is https: add Strict-Transport-Security and upgrade-insecure-requests. */
  https: boolean;
  /** `next dev` only: React's development build evaluates strings ('unsafe-eval'). */
  development?: boolean;
};

/** A fresh, unguessable nonce for one request (128 bits, base64). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The pages' policy: scripts only with this request's nonce ('strict-dynamic' lets Next's own
 * nonce'd loader pull its chunks); styles from the app's own stylesheets plus inline style
 * attributes ('unsafe-inline': React `style={}` props and Next's route announcer use them, and
 * a style cannot run code); everything else from the app itself; never framed.
 */
export function pageContentSecurityPolicy(nonce: string, options: SecurityHeaderOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Answers that are never documents (webhooks, the simulated providers' APIs): nothing may load or frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The headers besides the CSP, for every answer. HSTS only over https: on http it would be ignored, or lock a local setup out. */
export function baseSecurityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    // Older browsers that ignore CSP's frame-ancestors.
    "X-Frame-Options": "DENY",
    ...(options.https ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
