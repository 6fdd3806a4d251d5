import "server-only";
import { z } from "zod";
import { listSettingsAudit } from "@/db/queries/settings-audit";
import { authorize } from "@/lib/auth/policy";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { scopedInstitutionId } from "./scoped-institution";

/**
 * settings_audit.scope: the screen a change was made on. PHONE_NUMBER_USAGE records a removed
 * system-number assignment (Twilio tab → Phone Number Usage); SIGN_IN, Administration → Sign-in.
 */
export const SETTINGS_SCOPES = ["SMS_GENERAL", "SMS_EMAIL", "SMS_QUIET_HOURS", "SMS_LIMITS", "APPLICATION", "PHONE_NUMBER_USAGE", "SIGN_IN"] as const;
export type SettingsScope = (typeof SETTINGS_SCOPES)[number];

const inputSchema = z
  .object({
    scopes: z.array(z.enum(SETTINGS_SCOPES)).min(1),
    limit: z.number().int().min(1).max(100).default(20),
    /** Another institution's changes: the platform operator only. */
    institutionId: z.guid().optional(),
  })
  .strict();

export type SettingsChange = {
  id: number;
  scope: string;
  field: string;
  oldValue: unknown;
  newValue: unknown;
  changedAt: Date;
  /** Display name of who changed it; null when the user no longer exists. */
  changedByName: string | null;
};

/** The latest recorded changes (who, when, old, new) of the given screens, newest first. Administrators and the operator. */
export async function listSettingsChanges({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof inputSchema> }): Promise<SettingsChange[]> {
  const { actor, db } = ctx;
  authorize(actor, "settingsChanges.read");
  const { scopes, limit, institutionId } = parseInput(inputSchema, input);
  return listSettingsAudit(db, scopedInstitutionId(actor, institutionId), scopes, limit);
}
