import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { getActor } from "@/lib/auth/current-actor";
import { landingPath, mainNavigation } from "@/lib/auth/navigation";
import { linkClassName } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Not allowed" };

/** The 403 card. Its link goes to the user's landing page, which their role may always open (issue 15.3). */
export default async function Forbidden() {
  const actor = await getActor();
  const home = actor ? landingPath(actor) : "/sign-in";
  const label = actor ? (mainNavigation(actor, { handset: false }).find((i) => i.href === home)?.label ?? "your account") : "sign in";
  return (
    <main className="mx-auto max-w-lg px-4 pt-16">
      <Card>
        <p className="text-sm font-medium text-slate-600">Error 403</p>
        <h1 className="mt-1 text-xl font-semibold">You don&apos;t have access to this page</h1>
        <p className="mt-2 text-sm text-slate-700">
          Your account doesn&apos;t have the role this page needs. If you think it should, ask your institution&apos;s
          administrator.
        </p>
        <Link href={home} className={linkClassName("mt-4 inline-block font-medium")}>
          {`Go to ${label}`}
        </Link>
      </Card>
    </main>
  );
}
