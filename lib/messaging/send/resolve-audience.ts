import "server-only";
import { authorize } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { recipientIdsOfList, recipientIdsOfSearch } from "@/lib/people/recipient-lists";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { audienceInput } from "./audience-schema";

/**
 * The recipient ids of a composer audience, distinct, in order (SPEC §9): ticked ids as given;
 * everyone a People search matches, or a saved list's members, read from the database now —
 * at Review, and again when Send is pressed. More than 50,000 is refused with a clear error
 * (VALIDATION), nothing stored. The send itself reports ids that are not people of the actor's
 * institution and sends them nothing.
 */
export async function resolveAudience({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<string[]> {
  const audience = parseInput(audienceInput, input);
  if (audience.type === "people") return [...new Set(audience.recipientIds)];
  let ids: string[];
  if (audience.type === "search") {
    authorize(ctx.actor, "people.list");
    ids = await recipientIdsOfSearch(ctx, audience.search);
  } else {
    ids = await recipientIdsOfList({ ctx, listId: audience.listId });
  }
  if (ids.length === 0) {
    throw new AppError("VALIDATION", audience.type === "search" ? "No one matches this search now." : "No one is on this list now.", {
      audience: "No recipients.",
    });
  }
  return ids;
}
