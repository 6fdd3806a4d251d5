import "server-only";
import { z } from "zod";
import { listMatchingPersonIds } from "@/db/queries/persons";
import {
  addRecipientListMembers as insertMembers,
  deleteRecipientList as removeList,
  findRecipientList,
  insertRecipientList,
  countRecipientListMembers,
  listRecipientListMembers,
  listRecipientLists as selectLists,
  removeRecipientListMembers as deleteMembers,
  updateRecipientList,
} from "@/db/queries/recipient-lists";
import { authorize, can } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { MAX_RECIPIENTS_PER_SEND } from "@/lib/messaging/send/schemas";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { safeText } from "@/lib/validation/text";
import { toPersonSearch } from "./list-persons";
import { peopleFilterSchema } from "./schemas";

/*
 * Saved recipient lists (issue 16 item 2, SPEC §9): named, owned by a staff member, optionally
 * shared with the institution's staff, holding people of the institution only; one can be the
 * composer's audience. Who may see and change one is the policy's (recipientList.*).
 */

/** A list holds at most what one send may take: it is meant to be sent to whole. */
export const MAX_LIST_MEMBERS = MAX_RECIPIENTS_PER_SEND;

const listName = safeText(z.string().trim().min(1, "Name the list.").max(100, "At most 100 characters."));
const personIds = z.array(z.uuid("Not a person id.")).min(1, "Choose at least one person.").max(MAX_LIST_MEMBERS);

export const createListInput = z.object({
  name: listName,
  shared: z.boolean().default(false),
  /** Its first members: ticked people, or everyone a People search matches now. */
  from: z.discriminatedUnion("type", [
    z.object({ type: z.literal("people"), personIds }),
    z.object({ type: z.literal("search"), search: peopleFilterSchema }),
  ]),
});
export const updateListInput = z.object({ listId: z.uuid(), name: listName.optional(), shared: z.boolean().optional() });
export const listIdInput = z.object({ listId: z.uuid() });
export const listMembersInput = z.object({ listId: z.uuid(), personIds });

export type RecipientListSummary = Awaited<ReturnType<typeof selectLists>>[number] & { canChange: boolean };

/** A list the actor may see, or NOT_FOUND (another's unshared list is as if it did not exist). */
async function visibleList(ctx: ServiceContext, listId: string, opts: { forUpdate?: boolean } = {}) {
  const list = await findRecipientList(ctx.db, ctx.actor.institutionId, listId, opts);
  if (!list) throw new AppError("NOT_FOUND", "No such list.");
  authorize(ctx.actor, "recipientList.read", { listOwnerUserId: list.ownerUserId, listShared: list.shared });
  return list;
}

/** A list the actor may change: visible first (404), then theirs or an administrator's (403). */
async function changeableList(ctx: ServiceContext, listId: string) {
  const list = await visibleList(ctx, listId, { forUpdate: true });
  authorize(ctx.actor, "recipientList.change", { listOwnerUserId: list.ownerUserId, listShared: list.shared });
  return list;
}

/** Everyone a People search matches now, refused beyond what a list (and a send) may hold. */
async function idsOfSearch(ctx: ServiceContext, search: z.output<typeof peopleFilterSchema>): Promise<string[]> {
  const ids = await listMatchingPersonIds(ctx.db, toPersonSearch(ctx.actor.institutionId, search), MAX_LIST_MEMBERS + 1);
  if (ids.length > MAX_LIST_MEMBERS) {
    throw new AppError("VALIDATION", `This search matches more than ${MAX_LIST_MEMBERS.toLocaleString("en-US")} people; one send or list takes at most ${MAX_LIST_MEMBERS.toLocaleString("en-US")}. Narrow the search.`, {
      search: "Too many people.",
    });
  }
  return ids;
}

/** The lists the actor may use (own and shared; an administrator: all of the institution's). */
export async function listRecipientLists({ ctx }: { ctx: ServiceContext }): Promise<RecipientListSummary[]> {
  authorize(ctx.actor, "recipientLists.use");
  const rows = await selectLists(ctx.db, { institutionId: ctx.actor.institutionId, userId: ctx.actor.userId, all: ctx.actor.capabilities.admin });
  return rows.map((r) => ({ ...r, canChange: can(ctx.actor, "recipientList.change", { listOwnerUserId: r.ownerUserId, listShared: r.shared }) }));
}

/**
 * A new list owned by the actor, from ticked people or from a search. People not of the actor's
 * institution (or deleted) are not added and make the whole request fail: nothing is stored.
 */
