import { listMessageReportRows, listReportEvents, type ReportRow } from "@/db/queries/message-report";
import { readKeysetPage } from "@/lib/keyset-page";
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
    from: { personId: row.fromPersonId, name: row.fromName, address: row.fromAddress, notPhoneNumber: row.fromNotPhoneNumber },
    to: { personId: row.toPersonId, name: row.toName },
    destination: row.toAddress,
    body: row.body,
    heldUntil: row.heldUntil === null ? null : new Date(row.heldUntil),
    heldTimeZone: row.heldTimeZone,
    templateName: row.templateName,
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

  const { rows: page, nextCursor, prevCursor } = await readKeysetPage({
    limit: params.limit,
    direction: cursor?.direction,
    fetch: ({ backwards, limit }) => listMessageReportRows(db, { ...search, after: cursor ?? undefined, ascending: backwards, limit }),
    encode: (row, direction) => encodeReportCursor({ createdAt: row.createdKey, id: row.id, direction }),
  });

  const events = await listReportEvents(db, actor.institutionId, page.map((r) => r.id));
  const items = page.map((row) => ({
    ...toReportItem(row),
    events: events
      .filter((e) => e.messageId === row.id)
      .map((e) => ({ status: e.status, errorCode: e.errorCode, reasonCode: e.reasonCode, source: e.source, occurredAt: new Date(e.occurredMs) })),
  }));
  return { items, nextCursor, prevCursor, timeZone: search.timeZone };
}
