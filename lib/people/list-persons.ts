import {
  listEmailsOfPersons,
  listPersonsPage,
  listPhonesOfPersons,
  listRolesOfPersons,
  type PersonSearch,
} from "@/db/queries/persons";
import { authorize } from "@/lib/auth/policy";
import { readKeysetPage } from "@/lib/keyset-page";
import { parseInput, validationError } from "@/lib/parse-input";
import { formatPhone } from "@/lib/e164";
import type { ServiceContext } from "@/lib/service-context";
import { decodePersonCursor, encodePersonCursor } from "./person-cursor";
import { isSystemPhone } from "./person-dto";
import { listPersonsInputSchema, type PeopleFilter, type PersonListItem, type PersonListPage } from "./schemas";

/** How a search text is matched: every word in the name or src_system_id, the whole text in an email, its digits in a phone. */
export function toPersonMatch(q: string | undefined): Pick<PersonSearch, "words" | "emailText" | "phoneDigits"> {
  const text = (q ?? "").trim().toLowerCase();
  if (!text) return { words: [] };
  const digits = text.replace(/\D/g, "");
  return {
    words: text.split(/[\s,]+/).filter(Boolean).slice(0, 8),
    emailText: /\s/.test(text) ? undefined : text,
    phoneDigits: /^[0-9\s()+.\-]+$/.test(text) && digits.length >= 3 ? digits : undefined,
  };
}

const SMS_STATUS_OF = { enabled: "SMS_ENABLED", default: "SMS_DEFAULT", disabled: "SMS_DISABLED" } as const;

/** The People search's filters as the query's conditions (without paging), in the actor's institution. */
export function toPersonSearch(institutionId: string, f: PeopleFilter): Omit<PersonSearch, "after" | "descending" | "limit" | "deleted"> {
  return {
    institutionId,
    ...toPersonMatch(f.q),
    roleCode: f.role,
    kind: f.kind,
    optedOut: f.sms === "opted-out",
    smsStatus: f.sms && f.sms !== "opted-out" ? SMS_STATUS_OF[f.sms] : undefined,
    textable: f.textable === undefined ? undefined : f.textable === "yes",
    teamStaffPersonId: f.team,
  };
}

/**
 * The people list of the actor's institution (SPEC §1: scoped to the institution), searched,
 * filtered and keyset-paginated by (last name, first name, id). Staff and admins only.
 */
export async function listPersons({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<PersonListPage> {
  const { actor, db } = ctx;
  authorize(actor, "people.list");
  const params = parseInput(listPersonsInputSchema, input);
  const cursor = params.cursor ? decodePersonCursor(params.cursor) : null;
  if (params.cursor && !cursor) throw validationError({ cursor: "Not a cursor from this list; start from the first page." });

  const { rows: page, nextCursor, prevCursor } = await readKeysetPage({
    limit: params.limit,
    direction: cursor?.direction,
    fetch: ({ backwards, limit }) =>
      listPersonsPage(db, {
        ...toPersonSearch(actor.institutionId, params),
        deleted: params.deleted,
        after: cursor ?? undefined,
        descending: (params.order === "desc") !== backwards,
        limit,
      }),
    encode: (row, direction) => encodePersonCursor({ ...row, direction }),
  });

  const ids = page.map((p) => p.id);
  const [roles, emails, phones] = await Promise.all([
    listRolesOfPersons(db, actor.institutionId, ids),
    listEmailsOfPersons(db, actor.institutionId, ids),
    listPhonesOfPersons(db, actor.institutionId, ids),
  ]);
  const items: PersonListItem[] = page.map((p) => {
    const own = roles.filter((r) => r.personId === p.id);
    const phone = phones.find((ph) => ph.personId === p.id && !ph.deleted && !isSystemPhone(ph));
    return {
      ...p,
      kind: own.some((r) => r.kind === "STAFF") ? "staff" : "student",
      roles: own.map((r) => ({ code: r.code, name: r.name })),
      primaryEmail: emails.find((e) => e.personId === p.id && e.isPrimary)?.email ?? null,
      mainPhone: phone ? { number: phone.number, formatted: formatPhone(phone.number), typeName: phone.typeName } : null,
    };
  });
  return { items, nextCursor, prevCursor };
}
