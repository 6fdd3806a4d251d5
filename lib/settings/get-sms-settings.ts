import "server-only";
import type { DbOrTx } from "@/db";
import { ensureSettingsRows, readSettings } from "@/db/queries/settings";
import { authorize } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";
import { minuteToTime } from "./quiet-window";
import type { SmsSettingsDto } from "./schemas";

/** The settings as the API shows them; the default rows are created the first time they are missing. */
export async function loadSmsSettings(db: DbOrTx, institutionId: string, opts: { forUpdate?: boolean } = {}): Promise<SmsSettingsDto> {
  let row = await readSettings(db, institutionId, opts);
  if (!row) {
    await ensureSettingsRows(db, institutionId);
    row = await readSettings(db, institutionId, opts);
  }
  if (!row) throw new AppError("NOT_FOUND", "No such institution.");
  const { quietWindowStartMinute, quietWindowEndMinute, ...rest } = row;
  return {
    ...rest,
    quietWindowStart: quietWindowStartMinute === null ? null : minuteToTime(quietWindowStartMinute),
    quietWindowEnd: quietWindowEndMinute === null ? null : minuteToTime(quietWindowEndMinute),
  };
}

/**
 * SMS Configuration (General Settings, Email Notifications, Quiet Hours, the two limits) and smsMaxLength
 * of the actor's institution (SPEC §3). Administrators and the platform operator.
 */
export async function getSmsSettings({ ctx }: { ctx: ServiceContext; input?: undefined }): Promise<SmsSettingsDto> {
  const { actor } = ctx;
  authorize(actor, "smsSettings.read");
  return loadSmsSettings(ctx.db, actor.institutionId);
}
