/** "/" sends each user to their role's landing page (app/page.tsx, lib/auth/navigation.ts). */
export const DEFAULT_AFTER_SIGN_IN = "/";

/**
 * Where to go after signing in: `raw` only when it is a path on this site (no scheme, no
 * `//host`, no backslash tricks, not the sign-in page itself), else the default. Keeps the
 * sign-in form from being an open redirect.
 */
export function safeCallbackPath(raw: unknown, fallback = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof raw !== "string" || !raw.startsWith("/") || raw.startsWith("//") || /[\\\u0000-\u001f]/.test(raw)) {
    return fallback;
  }
  const base = "http://same.invalid";
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base || url.pathname === "/sign-in" || url.pathname.startsWith("/api/")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
