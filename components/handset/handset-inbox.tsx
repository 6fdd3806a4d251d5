import type { SimMessage } from "@/lib/twilio/simulator/control";
import { formatPhone } from "@/lib/e164";

/**
 * A phone's screen: what the simulated Twilio carried to and from this number, oldest first.
 * Texts the phone received on the left (with the system number they came from), texts it sent
 * on the right; Twilio's own keyword answers are marked as such.
 */
export function HandsetInbox({ messages, timeZone }: { messages: SimMessage[]; timeZone: string }) {
  const when = new Intl.DateTimeFormat("en-US", { timeZone, timeStyle: "short", dateStyle: "short" });
  if (messages.length === 0) {
    return <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-8 text-center text-sm text-slate-600">No texts on this phone yet.</p>;
  }
  return (
    <div role="log" aria-label="Texts on this phone" aria-live="polite">
      <ol className="space-y-2">
        {messages.map((m) => {
          const sent = m.direction === "inbound";
          return (
            <li key={m.sid} className={`flex ${sent ? "justify-end" : "justify-start"}`}>
              <article
                aria-label={sent ? `Sent to ${formatPhone(m.to)}` : `Received from ${formatPhone(m.from)}`}
                className={`max-w-[85%] rounded-2xl px-3 py-2 ${sent ? "bg-green-100" : "bg-slate-100"}`}
              >
                <p className="whitespace-pre-wrap break-words text-sm text-slate-900">{m.body}</p>
                <p className="mt-1 text-xs text-slate-600">
                  {sent ? `to ${formatPhone(m.to)}` : `from ${formatPhone(m.from)}`} · {when.format(m.createdAt)}
                  {m.direction === "outbound-reply" ? " · Twilio auto-reply" : null}
                  {m.direction === "outbound-api" && m.status !== "delivered" ? ` · ${m.status}${m.errorCode ? ` (${m.errorCode})` : ""}` : null}
                </p>
              </article>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
