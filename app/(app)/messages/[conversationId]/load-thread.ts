import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import { loadDeliverySettings } from "@/db/queries/delivery";
import { requireActor } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/policy";
import { getConversationThread } from "@/lib/conversations/get-conversation";
import { isAppError } from "@/lib/errors";

/**
 * The thread for the page and its metadata, once per request, and whether the actor may text at
 * all (the reply box says so up front, SPEC §4.1); NOT_FOUND (someone else's, another
 * institution's, not an id) is the 404 page.
 */
export const loadThread = cache(async (conversationId: string, beforeId?: string) => {
  const actor = await requireActor();
  const db = getDb();
  const ctx = { db, actor, now: new Date() };
  try {
    const [thread, settings] = await Promise.all([
      getConversationThread({ ctx, input: { conversationId, beforeId } }),
      loadDeliverySettings(db, actor.institutionId),
    ]);
    return { thread, timeZone: settings.timeZone, smsMaxLength: settings.smsMaxLength, permitted: can(actor, "messages.text") };
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
});
