import "server-only";
import { z } from "zod";
import { clearScimToken, findScimSettings, listScimRoleOptions, saveScimOptions, saveScimToken, type ScimRoleOption } from "@/db/queries/scim-settings";
import { insertSettingsAudit } from "@/db/queries/settings";
import { SCIM_NUMBER_ON_DEACTIVATION, type ScimNumberOnDeactivation } from "@/db/schema/scim";
import { authorize } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { newScimToken } from "./scim-token";

/** settings_audit.scope of SCIM's settings (token generated or revoked, options changed). */
const AUDIT_SCOPE = "SCIM";

export type ScimSettingsView = {
  token: { prefix: string; createdAt: Date; createdByName: string | null; lastUsedAt: Date | null } | null;
  numberOnDeactivation: ScimNumberOnDeactivation;
  /** The role new users get: the chosen one, else the first staff role without administration. */
  newUserRoleId: string | null;
  /** Staff roles without administration: a directory never creates administrators. */
  roleOptions: ScimRoleOption[];
};

/** Administration → Sign-in → SCIM: the token's state (never the token) and the options. Administrators only. */
export async function getScimSettings({ ctx }: { ctx: ServiceContext }): Promise<ScimSettingsView> {
  authorize(ctx.actor, "scim.manage");
  const { institutionId } = ctx.actor;
  const [settings, roles] = await Promise.all([findScimSettings(ctx.db, institutionId), listScimRoleOptions(ctx.db, institutionId)]);
  const roleOptions = roles.filter((r) => !r.grantsAdmin);
  const chosen = roleOptions.find((r) => r.id === settings?.newUserRoleId) ?? roleOptions[0];
  return {
    token:
      settings?.tokenPrefix && settings.tokenCreatedAt
        ? { prefix: settings.tokenPrefix, createdAt: settings.tokenCreatedAt, createdByName: settings.tokenCreatedByName, lastUsedAt: settings.tokenLastUsedAt }
        : null,
    numberOnDeactivation: settings?.numberOnDeactivation ?? "RELEASE",
    newUserRoleId: chosen?.id ?? null,
    roleOptions,
  };
}

/**
 * Generates the institution's SCIM token, replacing any earlier one at once (rotation: the
 * directory must be given the new one). The token is in the answer only; its SHA-256 is stored.
 */
export async function generateScimToken({ ctx }: { ctx: ServiceContext }): Promise<{ token: string; prefix: string }> {
  authorize(ctx.actor, "scim.manage");
  const { institutionId, userId } = ctx.actor;
  const fresh = newScimToken();
  await ctx.db.transaction(async (tx) => {
    const before = await findScimSettings(tx, institutionId);
    await saveScimToken(tx, { institutionId, tokenHash: fresh.hash, tokenPrefix: fresh.prefix, byUserId: userId, now: ctx.now });
    await insertSettingsAudit(tx, institutionId, [{ scope: AUDIT_SCOPE, field: "token", oldValue: before?.tokenPrefix ?? null, newValue: fresh.prefix }], {
      userId,
      now: ctx.now,
    });
  });
  return { token: fresh.token, prefix: fresh.prefix };
}

/** Revokes the institution's SCIM token: the directory's next request is refused (401). */
export async function revokeScimToken({ ctx }: { ctx: ServiceContext }): Promise<void> {
  authorize(ctx.actor, "scim.manage");
  const { institutionId, userId } = ctx.actor;
  await ctx.db.transaction(async (tx) => {
    const before = await findScimSettings(tx, institutionId);
    if (!(await clearScimToken(tx, { institutionId, now: ctx.now }))) throw new AppError("CONFLICT", "There is no SCIM token to revoke.");
    await insertSettingsAudit(tx, institutionId, [{ scope: AUDIT_SCOPE, field: "token", oldValue: before?.tokenPrefix ?? null, newValue: null }], {
      userId,
      now: ctx.now,
    });
  });
}

export const scimOptionsInputSchema = z
  .object({
    numberOnDeactivation: z.enum(SCIM_NUMBER_ON_DEACTIVATION, "Choose what happens to the number."),
    newUserRoleId: z.guid("Choose a role."),
  })
  .strict();

/**
 * Saves what the directory's changes do: whether deactivating a user releases their system
 * number (RELEASE) or keeps it theirs (KEEP), and the staff role (never an administrator's) of
 * the users it creates. Each changed option is recorded in settings_audit.
 */
export async function updateScimOptions({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof scimOptionsInputSchema> }) {
  authorize(ctx.actor, "scim.manage");
  const { numberOnDeactivation, newUserRoleId } = parseInput(scimOptionsInputSchema, input);
  const { institutionId, userId } = ctx.actor;
  await ctx.db.transaction(async (tx) => {
    const roles = await listScimRoleOptions(tx, institutionId);
    if (!roles.some((r) => r.id === newUserRoleId && !r.grantsAdmin)) {
      throw new AppError("VALIDATION", "Choose a staff role without administration.", { newUserRoleId: "Choose a staff role without administration." });
    }
    const before = await findScimSettings(tx, institutionId);
    await saveScimOptions(tx, { institutionId, numberOnDeactivation, newUserRoleId, now: ctx.now });
    const entries = [
      { field: "numberOnDeactivation", oldValue: before?.numberOnDeactivation ?? "RELEASE", newValue: numberOnDeactivation },
      { field: "newUserRoleId", oldValue: before?.newUserRoleId ?? null, newValue: newUserRoleId },
    ].filter((e) => e.oldValue !== e.newValue);
    await insertSettingsAudit(tx, institutionId, entries.map((e) => ({ scope: AUDIT_SCOPE, ...e })), { userId, now: ctx.now });
  });
  return getScimSettings({ ctx });
}
