import { signOutAndReturn } from "@/app/(auth)/actions";
import { AppHeader } from "@/components/shell/app-header";
import { SkipLink } from "@/components/shell/skip-link";
import { getDb } from "@/db";
import { countUnreadConversations } from "@/db/queries/conversations";
import { getInstitutionSummary } from "@/db/queries/institutions";
import { requireActor } from "@/lib/auth/current-actor";
import { landingPath, mainNavigation } from "@/lib/auth/navigation";
import { can } from "@/lib/auth/policy";
import { isTwilioSimulated } from "@/lib/env";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  const [institution, unread] = await Promise.all([
    getInstitutionSummary(getDb(), actor.institutionId),
    actor.personId && can(actor, "conversations.list") ? countUnreadConversations(getDb(), { institutionId: actor.institutionId, ownerPersonId: actor.personId }) : 0,
  ]);
  return (
    <>
      <SkipLink />
      <AppHeader
        institutionName={institution?.name ?? ""}
        userName={actor.displayName}
        homeHref={landingPath(actor)}
        items={mainNavigation(actor, { handset: isTwilioSimulated(), unread })}
        signOutAction={signOutAndReturn}
      />
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 focus:outline-none">
        {children}
      </main>
    </>
  );
}
