import Link from "next/link";
import { MainNav, type NavItem } from "./main-nav";
import { SignOutButton } from "./sign-out-button";

/**
 * The signed-in shell's banner: institution (a link to the user's landing page), main navigation
 * (`items`: what the policy lets this user open, lib/auth/navigation.ts), who is signed in, sign-out.
 */
export function AppHeader({
  institutionName,
  homeHref,
  userName,
  items,
  signOutAction,
}: {
  institutionName: string;
  homeHref: string;
  userName: string;
  items: readonly NavItem[];
  signOutAction: () => Promise<void>;
}) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-2">
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
          <Link href={homeHref} className="text-base font-semibold text-slate-900">
            {institutionName}
          </Link>
          <MainNav items={items} />
        </div>
        <div className="flex items-center gap-3">
          <p className="text-sm text-slate-700">
            <span className="sr-only">Signed in as </span>
            {userName}
          </p>
          <Link href="/account/api-keys" className="text-sm text-slate-700 underline-offset-2 hover:underline">
            API keys
          </Link>
          <SignOutButton action={signOutAction} />
        </div>
      </div>
    </header>
  );
}
