import "server-only";
import { findPhoneTypesBySrcIds, findRolesByCodes } from "@/db/queries/persons";
import {
  insertSettingsAudit,
  replacePermittedRoles,
  updateSmsLimits,
  updateSmsMaxLength,
  updateSmsSettingsRow,
} from "@/db/queries/settings";
import { listInstitutionLimits } from "@/db/queries/institution-limits";
import { SYSTEM_PHONE_TYPE_SRC_ID } from "@/db/schema/constants";
import { authorize, can } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { parseInput, validationError } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { loadSmsSettings } from "./get-sms-settings";
import { limitWarnings } from "./limit-warnings";
import type { SettingsScope } from "./list-settings-changes";
import { quietWindowErrors, timeToMinute } from "./quiet-window";
import { smsSettingsPatchSchema, type SmsSettingsDto } from "./schemas";

type Field = keyof SmsSettingsDto;

/** Which screen each field belongs to; settings_audit.scope records it. */
const SCOPE: Record<Field, Exclude<SettingsScope, "PHONE_NUMBER_USAGE">> = {
  studentDefaultStatus: "SMS_GENERAL",
  staffDefaultStatus: "SMS_GENERAL",
  defaultPhoneTypeSrcSystemId: "SMS_GENERAL",
  permittedRoleCodes: "SMS_GENERAL",
  replyEmailSubject: "SMS_EMAIL",
  replyEmailBody: "SMS_EMAIL",
  smsMonthlyLimit: "SMS_LIMITS",
  smsPhoneNumberLimit: "SMS_LIMITS",
  smsMaxLength: "APPLICATION",
  quietHoursEnabled: "SMS_QUIET_HOURS",
  quietWindowStart: "SMS_QUIET_HOURS",
  quietWindowEnd: "SMS_QUIET_HOURS",
  quietReplyExemptMinutes: "SMS_QUIET_HOURS",
  firstContactFooter: "SMS_GENERAL",
};

/** Why an empty Permitted Roles list needs a confirmation (SPEC §4.1: no permitted role, no texts). */
export const NO_PERMITTED_ROLES_MESSAGE =
  "No one will be able to send texts: choose at least one role, or confirm that texting should stop for everyone.";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const minuteOf = (time: string | null) => (time === null ? null : timeToMinute(time));

/**
 * Changes SMS Configuration and smsMaxLength (SPEC §3) in one transaction, with one
 * settings_audit row per field that actually changed (who, when, old, new). Administrators
 * change everything except the two SMS limits, which only the platform operator may change:
 * an administrator sending a different limit gets FORBIDDEN and nothing changes. A limit below
 * what is already used, or a number limit above the pool, is saved only with
 * `confirmLimitWarnings: true`; otherwise CONFLICT says what it would mean (issue 13.4, as the
 * operator's Institutions page asks first). An empty Permitted Roles list stops every texter,
 * so it is refused unless `confirmNoPermittedRoles: true` (issue 15.2). Permitted Roles
 * must be staff roles and the Default SMS Phone Type one of the institution's own types. The
 * quiet-hours window may only narrow the federal one (SPEC §9): checked with the stored bound
 * a PATCH leaves out, so no combination of PATCHes can widen it.
 */
