import "server-only";
import { z } from "zod";
import { insertSettingsAudit, type SettingsAuditEntry } from "@/db/queries/settings";
import {
  ensureSignInSettingsRow,
  findInstitutionRole,
  listJitRoleChoices,
  listUsersWithoutSsoWayIn,
  readSignInSettings,
  replaceEmailDomains,
  updateSignInSettingsRow,
} from "@/db/queries/sign-in-settings";
import { findSsoConnection, listEnabledSsoConnections } from "@/db/queries/sso-connections";
import { authorize } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { toOidcConnectionView, toSamlConnectionView, type OidcConnectionView, type SamlConnectionView } from "./connection-views";

export type SignInSettingsView = {
  passwordSignInAllowed: boolean;
  jitProvisioning: boolean;
  jitDefaultRoleId: string | null;
  emailDomains: string[];
  roleChoices: { id: string; code: string; name: string }[];
  oidc: OidcConnectionView | null;
  saml: SamlConnectionView | null;
};

/** Administration → Sign-in: the institution's settings and connections (secrets never included). Administrators only. */
export async function getSignInSettings({ ctx }: { ctx: ServiceContext; input?: undefined }): Promise<SignInSettingsView> {
  authorize(ctx.actor, "signInSettings.manage");
  const institutionId = ctx.actor.institutionId;
  const [settings, roleChoices, oidc, saml] = await Promise.all([
    readSignInSettings(ctx.db, institutionId),
    listJitRoleChoices(ctx.db, institutionId),
    findSsoConnection(ctx.db, { institutionId, protocol: "oidc" }),
    findSsoConnection(ctx.db, { institutionId, protocol: "saml" }),
  ]);
  return {
    passwordSignInAllowed: settings.passwordSignInAllowed,
    jitProvisioning: settings.jitProvisioning,
    jitDefaultRoleId: settings.jitDefaultRoleId,
    emailDomains: settings.emailDomains,
    roleChoices,
    oidc: oidc ? toOidcConnectionView(oidc) : null,
    saml: saml ? toSamlConnectionView(saml) : null,
  };
}

const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;
const formBool = z.preprocess((v) => v === true || v === "true" || v === "on", z.boolean());

/** Domains typed one per line or separated by commas or spaces, "@" optional, any case. */
export const emailDomainsField = z
  .union([z.string().max(2000), z.array(z.string())])
  .transform((v) => [...new Set((Array.isArray(v) ? v : v.split(/[\s,;]+/)).map((d) => d.trim().toLowerCase().replace(/^@/, "")).filter(Boolean))].sort())
  .pipe(
    z
      .array(z.string().max(253).regex(DOMAIN, "Enter domains like college.edu, one per line."))
      .max(20, "At most 20 domains."),
  );

export const signInSettingsInputSchema = z.object({
  passwordSignInAllowed: formBool,
  jitProvisioning: formBool,
  jitDefaultRoleId: z.preprocess((v) => (v === "" ? null : v), z.guid("Choose a role.").nullable()).default(null),
  emailDomains: emailDomainsField.default([]),
});

/**
 * Whether passwords may be switched off now, as an AppError naming what is missing (issue 19.2:
 * nobody may lock the institution out). Needs an enabled SSO connection, and the acting
 * administrator must have signed in through one of its enabled connections at least once
 * (sso_identities): a way in proven, not assumed. The platform operator keeps their password
 * whatever the institution decides (issue 19.2), so they need no SSO way in.
 */
export async function assertSsoWayIn(ctx: ServiceContext, action: string): Promise<void> {
  const institutionId = ctx.actor.institutionId;
  const enabled = await listEnabledSsoConnections(ctx.db, institutionId);
  if (enabled.length === 0) throw new AppError("CONFLICT", `${action}: set up and enable a single sign-on connection first, or nobody could sign in.`);
  const missing = await listUsersWithoutSsoWayIn(ctx.db, { institutionId, userIds: [ctx.actor.userId] });
  if (missing.some((u) => u.userId === ctx.actor.userId && !u.isOperator)) {
    throw new AppError("CONFLICT", `${action}: sign in once through your single sign-on first, so you keep a way in.`);
  }
}

/**
 * Saves Administration → Sign-in's settings (administrators of the institution): password
 * sign-in on/off (off only when assertSsoWayIn allows), just-in-time provisioning with its
 * role (a staff role of the institution that does not grant administration), and the email
 * domains routed to the institution's SSO (each domain belongs to one institution). One
 * transaction with its settings_audit rows (scope SIGN_IN); bad input changes nothing.
 */
export async function saveSignInSettings({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<SignInSettingsView> {
  authorize(ctx.actor, "signInSettings.manage");
  const next = parseInput(signInSettingsInputSchema, input);
  const institutionId = ctx.actor.institutionId;
  if (next.jitProvisioning && !next.jitDefaultRoleId) {
    throw new AppError("VALIDATION", "Choose the role just-in-time users get.", { jitDefaultRoleId: "Choose a role." });
  }
  const role = next.jitDefaultRoleId ? await findInstitutionRole(ctx.db, { institutionId, roleId: next.jitDefaultRoleId }) : null;
  if (next.jitDefaultRoleId && (!role || role.kind !== "STAFF" || role.grantsAdmin)) {
    throw new AppError("VALIDATION", "Choose a staff role that does not grant administration.", { jitDefaultRoleId: "Choose one of the listed roles." });
  }
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx as unknown as ServiceContext["db"] };
    await ensureSignInSettingsRow(tx, institutionId);
    const before = await readSignInSettings(tx, institutionId, { forUpdate: true });
    if (before.passwordSignInAllowed && !next.passwordSignInAllowed) await assertSsoWayIn(txCtx, "Password sign-in stays on");
    await updateSignInSettingsRow(tx, institutionId, next, ctx.now);
    const { takenElsewhere } = await replaceEmailDomains(tx, institutionId, next.emailDomains);
    if (takenElsewhere.length > 0) {
      const message = `${takenElsewhere.join(", ")} already ${takenElsewhere.length === 1 ? "signs" : "sign"} in with another institution.`;
      throw new AppError("VALIDATION", message, { emailDomains: message });
    }
    const entries: SettingsAuditEntry[] = [];
    const field = (name: string, oldValue: unknown, newValue: unknown) => {
      if (JSON.stringify(oldValue) !== JSON.stringify(newValue)) entries.push({ scope: "SIGN_IN", field: name, oldValue, newValue });
    };
    field("passwordSignInAllowed", before.passwordSignInAllowed, next.passwordSignInAllowed);
    field("jitProvisioning", before.jitProvisioning, next.jitProvisioning);
    field("jitDefaultRoleCode", before.jitDefaultRoleCode, role?.code ?? null);
    field("emailDomains", before.emailDomains, next.emailDomains);
    await insertSettingsAudit(tx, institutionId, entries, { userId: ctx.actor.userId, now: ctx.now });
  });
  return getSignInSettings({ ctx });
}
