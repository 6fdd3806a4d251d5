import Link from "next/link";
import { DataGrid, type DataGridColumn } from "@/components/data-grid/data-grid";
import type { PhoneHistoryEntry } from "@/lib/people/get-profile-details";
import type { PhoneDto } from "@/lib/people/schemas";
import { describeCause, describeChange } from "./phone-history-labels";
import { linkClassName } from "@/components/ui/text-link";

function messageCell(entry: PhoneHistoryEntry, timeZone: string, canReport: boolean) {
  if (entry.messageId === null) return "—";
  const label = `Message #${entry.messageId}`;
  if (entry.conversationId) {
    return (
      <Link href={`/messages/${entry.conversationId}`} className={linkClassName()}>
        {label}
      </Link>
    );
  }
  if (!canReport) return label;
  const day = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(entry.changedAt));
  const query = new URLSearchParams({ destination: entry.number, dateFrom: day, dateTo: day });
  return (
    <Link href={`/admin/messaging/message-report?${query}`} className={linkClassName()}>
      {label}
    </Link>
  );
}

/**
 * Every SMS status and verified change of the person's phones (SPEC §2), newest first: what
 * changed, when, who or what did it, why, and the message behind an automatic change.
 */
export function PhoneHistory({
  entries,
  phones,
  timeZone,
  canReport,
}: {
  entries: PhoneHistoryEntry[];
  phones: PhoneDto[];
  timeZone: string;
  /** Administrators may open the Message Report for a message outside any conversation. */
  canReport: boolean;
}) {
  const when = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" });
  const phoneLabel = (id: string) => {
    const phone = phones.find((p) => p.id === id);
    return phone ? `${phone.formatted} (${phone.typeName}${phone.deleted ? ", deleted" : ""})` : "—";
  };
  const columns: DataGridColumn<PhoneHistoryEntry>[] = [
    {
      key: "when",
      header: "When",
      rowHeader: true,
      className: "whitespace-nowrap",
      cell: (e) => <time dateTime={e.changedAt}>{when.format(new Date(e.changedAt))}</time>,
    },
    { key: "phone", header: "Phone", className: "whitespace-nowrap", cell: (e) => phoneLabel(e.phoneId) },
    { key: "change", header: "Change", cell: describeChange },
    { key: "by", header: "By", cell: (e) => (e.by.type === "USER" ? (e.by.displayName ?? "A former user") : "System") },
    { key: "cause", header: "Cause", cell: describeCause },
    { key: "message", header: "Message", cell: (e) => messageCell(e, timeZone, canReport) },
  ];
  return (
    <DataGrid
      caption="Phone history"
      columns={columns}
      rows={entries}
      rowKey={(e) => String(e.id)}
      basePath=""
      empty="No SMS status or verified changes yet."
    />
  );
}
