import "server-only";
import { z } from "zod";
import { authorize } from "@/lib/auth/policy";
import { safeText } from "@/lib/validation/text";
import { listPhoneNumberUsagePage, USAGE_SORTS } from "@/db/queries/phone-number-usage";
import { readKeysetPage } from "@/lib/keyset-page";
import { parseInput, validationError } from "@/lib/parse-input";
import { formatPhone } from "@/lib/e164";
import type { ServiceContext } from "@/lib/service-context";
import { decodeUsageCursor, encodeUsageCursor, usageKeyOf } from "./usage-cursor";

export const listPhoneNumberUsageInputSchema = z
  .object({
    q: safeText(z.string().trim().max(200, "At most 200 characters.")).optional(),
    sort: z.enum(USAGE_SORTS).default("name"),
    dir: z.enum(["asc", "desc"]).default("asc"),
    cursor: z.string().max(1000).optional(),
    limit: z.number().int().min(1).max(100).default(25),
  })
  .strict();

export type PhoneNumberUsageItem = {
  assignmentId: string;
  number: string;
  formatted: string;
  assignedAt: Date;
  personId: string;
  name: string;
  email: string;
  /** False for a holder with no staff role (a student holding a number from before SMS rules changed). */
  isStaff: boolean;
};

export type PhoneNumberUsagePage = { items: PhoneNumberUsageItem[]; nextCursor: string | null; prevCursor: string | null };

/** Search words match the holder's name and email; a text of digits (3 or more) matches the number. */
function toUsageMatch(q: string | undefined) {
  const text = (q ?? "").trim().toLowerCase();
  if (!text) return { words: [] };
  const digits = text.replace(/\D/g, "");
  if (/^[0-9\s()+.\-]+$/.test(text) && digits.length >= 3) return { words: [], numberDigits: digits };
  return { words: text.split(/[\s,]+/).filter(Boolean).slice(0, 8) };
}

/**
 * SPEC §3 Phone Number Usage: every user of the actor's institution who holds a system number,
 * searched, sorted (holder name, number, assigned date) and keyset-paginated. Administrators and
 * the operator.
 */
export async function listPhoneNumberUsage({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<PhoneNumberUsagePage> {
  const { actor, db } = ctx;
  authorize(actor, "phoneNumberUsage.read");
  const params = parseInput(listPhoneNumberUsageInputSchema, input);
  const cursor = params.cursor ? decodeUsageCursor(params.cursor) : null;
  if (params.cursor && (!cursor || cursor.sort !== params.sort)) {
    throw validationError({ cursor: "Not a cursor from this list; start from the first page." });
  }

  const { rows, nextCursor, prevCursor } = await readKeysetPage({
    limit: params.limit,
    direction: cursor?.direction,
    fetch: ({ backwards, limit }) =>
      listPhoneNumberUsagePage(db, {
        institutionId: actor.institutionId,
        ...toUsageMatch(params.q),
        sort: params.sort,
        descending: (params.dir === "desc") !== backwards,
        after: cursor ?? undefined,
        limit,
      }),
    encode: (row, direction) => encodeUsageCursor({ ...usageKeyOf(row, params.sort), sort: params.sort, direction }),
  });
  return {
    items: rows.map((r) => ({
      assignmentId: r.assignmentId,
      number: r.number,
      formatted: formatPhone(r.number),
      assignedAt: r.assignedAt,
      personId: r.personId,
      name: `${r.preferredName ?? r.firstName} ${r.lastName}`,
      email: r.userEmail,
      isStaff: r.isStaff,
    })),
    nextCursor,
    prevCursor,
  };
}
