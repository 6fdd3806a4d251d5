import type { MailOutboxItem } from "@/db/queries/mail-outbox";
import { linkClassName } from "@/components/ui/text-link";

/** The local outbox's emails, newest first; each body opens on demand. */
export function MailOutboxList({ items, timeZone }: { items: MailOutboxItem[]; timeZone: string }) {
  const when = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" });
  return (
    <ol className="space-y-3" aria-label="Emails, newest first">
      {items.map((mail) => (
        <li key={mail.id}>
          <article aria-labelledby={`mail-${mail.id}-subject`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id={`mail-${mail.id}-subject`} className="text-base font-semibold text-slate-900">
                {mail.subject || "(no subject)"}
              </h2>
              <time dateTime={mail.createdAt.toISOString()} className="text-sm text-slate-600">
                {when.format(mail.createdAt)}
              </time>
            </div>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-slate-600">To</dt>
              <dd className="break-all text-slate-900">{mail.to.join(", ")}</dd>
              <dt className="text-slate-600">Reply-to</dt>
              <dd className="break-all text-slate-900">{mail.replyTo?.length ? mail.replyTo.join(", ") : "—"}</dd>
              <dt className="text-slate-600">From</dt>
              <dd className="break-all text-slate-900">{mail.from}</dd>
            </dl>
            <details className="mt-3">
              <summary className={linkClassName("cursor-pointer text-sm font-medium")}>Message</summary>
              <MailBody text={mail.text} html={mail.html} />
            </details>
          </article>
        </li>
      ))}
    </ol>
  );
}

/** The plain-text body; an HTML-only email is shown as its source, never rendered. */
function MailBody({ text, html }: { text: string | null; html: string | null }) {
  const body = text ?? html ?? "";
  return (
    <div className="mt-2">
      {text === null && html !== null ? <p className="mb-1 text-xs text-slate-600">HTML source</p> : null}
      <pre className="whitespace-pre-wrap break-words rounded-md bg-slate-50 p-3 font-sans text-sm text-slate-900">{body}</pre>
    </div>
  );
}