export async function createRecipientList({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  authorize(ctx.actor, "recipientLists.use");
  const { name, shared, from } = parseInput(createListInput, input);
  const ids = from.type === "people" ? [...new Set(from.personIds)] : await idsOfSearch(ctx, from.search);
  return ctx.db.transaction(async (tx) => {
    const listId = await insertRecipientList(tx, { institutionId: ctx.actor.institutionId, ownerUserId: ctx.actor.userId, name, shared, now: ctx.now });
    const added = await insertMembers(tx, { institutionId: ctx.actor.institutionId, listId, personIds: ids, now: ctx.now });
    if (added.length !== ids.length) throw unknownPeople(ids.length - added.length);
    return { listId, members: added.length };
  });
}

function unknownPeople(n: number) {
  return new AppError("VALIDATION", `${n} of these people ${n === 1 ? "is" : "are"} not in your institution's records. Nothing was changed.`, {
    personIds: "Not people of your institution.",
  });
}

/** Rename or share / unshare a list (owner or administrator). */
export async function updateRecipientListOf({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const { listId, name, shared } = parseInput(updateListInput, input);
  await ctx.db.transaction(async (tx) => {
    await changeableList({ ...ctx, db: tx as typeof ctx.db }, listId);
    await updateRecipientList(tx, ctx.actor.institutionId, listId, { name, shared, now: ctx.now });
  });
}

/** Delete a list (owner or administrator); its members stay people, of course. */
export async function deleteRecipientListOf({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const { listId } = parseInput(listIdInput, input);
  await ctx.db.transaction(async (tx) => {
    await changeableList({ ...ctx, db: tx as typeof ctx.db }, listId);
    await removeList(tx, ctx.actor.institutionId, listId);
  });
}

/** Add people (of the institution only: any other id fails the whole request) to a list. */
export async function addRecipientListMembersOf({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const { listId, personIds: ids } = parseInput(listMembersInput, input);
  const unique = [...new Set(ids)];
  return ctx.db.transaction(async (tx) => {
    await changeableList({ ...ctx, db: tx as typeof ctx.db }, listId);
    const added = await insertMembers(tx, { institutionId: ctx.actor.institutionId, listId, personIds: unique, now: ctx.now });
    if (added.length !== unique.length) throw unknownPeople(unique.length - added.length);
    const members = await countRecipientListMembers(tx, { institutionId: ctx.actor.institutionId, listId });
    if (members > MAX_LIST_MEMBERS) {
      throw new AppError("VALIDATION", `A list holds at most ${MAX_LIST_MEMBERS.toLocaleString("en-US")} people.`, { personIds: "Too many people." });
    }
    return { members };
  });
}

/** Remove people from a list; answers how many were on it. */
export async function removeRecipientListMembersOf({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const { listId, personIds: ids } = parseInput(listMembersInput, input);
  return ctx.db.transaction(async (tx) => {
    await changeableList({ ...ctx, db: tx as typeof ctx.db }, listId);
    return { removed: await deleteMembers(tx, { institutionId: ctx.actor.institutionId, listId, personIds: ids }) };
  });
}

/** Members a list's page shows (name order); the count is of all of them. */
export const LIST_MEMBERS_SHOWN = 500;

/** A visible list with how many people it holds and the first LIST_MEMBERS_SHOWN of them (id and name), in name order. */
export async function getRecipientList({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const { listId } = parseInput(listIdInput, input);
  const list = await visibleList(ctx, listId);
  const [members, counted] = await Promise.all([
    listRecipientListMembers(ctx.db, { institutionId: ctx.actor.institutionId, listId, limit: LIST_MEMBERS_SHOWN }),
    countRecipientListMembers(ctx.db, { institutionId: ctx.actor.institutionId, listId }),
  ]);
  return {
    ...list,
    canChange: can(ctx.actor, "recipientList.change", { listOwnerUserId: list.ownerUserId, listShared: list.shared }),
    memberCount: counted,
    members: members.map((m) => ({ id: m.id, name: `${m.preferredName ?? m.firstName} ${m.lastName}` })),
  };
}

/** The ids of a visible list's members, for a send to it (resolve-audience.ts). */
export async function recipientIdsOfList({ ctx, listId }: { ctx: ServiceContext; listId: string }): Promise<string[]> {
  await visibleList(ctx, listId);
  const members = await listRecipientListMembers(ctx.db, { institutionId: ctx.actor.institutionId, listId, limit: MAX_LIST_MEMBERS + 1 });
  return members.map((m) => m.id);
}

/** Everyone a People search matches now (for a send to the search). */
export { idsOfSearch as recipientIdsOfSearch };
