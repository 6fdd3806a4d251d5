import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LiveRefresh } from "@/components/conversations/live-refresh";
import { firstValues } from "@/components/data-grid/grid-href";
import { DeliveryCurve } from "@/components/sends/delivery-curve";
import { FailedByReason, SendOutcomeFigures } from "@/components/sends/send-outcome-figures";
import { SendFollowUp } from "@/components/sends/send-follow-up";
import { SendRecipientsTable } from "@/components/sends/send-recipients-table";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { getSendOutcomes, listSendOutcomes } from "@/lib/messaging/send/get-send-outcomes";
import { LIVE_FIGURES_MAX_RECIPIENTS } from "@/lib/messaging/send/send-outcome-snapshots";
import { formatInZone } from "@/lib/messaging/send/zoned-time";
import { composerProps } from "../../people/composer-props";

export const metadata: Metadata = { title: "Results of a send" };

/** A send's results (issue 18 item 1): its sender's, or an administrator's; anyone else gets 404. A cursor from elsewhere starts over. */
export default async function SendResultsPage({ params, searchParams }: { params: Promise<{ sendId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("sends.list");
  const { sendId } = await params;
  const { cursor } = firstValues(await searchParams);
  const ctx = { db: getDb(), actor, now: new Date() };
  const rows = (c: string | undefined) => listSendOutcomes({ ctx, input: { sendId, page: { cursor: c } } });
  const [outcomes, page] = await Promise.all([
    getSendOutcomes({ ctx, input: { sendId } }),
    rows(cursor).catch((err: unknown) => (isAppError(err) && err.code === "VALIDATION" ? rows(undefined) : Promise.reject(err))),
  ]).catch((err: unknown) => (isAppError(err) && err.code === "NOT_FOUND" ? notFound() : Promise.reject(err)));
  const { send } = outcomes;
  const composer = await composerProps(actor);
  const sentBy = send.sender.userId === actor.userId ? "you" : (send.sender.name ?? "a colleague");
  return (
    <>
      {/* Its figures follow its texts' statuses, replies and opt-outs: at most one re-render every 2 s. */}
      <LiveRefresh watch={{ kind: "sends", batchIds: [send.id] }} since={Date.now()} debounceMs={2000} />
      <PageHeader
        title="Results of a send"
        description={`Sent by ${sentBy} on ${formatInZone(new Date(send.releasedAt ?? send.createdAt), send.sender.timeZone)} to ${send.recipientCount.toLocaleString("en-US")} ${send.recipientCount === 1 ? "recipient" : "recipients"}.`}
        actions={
          <a href={`/sends/${send.id}/export`} className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50" download>
            Download CSV
          </a>
        }
      />
      <blockquote className="mb-4 whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-900">{send.body}</blockquote>
      <p className="mb-4 text-sm">
        <Link href="/sends" className="text-blue-700 underline-offset-2 hover:underline">
          All sends
        </Link>
      </p>
      <SendOutcomeFigures
        outcomes={outcomes}
        ownSend={send.sender.userId === actor.userId}
        asOf={
          send.recipientCount > LIVE_FIGURES_MAX_RECIPIENTS
            ? `Figures as of ${formatInZone(new Date(outcomes.figuresAsOf), send.sender.timeZone)}; a send this large is counted again every minute.`
            : undefined
        }
      />
      {composer && send.state !== "scheduled" && send.state !== "cancelled" ? <SendFollowUp sendId={send.id} followUp={outcomes.followUp} composer={composer} /> : null}
      <DeliveryCurve points={outcomes.deliveryCurve} total={outcomes.texts.total} timeZone={send.sender.timeZone} />
      <FailedByReason reasons={outcomes.failedByReason} />
      <SendRecipientsTable sendId={send.id} page={page} timeZone={send.sender.timeZone} ownSend={send.sender.userId === actor.userId} />
    </>
  );
}
