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
      <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-6 gap-y-1 px-4 py-2">
        <Link href={homeHref} className="min-w-0 truncate text-base font-semibold text-slate-900">
          {institutionName}
        </Link>
        {/* At phone widths the navigation is one row of its own that scrolls sideways, not three wrapped rows; its right edge fades to show there is more. */}
        <div className="scroll-fade-x order-last -mx-4 w-[calc(100%+2rem)] overflow-x-auto px-4 sm:order-none sm:mask-none sm:mx-0 sm:w-auto sm:flex-1 sm:overflow-visible sm:px-0">
          <MainNav items={items} />
        </div>
        <div className="hidden items-center gap-3 sm:flex">
          <p className="text-sm text-slate-700">
            <span className="sr-only">Signed in as </span>
            {userName}
          </p>
          <Link href="/account/api-keys" className="text-sm text-slate-700 underline-offset-2 hover:underline">
            API keys
          </Link>
          <SignOutButton action={signOutAction} />
        </div>
        {/* Phones: API keys and sign-out behind one button that shows who is signed in (the full name is written once, above). */}
        <details className="relative sm:hidden">
          <summary className="cursor-pointer list-none rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-800">
            <span className="sr-only">Account of </span>
            {userName.split(" ")[0]}
            <span aria-hidden="true"> ▾</span>
          </summary>
          <div className="absolute right-0 z-20 mt-1 flex w-56 flex-col gap-2 rounded-md border border-slate-200 bg-white p-3 shadow-lg">
            <Link href="/account/api-keys" className="text-sm text-blue-800 underline">
              API keys
            </Link>
            <SignOutButton action={signOutAction} />
          </div>
        </details>
      </div>
    </header>
  );
}
