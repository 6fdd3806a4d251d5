import Link from "next/link";
import { statusLabel } from "@/components/conversations/message-labels";
import { DataGrid, type DataGridColumn } from "@/components/data-grid/data-grid";
import { Reason } from "@/components/ui/reason";
import { formatPhone } from "@/lib/e164";
import type { SendOutcomeRowsPage, SendOutcomeRowView } from "@/lib/messaging/send/get-send-outcomes";
import { formatInZone } from "@/lib/messaging/send/zoned-time";

/**
 * Each recipient of a send with what became of them (issue 18 item 1), 50 to a page in send
 * order: the sender's names open the conversation; an administrator's open the person.
 */
export function SendRecipientsTable({
  sendId,
  page,
  timeZone,
  ownSend,
}: {
  sendId: string;
  page: SendOutcomeRowsPage;
  timeZone: string;
  ownSend: boolean;
}) {
  const when = (iso: string | null) => (iso ? <span className="whitespace-nowrap">{formatInZone(new Date(iso), timeZone)}</span> : "—");
  const columns: DataGridColumn<SendOutcomeRowView>[] = [
    {
      key: "recipient",
      header: "Recipient",
      rowHeader: true,
      cell: (r) => {
        const name = r.name ?? "Not a person";
        const href = ownSend && r.conversationId ? `/messages/${r.conversationId}` : r.personId ? `/people/${r.personId}` : null;
        return href ? (
          <Link href={href} className="text-blue-700 underline-offset-2 hover:underline">
            {name}
          </Link>
        ) : (
          name
        );
      },
    },
    {
      key: "channel",
      header: "Sent as",
      cell: (r) => (
        <>
          <span className="block">{r.channel === "SMS" ? "Text" : "Email"}</span>
          {r.destination ? <span className={`block text-slate-600 ${r.channel === "SMS" ? "whitespace-nowrap" : "break-all"}`}>{r.channel === "SMS" ? formatPhone(r.destination) : r.destination}</span> : null}
        </>
      ),
    },
    {
      key: "status",
      header: "Status",
      cell: (r) => (
        <>
          <span className="block">{statusLabel(r.status)}</span>
          {r.reasonCode ? <Reason code={r.reasonCode} className="block text-slate-600" /> : null}
          {r.emailedInstead ? <span className="block text-slate-600">Emailed instead</span> : null}
        </>
      ),
    },
    { key: "delivered", header: "Delivered", cell: (r) => when(r.deliveredAt) },
    { key: "replied", header: "Replied (24 h)", cell: (r) => when(r.repliedAt) },
    { key: "optedOut", header: "Opted out", cell: (r) => when(r.optedOutAt) },
  ];
  return (
    <section aria-labelledby="send-recipients-heading">
      <h2 id="send-recipients-heading" className="mb-2 text-lg font-semibold text-slate-900">
        Recipients
      </h2>
      <DataGrid
        caption="Recipients of the send"
        columns={columns}
        rows={page.items}
        rowKey={(r) => String(r.messageId)}
        basePath={`/sends/${sendId}`}
        page={page}
        empty="No recipients yet."
        emptyHint="A large send's recipients appear here as the worker writes them, within seconds."
      />
    </section>
  );
}
