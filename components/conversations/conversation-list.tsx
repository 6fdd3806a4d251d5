import Link from "next/link";
import { DataGrid, type DataGridColumn } from "@/components/data-grid/data-grid";
import type { GridParams } from "@/components/data-grid/grid-href";
import type { ConversationListItem, ConversationListPage } from "@/lib/conversations/list-conversations";
import { formatPhone } from "@/lib/e164";
import { channelLabel } from "./message-labels";

/** Who a conversation is with: the person, else the number that texted. */
export function counterpartLabel(c: Pick<ConversationListItem, "counterpartName" | "counterpartNumber">): string {
  if (c.counterpartName) return c.counterpartName;
  return c.counterpartNumber ? formatPhone(c.counterpartNumber) : "Unknown";
}

function preview(body: string) {
  return body.length > 90 ? `${body.slice(0, 89)}…` : body;
}

function columns(timeZone: string, unmatched: boolean): DataGridColumn<ConversationListItem>[] {
  const when = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" });
  const cols: DataGridColumn<ConversationListItem>[] = [
    {
      key: "with",
      header: unmatched ? "From" : "With",
      rowHeader: true,
      cell: (c) => (
        <Link href={`/messages/${c.id}`} className={`text-blue-700 hover:underline ${c.unread > 0 ? "font-semibold" : ""}`}>
          {counterpartLabel(c)}
        </Link>
      ),
    },
    {
      key: "latest",
      header: "Latest message",
      cell: (c) => (
        <span className={c.unread > 0 ? "font-medium text-slate-900" : undefined}>
          <span className="text-slate-500">{c.latest.direction === "OUTBOUND" ? "You: " : ""}</span>
          {preview(c.latest.body)}
          <span className="text-slate-500"> ({channelLabel(c.latest.channel).toLowerCase()})</span>
        </span>
      ),
    },
  ];
  if (unmatched) {
    cols.push(
      { key: "to", header: "To number", className: "whitespace-nowrap", cell: (c) => (c.systemNumber ? formatPhone(c.systemNumber) : "—") },
      { key: "holder", header: "Holder", cell: (c) => c.ownerName ?? "Nobody (unassigned)" },
    );
  } else {
    cols.push({
      key: "unread",
      header: "Unread",
      cell: (c) =>
        c.unread > 0 ? (
          <span className="inline-block rounded-full bg-blue-700 px-2 py-0.5 text-xs font-semibold text-white">{c.unread}</span>
        ) : (
          <span className="sr-only">0</span>
        ),
    });
  }
  cols.push({
    key: "when",
    header: "When",
    className: "whitespace-nowrap",
    cell: (c) => <time dateTime={c.latestAt.toISOString()}>{when.format(c.latestAt)}</time>,
  });
  return cols;
}

/** A page of conversations, latest first: the staff member's own, or the institution's unmatched texts. */
export function ConversationList({
  page,
  timeZone,
  unmatched = false,
  basePath,
  params,
  empty,
}: {
  page: ConversationListPage;
  timeZone: string;
  unmatched?: boolean;
  basePath: string;
  /** The search and filter, kept by the pager's links. */
  params?: GridParams;
  empty?: string;
}) {
  return (
    <DataGrid
      caption={unmatched ? "Unmatched texts" : "Conversations"}
      columns={columns(timeZone, unmatched)}
      rows={page.items}
      rowKey={(c) => c.id}
      basePath={basePath}
      params={params}
      page={page}
      empty={empty ?? (unmatched ? "No unmatched texts." : "No conversations yet.")}
      emptyHint={empty ? undefined : unmatched ? "Texts from numbers nobody holds land here." : "Open a person and choose Send message to start one; replies land here."}
    />
  );
}
