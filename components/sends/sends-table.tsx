import Link from "next/link";
import { reportHref } from "@/components/composer/result-labels";
import { DataGrid, type DataGridColumn } from "@/components/data-grid/data-grid";
import type { SendListPage, SendView } from "@/lib/messaging/send/sends";
import { formatInZone } from "@/lib/messaging/send/zoned-time";
import { EditScheduledSend } from "./edit-scheduled-send";
import { SendActionButton } from "./send-action-button";

const n = (v: number) => v.toLocaleString("en-US");

const STATE_LABELS: Record<SendView["state"], { label: string; className: string }> = {
  scheduled: { label: "Scheduled", className: "bg-amber-100 text-amber-900" },
  sending: { label: "Sending", className: "bg-blue-100 text-blue-900" },
  done: { label: "Done", className: "bg-emerald-100 text-emerald-900" },
  paused: { label: "Paused — carrier filtering", className: "bg-red-100 text-red-900" },
  cancelled: { label: "Cancelled", className: "bg-slate-200 text-slate-800" },
};

/** Never released: a scheduled send, or one cancelled before its time. */
const unreleased = (send: SendView) => send.state === "scheduled" || (send.state === "cancelled" && send.releasedAt === null);

function Outcomes({ send }: { send: SendView }) {
  if (send.state === "scheduled") return <span className="text-slate-600">Decided when it goes</span>;
  if (unreleased(send)) return <span className="text-slate-600">—</span>;
  const { texts, emails, undeliverable, refused } = send.counts;
  const parts = [
    [texts, "text", "texts"],
    [emails, "email", "emails"],
    [undeliverable, "undeliverable", "undeliverable"],
    [refused, "refused", "refused"],
  ] as const;
  return <span>{parts.filter(([v]) => v > 0).map(([v, one, many]) => `${n(v)} ${v === 1 ? one : many}`).join(", ") || "None"}</span>;
}

function Progress({ send }: { send: SendView }) {
  if (unreleased(send)) return <span className="text-slate-600">—</span>;
  const p = send.progress;
  const parts = [`${n(p.delivered)} delivered`, `${n(p.sent)} sent`, `${n(p.failed)} failed`];
  if (p.held > 0) parts.push(`${n(p.held)} held`);
  if (p.waiting > 0) parts.push(`${n(p.waiting)} waiting`);
  return <span>{parts.join(" · ")}</span>;
}

function ResultsLink({ send }: { send: SendView }) {
  const created = formatInZone(new Date(send.createdAt), send.sender.timeZone);
  return (
    <div className="flex flex-col items-start gap-1">
      <Link href={`/sends/${send.id}`} className="whitespace-nowrap text-blue-700 underline-offset-2 hover:underline">
        Results<span className="sr-only"> of the send created {created}</span>
      </Link>
      <Link href={reportHref([send.id])} className="whitespace-nowrap text-blue-700 underline-offset-2 hover:underline">
        Messages<span className="sr-only"> of the send created {created} in the Message Report</span>
      </Link>
    </div>
  );
}

/**
 * Issue 18: why a send paused (or that it was resumed after a pause), with the first results as
 * the carrier-filtering check counted them.
 */
function PauseNote({ send }: { send: SendView }) {
  if (send.pausedAt === null) return null;
  const { counted, filtered, optedOut } = send.firstResults;
  const figures = `${n(filtered)} filtered or unreachable, ${n(optedOut)} opted out, of its first ${n(counted)} ${counted === 1 ? "result" : "results"}`;
  if (send.state === "paused") return <span className="mt-1 block max-w-xs text-xs text-slate-700">{figures}. Texts not yet sent wait.</span>;
  return <span className="mt-1 block max-w-xs text-xs text-slate-600">{send.resumedAt ? "Resumed" : "Cancelled"} after a carrier-filtering pause ({figures}).</span>;
}

/**
 * The Sends page's list (SPEC §9): newest first, each with its times in the sender's zone, its
 * state, its decisions by outcome and its messages' progress; a scheduled send can be edited
 * (by its sender) and cancelled; a released one links to its results page (issue 18) and to its
 * messages in the Message Report.
 */
export function SendsTable({ page, actorUserId, showSender, canCancelAny }: { page: SendListPage; actorUserId: string; showSender: boolean; canCancelAny: boolean }) {
  const columns: DataGridColumn<SendView>[] = [
    {
      key: "created",
      header: "Created",
      rowHeader: true,
      cell: (s) => (
        <>
          <span className="block whitespace-nowrap">{formatInZone(new Date(s.createdAt), s.sender.timeZone)}</span>
          <span className="mt-1 block max-w-xs truncate font-normal text-slate-600" title={s.body}>
            {s.body}
          </span>
          {/* On a phone the other columns are off to the side: the state, and the way to the results, are here too. */}
          <span className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 font-normal md:hidden">
            <span className={`whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${STATE_LABELS[s.state].className}`}>{STATE_LABELS[s.state].label}</span>
            <span className="text-sm text-slate-600">
              {n(s.recipientCount)} {s.recipientCount === 1 ? "recipient" : "recipients"}
            </span>
            {unreleased(s) ? null : (
              <Link href={`/sends/${s.id}`} className="text-sm text-blue-700 underline-offset-2 hover:underline">
                Results<span className="sr-only"> of the send created {formatInZone(new Date(s.createdAt), s.sender.timeZone)}</span>
              </Link>
            )}
          </span>
        </>
      ),
    },
    ...(showSender ? [{ key: "sender", header: "Sender", cell: (s: SendView) => s.sender.name ?? "—", className: "whitespace-nowrap" }] : []),
    {
      key: "scheduledFor",
      header: "Scheduled for",
      cell: (s) => (s.scheduledFor ? <span className="whitespace-nowrap">{formatInZone(new Date(s.scheduledFor), s.sender.timeZone)}</span> : "At once"),
    },
    {
      key: "state",
      header: "State",
      cell: (s) => (
        <>
          <span className={`whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${STATE_LABELS[s.state].className}`}>{STATE_LABELS[s.state].label}</span>
          <PauseNote send={s} />
        </>
      ),
    },
    { key: "recipients", header: "Recipients", cell: (s) => n(s.recipientCount), className: "text-right" },
    { key: "outcomes", header: "Outcomes", cell: (s) => <Outcomes send={s} /> },
    { key: "progress", header: "Progress", cell: (s) => <Progress send={s} /> },
    {
      key: "actions",
      header: "Actions",
      cell: (s) =>
        s.state === "scheduled" ? (
          <div className="flex flex-col items-start gap-1">
            {s.sender.userId === actorUserId ? <EditScheduledSend send={s} /> : null}
            {s.sender.userId === actorUserId || canCancelAny ? <SendActionButton sendId={s.id} action="cancel" /> : null}
          </div>
        ) : s.state === "paused" ? (
          <div className="flex flex-col items-start gap-1">
            {s.sender.userId === actorUserId || canCancelAny ? (
              <>
                <SendActionButton sendId={s.id} action="resume" />
                <SendActionButton sendId={s.id} action="cancel" />
              </>
            ) : null}
            <ResultsLink send={s} />
          </div>
        ) : unreleased(s) ? null : (
          <ResultsLink send={s} />
        ),
    },
  ];
  return (
    <DataGrid
      caption="Sends"
      columns={columns}
      rows={page.items}
      rowKey={(s) => s.id}
      basePath="/sends"
      page={page}
      empty="No sends yet."
      emptyHint="Messages you send from People, now or later, are listed here."
    />
  );
}
