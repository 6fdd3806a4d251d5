import "server-only";
import { listPersonPhoneViewPage, type PersonPhoneViewRow, type PersonPhoneViewSearch } from "@/db/queries/person-phone-view";
import { listPhoneTypes } from "@/db/queries/person-phones";
import type { SmsStatus } from "@/db/schema/constants";
import type { Actor } from "@/lib/auth/capabilities";
import { authorize } from "@/lib/auth/policy";
import { readKeysetPage } from "@/lib/keyset-page";
import { parseInput, validationError } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { formatPhone } from "@/lib/e164";
import { decodePersonPhoneCursor, encodePersonPhoneCursor } from "./person-phone-view-cursor";
import { personPhoneViewInputSchema, type PersonPhoneViewItem, type PersonPhoneViewPage, type PersonPhoneViewParams } from "./person-phone-view-schema";

/** Administration → Data views is the administrator's (SPEC §1); staff, students and the operator are refused. */
export function assertMayReadPersonPhoneView(actor: Actor): void {
  authorize(actor, "dataViews.read");
}

/** Search text → words in names and source ids, or the digits of a number. */
export function toPhoneMatch(q: string | undefined): Pick<PersonPhoneViewSearch, "words" | "digits"> {
  const text = (q ?? "").trim().toLowerCase();
  if (!text) return { words: [] };
  const digits = text.replace(/\D/g, "");
  return {
    words: text.split(/[\s,]+/).filter(Boolean).slice(0, 8),
    digits: /^[0-9\s()+.\-]+$/.test(text) && digits.length >= 3 ? digits : undefined,
  };
}

/** The view's filters as the query takes them (no cursor, no limit). */
export function toViewSearch(institutionId: string, p: PersonPhoneViewParams): Omit<PersonPhoneViewSearch, "after" | "limit" | "descending"> {
  return {
    institutionId,
    ...toPhoneMatch(p.q),
    deleted: p.deleted,
    smsStatus: p.smsStatus,
    verified: p.verified,
    phoneTypeSrcSystemId: p.type,
    sort: p.sort,
  };
}

export function toViewItem(r: PersonPhoneViewRow): PersonPhoneViewItem {
  return {
    id: r.id,
    number: r.number,
    formatted: formatPhone(r.number),
    personId: r.personId,
    personName: `${r.lastName}, ${r.firstName}`,
    personSrcSystemId: r.personSrcSystemId,
    typeName: r.typeName,
    phoneTypeSrcSystemId: r.phoneTypeSrcSystemId,
    smsStatus: r.smsStatus as SmsStatus,
    verified: r.verified,
    verifiedAt: r.verifiedAt?.toISOString() ?? null,
    srcSystemId: r.srcSystemId,
    deleted: r.deleted,
    createdAt: r.createdAt.toISOString(),
  };
}

export function keyOf(r: PersonPhoneViewRow, sort: PersonPhoneViewParams["sort"]) {
  return sort === "person"
    ? ({ sort, lastName: r.lastName, firstName: r.firstName, id: r.id } as const)
    : ({ sort, number: r.number, id: r.id } as const);
}

/**
 * Administration → Data views → Person Phone (SPEC §6): every phone record of the institution
 * — deleted ones and system numbers too — searched, filtered (`deleted = false` lists the
 * current records, active system numbers among them) and keyset-paginated.
 */
export async function listPersonPhoneView({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<PersonPhoneViewPage> {
  const { actor, db } = ctx;
  assertMayReadPersonPhoneView(actor);
  const params = parseInput(personPhoneViewInputSchema, input);
  const cursor = params.cursor ? decodePersonPhoneCursor(params.cursor) : null;
  if (params.cursor && (!cursor || cursor.sort !== params.sort)) {
    throw validationError({ cursor: "Not a cursor from this list; start from the first page." });
  }

  const { rows, nextCursor, prevCursor } = await readKeysetPage({
    limit: params.limit,
    direction: cursor?.direction,
    fetch: ({ backwards, limit }) =>
      listPersonPhoneViewPage(db, {
        ...toViewSearch(actor.institutionId, params),
        after: cursor ?? undefined,
        descending: (params.dir === "desc") !== backwards,
        limit,
      }),
    encode: (row, direction) => encodePersonPhoneCursor({ ...keyOf(row, params.sort), direction }),
  });
  return { items: rows.map(toViewItem), nextCursor, prevCursor };
}

/** The institution's phone types (System included: it is a filter here), for the view's Type filter. */
export async function listPersonPhoneTypeChoices({ ctx }: { ctx: ServiceContext }): Promise<{ name: string; srcSystemId: string }[]> {
  assertMayReadPersonPhoneView(ctx.actor);
  const types = await listPhoneTypes(ctx.db, ctx.actor.institutionId);
  return types.map((t) => ({ name: t.name, srcSystemId: t.srcSystemId }));
}
