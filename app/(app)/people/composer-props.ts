import type { ComposerActions } from "@/components/composer/types";
import { getDb } from "@/db";
import { loadDeliverySettings } from "@/db/queries/delivery";
import type { Actor } from "@/lib/auth/capabilities";
import { previewMessagesAction, sendMessagesAction, sendProgressAction } from "@/lib/actions/messaging/compose";
import { emailFailedTextsAction, sendResultsAction } from "@/lib/actions/messaging/send-results";
import { scheduleSendAction, sendZonesAction } from "@/lib/actions/messaging/sends";
import { listTemplatesAction } from "@/lib/actions/messaging/templates";
import { can } from "@/lib/auth/policy";

const actions: ComposerActions = {
  preview: previewMessagesAction,
  send: sendMessagesAction,
  progress: sendProgressAction,
  results: sendResultsAction,
  emailFailed: emailFailedTextsAction,
  later: { schedule: scheduleSendAction, zones: sendZonesAction },
  templates: listTemplatesAction,
};

/**
 * What every composer entry point passes down, or null when the actor composes nothing (not
 * staff). Staff outside Permitted Roles still get it: the composer tells them they may not text.
 */
export async function composerProps(actor: Actor) {
  if (!can(actor, "messages.compose")) return null;
  const { smsMaxLength } = await loadDeliverySettings(getDb(), actor.institutionId);
  return { smsMaxLength, permitted: can(actor, "messages.text"), actions };
}