export async function updateSmsSettings({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<SmsSettingsDto> {
  const { actor, now } = ctx;
  authorize(actor, "smsSettings.change");
  const { confirmLimitWarnings, confirmNoPermittedRoles, ...raw } = parseInput(smsSettingsPatchSchema, input);
  const requested: Partial<SmsSettingsDto> = {
    ...raw,
    ...(raw.permittedRoleCodes ? { permittedRoleCodes: [...new Set(raw.permittedRoleCodes)].sort() } : {}),
  };
  const institutionId = actor.institutionId;

  return ctx.db.transaction(async (tx) => {
    const before = await loadSmsSettings(tx, institutionId, { forUpdate: true });
    const changed = (Object.keys(requested) as Field[]).filter((f) => !same(before[f], requested[f]));
    const limits = changed.filter((f) => SCOPE[f] === "SMS_LIMITS");
    if (limits.length && !can(actor, "smsLimits.edit")) {
      throw new AppError(
        "FORBIDDEN",
        `Only the platform operator can change ${limits.join(" and ")}. Ask your Client Success Manager.`,
      );
    }
    if (limits.length && !confirmLimitWarnings) {
      const [usage] = await listInstitutionLimits(tx, { now, institutionId });
      const current = { smsMonthlyLimit: before.smsMonthlyLimit, smsPhoneNumberLimit: before.smsPhoneNumberLimit };
      const warnings = limitWarnings({ ...usage, institutionName: usage.name }, current, {
        ...(limits.includes("smsMonthlyLimit") ? { smsMonthlyLimit: requested.smsMonthlyLimit } : {}),
        ...(limits.includes("smsPhoneNumberLimit") ? { smsPhoneNumberLimit: requested.smsPhoneNumberLimit } : {}),
      });
      if (warnings.length) throw new AppError("CONFLICT", `${warnings.join(" ")} Send "confirmLimitWarnings": true to save anyway.`);
    }
    if (changed.some((f) => SCOPE[f] !== "SMS_LIMITS")) authorize(actor, "smsSettings.edit");
    if (changed.includes("permittedRoleCodes") && requested.permittedRoleCodes!.length === 0 && !confirmNoPermittedRoles) {
      throw validationError({ permittedRoleCodes: NO_PERMITTED_ROLES_MESSAGE });
    }

    const invalid: Record<string, string> = {};
    let permittedRoleIds: string[] | undefined;
    if (changed.includes("permittedRoleCodes")) {
      const codes = raw.permittedRoleCodes!;
      const roles = await findRolesByCodes(tx, institutionId, codes);
      codes.forEach((code, i) => {
        const role = roles.find((r) => r.code === code);
        if (!role) invalid[`permittedRoleCodes[${i}]`] ??= `Unknown role code "${code}".`;
        else if (role.kind !== "STAFF") invalid[`permittedRoleCodes[${i}]`] ??= `"${code}" is a student role; only staff roles may send texts.`;
      });
      permittedRoleIds = roles.map((r) => r.id);
    }
    let defaultPhoneTypeId: string | undefined;
    if (changed.includes("defaultPhoneTypeSrcSystemId")) {
      const [type] = await findPhoneTypesBySrcIds(tx, institutionId, [requested.defaultPhoneTypeSrcSystemId!]);
      if (!type) invalid.defaultPhoneTypeSrcSystemId = `Unknown phone type "${requested.defaultPhoneTypeSrcSystemId}".`;
      else if (type.srcSystemId === SYSTEM_PHONE_TYPE_SRC_ID) {
        invalid.defaultPhoneTypeSrcSystemId = "The System type holds assigned system numbers; choose a type people's own phones have.";
      }
      defaultPhoneTypeId = type?.id;
    }
    if (changed.includes("quietWindowStart") || changed.includes("quietWindowEnd")) {
      const start = changed.includes("quietWindowStart") ? requested.quietWindowStart! : before.quietWindowStart;
      const end = changed.includes("quietWindowEnd") ? requested.quietWindowEnd! : before.quietWindowEnd;
      Object.assign(invalid, quietWindowErrors(start ?? null, end ?? null));
    }
    if (Object.keys(invalid).length) throw validationError(invalid);

    const pick = <K extends Field>(f: K) => (changed.includes(f) ? { [f]: requested[f] } : {});
    const general = {
      ...pick("studentDefaultStatus"),
      ...pick("staffDefaultStatus"),
      ...pick("replyEmailSubject"),
      ...pick("replyEmailBody"),
      ...pick("quietHoursEnabled"),
      ...pick("quietReplyExemptMinutes"),
      ...pick("firstContactFooter"),
      ...(changed.includes("quietWindowStart") ? { quietWindowStartMinute: minuteOf(requested.quietWindowStart!) } : {}),
      ...(changed.includes("quietWindowEnd") ? { quietWindowEndMinute: minuteOf(requested.quietWindowEnd!) } : {}),
      ...(defaultPhoneTypeId ? { defaultPhoneTypeId } : {}),
    };
    if (Object.keys(general).length) await updateSmsSettingsRow(tx, institutionId, general, now);
    if (permittedRoleIds) await replacePermittedRoles(tx, institutionId, permittedRoleIds);
    if (limits.length) await updateSmsLimits(tx, institutionId, { ...pick("smsMonthlyLimit"), ...pick("smsPhoneNumberLimit") }, now);
    if (changed.includes("smsMaxLength")) await updateSmsMaxLength(tx, institutionId, requested.smsMaxLength!, now);

    await insertSettingsAudit(
      tx,
      institutionId,
      changed.map((field) => ({ scope: SCOPE[field], field, oldValue: before[field], newValue: requested[field] })),
      { userId: actor.userId, now },
    );
    return loadSmsSettings(tx, institutionId);
  });
}
