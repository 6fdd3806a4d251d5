import Link from "next/link";
import type { ThreadMessage } from "@/db/queries/conversations";
import { formatPhone } from "@/lib/e164";
import { Reason } from "@/components/ui/reason";
import { channelLabel, inboundDetailLabel, messageStatusLabel } from "./message-labels";
import { linkClassName } from "@/components/ui/text-link";

function address(channel: "SMS" | "EMAIL", value: string | null) {
  if (!value) return null;
  return channel === "SMS" ? formatPhone(value) : value;
}

/**
 * A conversation's messages, oldest first: outbound on the right, inbound on the left, each
 * with its channel, time, destination, status and — for a fallback or failure — its reason.
 * A `log` region, so new messages are announced as they arrive.
 */
export function MessageThread({
  messages,
  timeZone,
  counterpartLabel,
  earlierHref,
}: {
  messages: ThreadMessage[];
  timeZone: string;
  counterpartLabel: string;
  earlierHref: string | null;
}) {
  const when = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" });
  const now = new Date();
  return (
    <div>
      {earlierHref ? (
        <p className="mb-3 text-center">
          <Link href={earlierHref} className={linkClassName("text-sm font-medium")}>
            Earlier messages
          </Link>
        </p>
      ) : null}
      {messages.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-600">No messages yet.</p>
      ) : null}
      <div role="log" aria-label="Messages" aria-live="polite">
        <ol className="space-y-3">
          {messages.map((m) => {
            const outbound = m.direction === "OUTBOUND";
            const detail = outbound ? null : inboundDetailLabel(m.decisionDetail);
            const to = outbound ? address(m.channel, m.toAddress) : null;
            return (
              <li key={m.id} className={`flex ${outbound ? "justify-end" : "justify-start"}`}>
                <article
                  aria-label={`${outbound ? "Sent" : `From ${counterpartLabel}`}, ${channelLabel(m.channel).toLowerCase()}`}
                  className={`max-w-[80%] rounded-lg border px-4 py-2 ${outbound ? "border-blue-200 bg-blue-50" : "border-slate-200 bg-white"}`}
                >
                  <p className="whitespace-pre-wrap break-words text-sm text-slate-900">{m.body}</p>
                  <p className="mt-1 text-xs text-slate-600">
                    <span className="font-medium">{channelLabel(m.channel)}</span>
                    {" · "}
                    <time dateTime={m.createdAt.toISOString()}>{when.format(m.createdAt)}</time>
                    {to ? ` · to ${to}` : null}
                    {" · "}
                    <span data-testid="message-status">{messageStatusLabel(m, now, timeZone)}</span>
                    {m.reasonCode ? (
                      <>
                        {` · ${m.fallbackForMessageId ? "resent by email: " : ""}`}
                        <Reason code={m.reasonCode} />
                      </>
                    ) : null}
                    {m.errorCode && !m.reasonCode ? ` · Twilio error ${m.errorCode}` : null}
                  </p>
                  {detail ? <p className="mt-1 text-xs font-medium text-amber-800">{detail}</p> : null}
                </article>
              </li>
            );
          })}
        </ol>
      </div>
    </div>
  );
}
