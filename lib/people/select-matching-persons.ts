import { z } from "zod";
import { countMatchingPersons, listMatchingPersons } from "@/db/queries/persons";
import { authorize } from "@/lib/auth/policy";
import { MAX_RECIPIENTS_PER_SEND } from "@/lib/messaging/send/schemas";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { safeText } from "@/lib/validation/text";
import { toPersonMatch } from "./list-persons";

/** The People list's search, as its query string carries it. */
export const matchingPersonsInput = z.object({
  q: safeText(z.string().trim().max(200)).optional(),
  kind: z.enum(["staff", "student"]).optional(),
});

export type MatchingPersons = {
  /** Selected people, in the list's order: at most MAX_RECIPIENTS_PER_SEND. */
  people: { id: string; name: string }[];
  /** True when the search matches more people than one send may have (only the first were taken). */
  capped: boolean;
};

function searchOf(institutionId: string, input: z.output<typeof matchingPersonsInput>) {
  return { institutionId, ...toPersonMatch(input.q), kind: input.kind, deleted: false };
}

/**
 * How many people the People list's search matches, counted up to one more than a send may
 * have: the list offers "Select all N matching this search" when they span several pages.
 */
export async function countMatchingPersonsOfSearch({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<number> {
  authorize(ctx.actor, "people.list");
  const params = parseInput(matchingPersonsInput, input);
  return countMatchingPersons(ctx.db, searchOf(ctx.actor.institutionId, params), MAX_RECIPIENTS_PER_SEND + 1);
}

/**
 * Every person the People list's search matches — not only the page shown — up to the most
 * recipients one send may have (SPEC §9), so a staff member can message all of them at once.
 * Resolved on the server from the search itself; the browser gets ids and names only.
 */
export async function selectMatchingPersons({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<MatchingPersons> {
  authorize(ctx.actor, "people.list");
  const params = parseInput(matchingPersonsInput, input);
  const rows = await listMatchingPersons(ctx.db, searchOf(ctx.actor.institutionId, params), MAX_RECIPIENTS_PER_SEND + 1);
  return {
    people: rows.slice(0, MAX_RECIPIENTS_PER_SEND).map((p) => ({ id: p.id, name: `${p.preferredName ?? p.firstName} ${p.lastName}` })),
    capped: rows.length > MAX_RECIPIENTS_PER_SEND,
  };
}
