import { listMessageReportRows, listReportEvents, type ReportRow } from "@/db/queries/message-report";
import { parseInput, validationError } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { decodeReportCursor, encodeReportCursor } from "./message-report-cursor";
import { messageReportPageInputSchema, type MessageReportItem, type MessageReportPage } from "./message-report-schemas";
import { resolveReportSearch } from "./resolve-report-search";

export function toReportItem(row: ReportRow): Omit<MessageReportItem, "events"> {
  return {
    id: row.id,
    createdAt: new Date(row.createdMs),
    channel: row.channel,
    direction: row.direction,
    status: row.status,
    reasonCode: row.reasonCode,
    errorCode: row.errorCode,
    from: { personId: row.fromPersonId, name: row.fromName, address: row.fromAddress },
    to: { personId: row.toPersonId, name: row.toName },
    destination: row.toAddress,
    body: row.body,
  };
}

/**
 * One page of the Message Report (SPEC §7): the messages the actor may see (report-scope.ts),
 * filtered, newest first, keyset-paginated on (created_at, id) in either direction, each with
 * its status history.
 */
export async function listMessageReport({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<MessageReportPage> {
  const { db, actor } = ctx;
  const params = parseInput(messageReportPageInputSchema, input);
  const cursor = params.cursor ? decodeReportCursor(params.cursor) : null;
  if (params.cursor && !cursor) throw validationError({ cursor: "Not a cursor from this report; start from the first page." });
  const search = await resolveReportSearch(db, actor, params);
  if (!search) return { items: [], nextCursor: null, prevCursor: null, timeZone: "UTC" };

  const backwards = cursor?.direction === "prev";
  const rows = await listMessageReportRows(db, {
    ...search,
    after: cursor ?? undefined,
    ascending: backwards,
    limit: params.limit + 1,
  });
  const more = rows.length > params.limit;
  const page = rows.slice(0, params.limit);
  if (backwards) page.reverse();

  const events = await listReportEvents(db, actor.institutionId, page.map((r) => r.id));
  const items = page.map((row) => ({
    ...toReportItem(row),
    events: events
      .filter((e) => e.messageId === row.id)
      .map((e) => ({ status: e.status, errorCode: e.errorCode, reasonCode: e.reasonCode, source: e.source, occurredAt: new Date(e.occurredMs) })),
  }));

  const first = page[0];
  const last = page[page.length - 1];
  const hasNext = backwards ? Boolean(cursor) : more;
  const hasPrev = backwards ? more : Boolean(cursor);
  return {
    items,
    nextCursor: hasNext && last ? encodeReportCursor({ createdAt: last.createdKey, id: last.id, direction: "next" }) : null,
    prevCursor: hasPrev && first ? encodeReportCursor({ createdAt: first.createdKey, id: first.id, direction: "prev" }) : null,
    timeZone: search.timeZone,
  };
}
