import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { getActor } from "@/lib/auth/current-actor";
import { signInErrorFromQuery } from "@/lib/auth/sign-in-refused";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

type Search = { callbackUrl?: string | string[]; error?: string | string[]; code?: string | string[] };
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function SignInPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  // No callback: "/" sends each user to their landing page (the operator to the institutions).
  const callbackUrl = safeCallbackPath(first(search.callbackUrl), "/");
  if (await getActor()) redirect(callbackUrl);
  const error = search.error ? signInErrorFromQuery(first(search.error), first(search.code)) : undefined;
  return (
    <main className="w-full max-w-sm">
      <p className="mb-2 text-center text-sm font-medium text-slate-600">Student Success Messaging</p>
      <Card>
        <h1 className="mb-6 text-xl font-semibold">Sign in</h1>
        <SignInForm callbackUrl={callbackUrl} initialError={error} />
      </Card>
    </main>
  );
}
