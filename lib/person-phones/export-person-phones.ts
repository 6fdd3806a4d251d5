import "server-only";
import { listPersonPhoneViewPage, type PersonPhoneKey, type PersonPhoneViewRow } from "@/db/queries/person-phone-view";
import { csvCell, csvRecord, type CsvValue } from "@/lib/csv";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { assertMayReadPersonPhoneView, keyOf, toViewSearch } from "./list-person-phone-view";
import { personPhoneViewInputSchema } from "./person-phone-view-schema";

/** Rows read per query: memory stays flat however many records the institution has. */
export const EXPORT_BATCH_SIZE = 1000;

export const PERSON_PHONE_CSV_HEADER = [
  "id",
  "number",
  "person_id",
  "person_name",
  "person_src_system_id",
  "phone_type",
  "phone_type_src_system_id",
  "sms_status",
  "verified",
  "verified_at",
  "src_system_id",
  "deleted",
  "created_at",
] as const;

/** E.164 numbers stay as they are; names and source ids that look like formulas become text. */
const cell = (value: CsvValue) => csvCell(value, { formulaGuard: "except-numbers" });

function toCsvRecord(r: PersonPhoneViewRow): string {
  return csvRecord(
    [
      r.id,
      r.number,
      r.personId,
      `${r.lastName}, ${r.firstName}`,
      r.personSrcSystemId,
      r.typeName,
      r.phoneTypeSrcSystemId,
      r.smsStatus,
      r.verified,
      r.verifiedAt?.toISOString(),
      r.srcSystemId,
      r.deleted,
      r.createdAt.toISOString(),
    ].map(cell),
  );
}

/**
 * The Person Phone data view as CSV (SPEC §6), with the view's search, filters and sort (not
 * its cursor: the whole selection). Authorization and input are checked at once; the rows are
 * then produced lazily, one keyset batch of `batchSize` at a time, so a route can stream them
 * in constant memory. Batches are separate reads: a record changed during a long export shows
 * as it was when its batch was read.
 */
export function exportPersonPhonesCsv({
  ctx,
  input,
  batchSize = EXPORT_BATCH_SIZE,
}: {
  ctx: ServiceContext;
  input: unknown;
  batchSize?: number;
}): { filename: string; chunks: AsyncGenerator<string> } {
  const { actor, db, now } = ctx;
  assertMayReadPersonPhoneView(actor);
  const params = parseInput(personPhoneViewInputSchema, input);
  const search = toViewSearch(actor.institutionId, params);

  async function* chunks() {
    yield csvRecord(PERSON_PHONE_CSV_HEADER);
    let after: PersonPhoneKey | undefined;
    for (;;) {
      const rows = await listPersonPhoneViewPage(db, { ...search, after, descending: params.dir === "desc", limit: batchSize });
      if (rows.length === 0) return;
      yield rows.map(toCsvRecord).join("");
      if (rows.length < batchSize) return;
      after = keyOf(rows[rows.length - 1], params.sort);
    }
  }
  return { filename: `person-phone-${now.toISOString().slice(0, 10)}.csv`, chunks: chunks() };
}
