import { channelLabel, messageStatusLabel } from "@/components/conversations/message-labels";
import { Reason } from "@/components/ui/reason";
import type { PersonMessage } from "@/lib/messaging/list-person-messages";
import { formatPhone } from "@/lib/e164";

function address(m: PersonMessage, value: string | null) {
  if (!value) return "—";
  return m.channel === "SMS" ? formatPhone(value) : value;
}

/** A person's latest texts and emails, newest first: who, how, where, status and reason. */
export function PersonMessages({ messages, timeZone }: { messages: PersonMessage[]; timeZone: string }) {
  const when = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" });
  const now = new Date();
  return (
    <ol aria-label="Messages" className="space-y-3">
      {messages.map((m) => (
        <li key={m.id} className="rounded-lg border border-slate-200 bg-white p-4">
          <p className="text-xs text-slate-600">
            {m.direction === "INBOUND" ? `${channelLabel(m.channel)} from ${address(m, m.fromAddress)}` : `${channelLabel(m.channel)} to ${address(m, m.toAddress)}`}
            {m.direction === "OUTBOUND" && m.senderName ? ` · from ${m.senderName}` : ""} · <time dateTime={m.createdAt}>{when.format(new Date(m.createdAt))}</time>
          </p>
          <p className="mt-1 whitespace-pre-wrap text-sm text-slate-900">{m.body}</p>
          <p className="mt-1 text-xs text-slate-600">
            {messageStatusLabel(m, now, timeZone)}
            {m.reasonCode ? (
              <>
                {" · "}
                <Reason code={m.reasonCode} />
              </>
            ) : null}
          </p>
        </li>
      ))}
    </ol>
  );
}
