import { signOutAndReturn } from "@/app/(auth)/actions";
import { AppHeader } from "@/components/shell/app-header";
import { SkipLink } from "@/components/shell/skip-link";
import { getDb } from "@/db";
import { getInstitutionSummary } from "@/db/queries/institutions";
import { requireActor } from "@/lib/auth/current-actor";
import { landingPath, mainNavigation } from "@/lib/auth/navigation";
import { isTwilioSimulated } from "@/lib/env";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  const institution = await getInstitutionSummary(getDb(), actor.institutionId);
  return (
    <>
      <SkipLink />
      <AppHeader
        institutionName={institution?.name ?? ""}
        userName={actor.displayName}
        homeHref={landingPath(actor)}
        items={mainNavigation(actor, { handset: isTwilioSimulated() })}
        signOutAction={signOutAndReturn}
      />
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 focus:outline-none">
        {children}
      </main>
    </>
  );
}
