import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";
import { LiveRefresh } from "@/components/conversations/live-refresh";
import { HandsetInbox } from "@/components/handset/handset-inbox";
import { HandsetKeypad } from "@/components/handset/handset-keypad";
import { HandsetPicker } from "@/components/handset/handset-picker";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getInstitutionSummary } from "@/db/queries/institutions";
import { requireActor } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { formatPhone } from "@/lib/e164";
import { readHandset } from "@/lib/twilio/simulator/handset";
import { textFromHandsetAction } from "@/lib/actions/simulator/handset";

export const metadata: Metadata = { title: "Handset simulator" };

type Props = { searchParams: Promise<{ q?: string; number?: string }> };

/** Act as a recipient's phone while Twilio is simulated (404 otherwise; administrators only, 403 for anyone else). */
export default async function HandsetPage({ searchParams }: Props) {
  // Before anything is read: events from then on reach the page (LiveRefresh's `since`).
  const renderedAt = Date.now();
  const actor = await requireActor();
  const { q, number } = await searchParams;
  const db = getDb();
  const view = await readHandset({ ctx: { db, actor, now: new Date() }, input: { q, number } }).catch((err: unknown) => {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    if (isAppError(err) && err.code === "FORBIDDEN") forbidden();
    throw err;
  });
  const institution = await getInstitutionSummary(db, actor.institutionId);
  return (
    <>
      <PageHeader
        title="Handset simulator"
        description="Twilio is simulated: act as a phone. Texts go to the app through the same signed webhook Twilio uses."
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_1.3fr]">
        <HandsetPicker q={q ?? ""} matches={view.matches} typedNumber={view.typedNumber} chosen={view.number} />
        <section aria-labelledby="handset-heading" className="space-y-4">
          <h2 id="handset-heading" className="text-lg font-semibold text-slate-900">
            {view.number ? `Phone ${formatPhone(view.number)}` : "No phone chosen"}
          </h2>
          {view.number ? (
            <>
              <HandsetInbox messages={view.messages} timeZone={institution?.timeZone ?? "UTC"} />
              <HandsetKeypad key={view.number} from={view.number} systemNumbers={view.systemNumbers} replyTo={view.replyTo} action={textFromHandsetAction} />
              <LiveRefresh watch={{ kind: "handset" }} since={renderedAt} />
            </>
          ) : (
            <p className="text-sm text-slate-600">Find a person or type a number, then choose the phone to act as.</p>
          )}
        </section>
      </div>
    </>
  );
}
