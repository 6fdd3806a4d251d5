import { DataGrid, type DataGridColumn } from "@/components/data-grid/data-grid";
import type { GridParams } from "@/components/data-grid/grid-href";
import { Reason } from "@/components/ui/reason";
import { formatPhone } from "@/lib/e164";
import { messageStatusLabel } from "@/components/conversations/message-labels";
import type { MessageReportItem, MessageReportPage } from "@/lib/reports/message-report-schemas";
import { CHANNEL_LABELS } from "./message-report-filters";
import { linkClassName } from "@/components/ui/text-link";

/** Bodies longer than this show their start; the rest opens on demand. */
const SHORT_BODY = 60;

const address = (value: string | null) => (value === null ? "—" : value.startsWith("+") ? formatPhone(value) : value);

function Body({ body }: { body: string }) {
  if (body.length <= SHORT_BODY) return <span className="break-words">{body || "—"}</span>;
  return (
    <details>
      <summary className="cursor-pointer break-words">
        {body.slice(0, SHORT_BODY).trimEnd()}… <span className={linkClassName()}>more</span>
      </summary>
      <p className="mt-1 whitespace-pre-wrap break-words">{body}</p>
    </details>
  );
}

function History({ item, when }: { item: MessageReportItem; when: Intl.DateTimeFormat }) {
  if (item.events.length === 0) return <>—</>;
  return (
    <details>
      <summary className={linkClassName("cursor-pointer whitespace-nowrap")}>
        {item.events.length} {item.events.length === 1 ? "status" : "statuses"}
        <span className="sr-only"> of message {item.id}</span>
      </summary>
      <ol className="mt-1 space-y-1 text-xs">
        {item.events.map((e, i) => (
          <li key={i} className="whitespace-nowrap">
            <time dateTime={e.occurredAt.toISOString()}>{when.format(e.occurredAt)}</time> {e.status}
            {e.reasonCode ? (
              <>
                {" ("}
                <Reason code={e.reasonCode} />
                {")"}
              </>
            ) : e.errorCode ? (
              ` (Twilio error ${e.errorCode})`
            ) : (
              ""
            )}{" "}
            · {e.source}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** The Message Report grid: one keyset page, newest first, each row with its status history. */
export function MessageReportGrid({ page, params, basePath }: { page: MessageReportPage; params: GridParams; basePath: string }) {
  const when = new Intl.DateTimeFormat("en-US", { timeZone: page.timeZone, dateStyle: "short", timeStyle: "medium" });
  const now = new Date();
  const columns: DataGridColumn<MessageReportItem>[] = [
    {
      key: "date",
      header: "Date",
      rowHeader: true,
      className: "whitespace-nowrap",
      cell: (m) => <time dateTime={m.createdAt.toISOString()}>{when.format(m.createdAt)}</time>,
    },
    {
      key: "from",
      header: "From",
      cell: (m) => (
        <>
          <span className="block">{m.from.name ?? "Unknown"}</span>
          <span className="block whitespace-nowrap text-xs text-slate-600">{address(m.from.address)}</span>
          {m.from.notPhoneNumber ? <span className="block text-xs font-medium text-amber-800">not a phone number</span> : null}
        </>
      ),
    },
    { key: "to", header: "To", cell: (m) => m.to.name ?? "Unknown" },
    { key: "destination", header: "Destination", className: "min-w-40 max-w-xs [overflow-wrap:anywhere]", cell: (m) => address(m.destination) },
    { key: "channel", header: "Channel", cell: (m) => CHANNEL_LABELS[m.channel] ?? m.channel },
    { key: "direction", header: "Direction", cell: (m) => (m.direction === "INBOUND" ? "Inbound" : "Outbound") },
    { key: "status", header: "Status", className: "min-w-44", cell: (m) => messageStatusLabel(m, now, page.timeZone) },
    {
      key: "reason",
      header: "Reason",
      className: "min-w-44 [overflow-wrap:anywhere]",
      cell: (m) => (m.reasonCode ? <Reason code={m.reasonCode} /> : m.errorCode ? `Twilio error ${m.errorCode}` : "—"),
    },
    {
      key: "body",
      header: "Body",
      className: "min-w-56 max-w-sm",
      cell: (m) => (
        <>
          <Body body={m.body} />
          {m.templateName ? <span className="mt-1 block text-xs text-slate-500">Template: {m.templateName}</span> : null}
        </>
      ),
    },
    { key: "history", header: "History", cell: (m) => <History item={m} when={when} /> },
  ];
  return (
    <DataGrid
      caption="Messages, newest first"
      columns={columns}
      rows={page.items}
      rowKey={(m) => String(m.id)}
      basePath={basePath}
      params={params}
      page={page}
      empty="No messages match these filters."
      emptyHint="Clear the filters or widen the dates. Texts and emails appear here as soon as they are sent or received."
    />
  );
}
