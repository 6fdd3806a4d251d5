import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Student Success Messaging", template: "%s · Student Success Messaging" },
  description: "Text students from the web, with email when a text can't go.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">{children}</body>
    </html>
  );
}
