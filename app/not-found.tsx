import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { linkClassName } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg px-4 pt-16">
      <Card>
        <p className="text-sm font-medium text-slate-600">Error 404</p>
        <h1 className="mt-1 text-xl font-semibold">Page not found</h1>
        <p className="mt-2 text-sm text-slate-700">The page you asked for doesn&apos;t exist, or it has moved.</p>
        <Link href="/people" className={linkClassName("mt-4 inline-block font-medium")}>
          Go to People
        </Link>
      </Card>
    </main>
  );
}
