import "server-only";
import { z } from "zod";
import { listInstitutionLimits as readInstitutionLimits, type InstitutionLimitsRow } from "@/db/queries/institution-limits";
import { insertSettingsAudit, updateSmsLimits } from "@/db/queries/settings";
import type { Actor } from "@/lib/auth/capabilities";
import { authorize } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { loadSmsSettings } from "./get-sms-settings";
import { limitWarnings } from "./limit-warnings";
import { smsSettingsUpdateInputSchema } from "./schemas";

export type InstitutionLimits = InstitutionLimitsRow;

/** The platform operator alone manages limits (SPEC §1, §3); an institution's administrators never do. */
function requireOperator(actor: Actor) {
  authorize(actor, "institutionLimits.manage");
}

/** Every institution with its usage against both limits and its pool, by name (the operator's list). */
export async function listInstitutionLimits({ ctx }: { ctx: ServiceContext; input?: undefined }): Promise<InstitutionLimits[]> {
  requireOperator(ctx.actor);
  return readInstitutionLimits(ctx.db, { now: ctx.now });
}

const institutionIdSchema = z.object({ institutionId: z.guid("Not an institution id.") });

/** One institution's limits and usage (operator only); NOT_FOUND for an unknown id. */
export async function getInstitutionLimits({ ctx, input }: { ctx: ServiceContext; input: { institutionId: string } }): Promise<InstitutionLimits> {
  requireOperator(ctx.actor);
  const { institutionId } = parseInput(institutionIdSchema, input);
  const [row] = await readInstitutionLimits(ctx.db, { now: ctx.now, institutionId });
  if (!row) throw new AppError("NOT_FOUND", "No such institution.");
  return row;
}

const updateLimitsSchema = institutionIdSchema
  .extend({
    smsMonthlyLimit: smsSettingsUpdateInputSchema.shape.smsMonthlyLimit,
    smsPhoneNumberLimit: smsSettingsUpdateInputSchema.shape.smsPhoneNumberLimit,
    /** The operator has read the warnings and saves anyway. */
    confirmed: z.boolean().default(false),
  })
  .strict();

export type UpdateInstitutionLimitsInput = z.input<typeof updateLimitsSchema>;

export type UpdateInstitutionLimitsResult = {
  /** False when warnings wait for the operator's confirmation: nothing was written. */
  saved: boolean;
  warnings: string[];
  limits: { smsMonthlyLimit: number; smsPhoneNumberLimit: number };
};

/**
 * The platform operator changes any institution's SMS Message Limit and/or SMS Phone Number
 * Usage Limit (SPEC §3). A limit below what is already used this month, or a number limit above
 * the pool's size, is saved only once `confirmed`: the first call answers its warnings
 * (limit-warnings.ts) and writes nothing. Saved in one transaction with a settings_audit row
 * (scope SMS_LIMITS) per changed limit, the institution's row locked while usage is read.
 */
export async function updateInstitutionLimits({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<UpdateInstitutionLimitsResult> {
  const { actor, now } = ctx;
  requireOperator(actor);
  const { institutionId, confirmed, ...requested } = parseInput(updateLimitsSchema, input);

  return ctx.db.transaction(async (tx) => {
    const [exists] = await readInstitutionLimits(tx, { now, institutionId });
    if (!exists) throw new AppError("NOT_FOUND", "No such institution.");
    const before = await loadSmsSettings(tx, institutionId, { forUpdate: true });
    // Usage read again under the lock, so the warnings speak of what the limits are compared with now.
    const [usage] = await readInstitutionLimits(tx, { now, institutionId });
    const current = { smsMonthlyLimit: before.smsMonthlyLimit, smsPhoneNumberLimit: before.smsPhoneNumberLimit };
    const warnings = limitWarnings({ ...usage, institutionName: usage.name }, current, requested);
    if (warnings.length && !confirmed) return { saved: false, warnings, limits: current };

    const fields = (["smsMonthlyLimit", "smsPhoneNumberLimit"] as const).filter((f) => requested[f] !== undefined && requested[f] !== current[f]);
    const changes = Object.fromEntries(fields.map((f) => [f, requested[f]!]));
    if (fields.length) await updateSmsLimits(tx, institutionId, changes, now);
    await insertSettingsAudit(
      tx,
      institutionId,
      fields.map((field) => ({ scope: "SMS_LIMITS", field, oldValue: current[field], newValue: requested[field] })),
      { userId: actor.userId, now },
    );
    return { saved: true, warnings, limits: { ...current, ...changes } };
  });
}
