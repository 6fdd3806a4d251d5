import { listMessageReportRows, type ReportKey, type ReportRow } from "@/db/queries/message-report";
import { csvCell, csvRecord } from "@/lib/csv";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { messageReportFiltersSchema } from "./message-report-schemas";
import { resolveReportSearch } from "./resolve-report-search";

/** Rows per database round trip while exporting; memory holds one batch at a time. */
export const EXPORT_BATCH = 2000;

export const EXPORT_HEADER = [
  "Date (UTC)", "From", "From number or email", "To", "Destination", "Channel", "Direction", "Status", "Reason", "Error code", "Body", "Message id", "Template",
] as const;

/**
 * Addresses keep E.164 numbers as numbers, but anything else that a spreadsheet would run is
 * text: an inbound `From` is stored as Twilio sent it (e.g. `=HYPERLINK(…)`, issue 13.3).
 */
const ADDRESS = { formulaGuard: "except-numbers" } as const;

function toCsvRecord(r: ReportRow): string {
  return csvRecord([
    new Date(r.createdMs).toISOString(),
    csvCell(r.fromName),
    csvCell(r.fromAddress, ADDRESS),
    csvCell(r.toName),
    csvCell(r.toAddress, ADDRESS),
    r.channel,
    r.direction,
    r.status,
    csvCell(r.reasonCode),
    csvCell(r.errorCode),
    csvCell(r.body),
    String(r.id),
    // SPEC §10: the template it was sent from (last, so the earlier columns keep their places).
    csvCell(r.templateName),
  ]);
}

/**
 * The Message Report as CSV (SPEC §7), with the page's filters and visibility. Validation and
 * the actor's scope are checked before the first byte, so the caller can still answer 400/403;
 * then `chunks` yields one string per batch of EXPORT_BATCH rows, read by keyset from where
 * the last batch ended: constant memory whatever the number of messages.
 */
export async function prepareMessageReportExport({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const { db } = ctx;
  const filters = parseInput(messageReportFiltersSchema, input);
  const search = await resolveReportSearch(db, ctx.actor, filters);
  const filename = `message-report-${ctx.now.toISOString().slice(0, 10)}.csv`;

  async function* chunks(): AsyncGenerator<string> {
    yield csvRecord([...EXPORT_HEADER]);
    if (!search) return;
    let after: ReportKey | undefined;
    for (;;) {
      const rows = await listMessageReportRows(db, { ...search, after, ascending: false, limit: EXPORT_BATCH });
      if (rows.length === 0) return;
      yield rows.map(toCsvRecord).join("");
      if (rows.length < EXPORT_BATCH) return;
      const last = rows[rows.length - 1];
      after = { createdAt: last.createdKey, id: last.id };
    }
  }
  return { filename, chunks: chunks() };
}
