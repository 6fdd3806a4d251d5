import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Student Success Messaging", template: "%s · Student Success Messaging" },
  description: "Text students from the web, with email when a text can't go.",
};

/**
 * Every page renders per request (`connection()`): proxy.ts gives each request a fresh CSP nonce,
 * which Next puts on its scripts only while rendering — a page prerendered at build time would
 * carry none, and the policy would block its scripts (issue 13).
 */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">{children}</body>
    </html>
  );
}
