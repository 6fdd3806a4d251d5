import Link from "next/link";
import { MainNav, type NavItem } from "./main-nav";
import { SignOutButton } from "./sign-out-button";

/** The signed-in shell's banner: institution, main navigation, who is signed in, sign-out. */
export function AppHeader({
  institutionName,
  userName,
  showAdministration,
  showHandset = false,
  showInstitutions = false,
  unreadConversations = 0,
  signOutAction,
}: {
  institutionName: string;
  userName: string;
  showAdministration: boolean;
  /** The handset simulator, only while Twilio is simulated. */
  showHandset?: boolean;
  /** The platform operator's list of every institution and its limits. */
  showInstitutions?: boolean;
  /** The signed-in user's conversations with unread replies: a badge on Messages. */
  unreadConversations?: number;
  signOutAction: () => Promise<void>;
}) {
  const items: NavItem[] = [
    ...(showInstitutions ? [{ href: "/operator/institutions", label: "Institutions" }] : []),
    { href: "/people", label: "People" },
    {
      href: "/messages",
      label: "Messages",
      badge: { count: unreadConversations, url: "/api/conversations/unread", description: "unread conversations" },
    },
    ...(showAdministration ? [{ href: "/admin", label: "Administration" }] : []),
    ...(showHandset ? [{ href: "/dev/handset", label: "Handset simulator" }] : []),
  ];
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-2">
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
          <Link href="/people" className="text-base font-semibold text-slate-900">
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
