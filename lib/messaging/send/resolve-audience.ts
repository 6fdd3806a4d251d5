import "server-only";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { audienceInput } from "./audience-schema";

/**
 * The recipient ids of a composer audience, distinct, in the order given (SPEC §9). The send
 * itself reports ids that are not people of the actor's institution and sends them nothing.
 */
export async function resolveAudience({ ctx: _ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<string[]> {
  const audience = parseInput(audienceInput, input);
  return [...new Set(audience.recipientIds)];
}
