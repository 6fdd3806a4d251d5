import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { SettingsChanges } from "@/components/settings/settings-changes";
import { TwilioLimits } from "@/components/settings/twilio-limits";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { getTwilioUsage } from "@/lib/settings/get-twilio-usage";
import { listSettingsChanges } from "@/lib/settings/list-settings-changes";
import { linkClassName } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Twilio · Institutions" };

/** One institution's Twilio tab for the platform operator: both meters, the limit forms, their history. */
export default async function InstitutionTwilioPage({ params }: { params: Promise<{ institutionId: string }> }) {
  const actor = await requirePermission("institutionLimits.manage");
  const parsed = z.guid().safeParse((await params).institutionId);
  if (!parsed.success) notFound();
  const institutionId = parsed.data;
  const ctx = { db: getDb(), actor, now: new Date() };
  const usage = await getTwilioUsage({ ctx, input: { institutionId } }).catch((err: unknown) => {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  const changes = await listSettingsChanges({ ctx, input: { scopes: ["SMS_LIMITS"], institutionId } });
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/operator/institutions" className={linkClassName()}>
          All institutions
        </Link>
      </p>
      <PageHeader title={`${usage.institution.name} · Twilio`} description="The institution's two SMS limits; its administrators see them read-only." />
      <TwilioLimits usage={usage} canEdit />
      <SettingsChanges changes={changes} timeZone={usage.timeZone} />
    </>
  );
}
