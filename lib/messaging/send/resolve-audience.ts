import "server-only";
import { authorize } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { recipientIdsOfList, recipientIdsOfSearch } from "@/lib/people/recipient-lists";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { audienceInput } from "./audience-schema";
import { followUpRecipientIds } from "./get-send-outcomes";

const EMPTY = {
  search: "No one matches this search now.",
  list: "No one is on this list now.",
  sendFollowUp: "No one of that send is left to text: everyone has replied, or opted out.",
} as const;

/**
 * The recipient ids of a composer audience, distinct, in order (SPEC §9): ticked ids as given;
 * everyone a People search matches, a saved list's members, or a follow-up's (the send's texted
 * recipients who replied within 24 h, or did not; see get-send-outcomes.ts), read now —
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
  } else if (audience.type === "list") {
    ids = await recipientIdsOfList({ ctx, listId: audience.listId });
  } else {
    ids = await followUpRecipientIds({ ctx, input: { sendId: audience.sendId, replied: audience.replied } });
  }
  if (ids.length === 0) throw new AppError("VALIDATION", EMPTY[audience.type], { audience: "No recipients." });
  return ids;
}
