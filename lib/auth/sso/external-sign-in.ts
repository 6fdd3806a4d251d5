import "server-only";
import { z } from "zod";
import type { DbOrTx } from "@/db";
import { findSignInCredential } from "@/db/queries/credentials";
import { findInstitutionRole, readSignInSettings } from "@/db/queries/sign-in-settings";
import { findEnabledSsoConnectionById } from "@/db/queries/sso-connections";
import { createJitStaffUser, findSsoIdentityUser, recordSsoIdentity } from "@/db/queries/sso-sign-in";
import type { SignedInUser } from "@/lib/auth/authenticate";
import { PG_UNIQUE_VIOLATION, pgErrorCode } from "@/lib/errors";
import { log } from "@/lib/log";
import type { ExternalSignInRefusal } from "./refusals";

export type { ExternalSignInRefusal };

export type ExternalSignInResult =
  | { ok: true; user: SignedInUser; provisioned: boolean }
  | { ok: false; reason: ExternalSignInRefusal };

export const externalIdentitySchema = z.object({
  /** The sso_connections row the identity was verified against. */
  connectionId: z.uuid(),
  /** The IdP's stable id of the person: OIDC `sub`, SAML NameID. */
  subject: z.string().trim().min(1).max(1024),
  email: z.string().trim().max(320),
  /** Whether the IdP vouches for the email (OIDC `email_verified`, or the connection trusts it). */
  emailVerified: z.boolean(),
  /** For just-in-time users only. */
  firstName: z.string().trim().max(200).optional(),
  lastName: z.string().trim().max(200).optional(),
});
export type ExternalIdentity = z.input<typeof externalIdentitySchema>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Names for a just-in-time user: the IdP's, else the email's local part. */
function namesFor(identity: { email: string; firstName?: string; lastName?: string }) {
  const local = identity.email.split("@")[0];
  return { firstName: identity.firstName || local, lastName: identity.lastName || "(SSO)" };
}

/**
 * Lets a person verified by an institution's identity provider in (issue 19.3). BOTH protocols
 * call it once their protocol checks have passed (OIDC: Auth.js checked issuer, audience,
 * signature, nonce, state and PKCE; SAML: the response's signature, audience, destination and
 * times). Contract:
 * - `ctx`: the database and the time (no actor: nobody is signed in yet).
 * - `input`: ExternalIdentity — the connection it came through, the IdP's subject, the email
 *   and whether the IdP verified it, optional names.
 * - Refuses (never throws for these): a connection that is missing or disabled (`connection`),
 *   a malformed input (`invalid`), an email not verified (`unverifiedEmail`), an email that is a
 *   user of ANOTHER institution (`otherInstitution`: an identity of one institution never signs
 *   into another), a subject that signed in before as a different user (`identityConflict`:
 *   an email reassigned at the IdP), a disabled user or one whose person is deleted
 *   (`disabled`), and an unknown email when just-in-time provisioning is off (`noUser`).
 * - Matches the user by email, case-insensitively (emails are stored lower-cased and unique on
 *   the platform), within the connection's institution only.
 * - With just-in-time provisioning on (sign_in_settings), an unknown email becomes a staff
 *   person + user with the institution's default JIT role (never an administrator's role), no
 *   password; `provisioned: true`.
 * - On success records the identity (sso_identities) and returns the user for the session:
 *   Auth.js's OIDC profile callback puts it in the token; a SAML handler passes it to
 *   `createSignInGrant` (sign-in-grant.ts), redeemed by the `sso-grant` provider.
 */
export async function signInWithExternalIdentity({ ctx, input }: { ctx: { db: DbOrTx; now: Date }; input: ExternalIdentity }): Promise<ExternalSignInResult> {
  const parsed = externalIdentitySchema.safeParse(input);
  if (!parsed.success) return refuse("invalid", input.connectionId);
  const identity = { ...parsed.data, email: parsed.data.email.toLowerCase() };
  const connection = await findEnabledSsoConnectionById(ctx.db, identity.connectionId);
  if (!connection) return refuse("connection", identity.connectionId);
  if (!EMAIL.test(identity.email)) return refuse("invalid", connection.id);
  if (!identity.emailVerified) return refuse("unverifiedEmail", connection.id);

  let found = await findSignInCredential(ctx.db, identity.email);
  if (found && found.institutionId !== connection.institutionId) return refuse("otherInstitution", connection.id);
  const linkedUserId = await findSsoIdentityUser(ctx.db, { connectionId: connection.id, subject: identity.subject });
  if (linkedUserId && linkedUserId !== found?.userId) return refuse("identityConflict", connection.id);

  let provisioned = false;
  if (!found) {
    const settings = await readSignInSettings(ctx.db, connection.institutionId);
    const role = settings.jitProvisioning && settings.jitDefaultRoleId
      ? await findInstitutionRole(ctx.db, { institutionId: connection.institutionId, roleId: settings.jitDefaultRoleId })
      : undefined;
    if (!role || role.kind !== "STAFF" || role.grantsAdmin) return refuse("noUser", connection.id);
    try {
      await createJitStaffUser(ctx.db, { institutionId: connection.institutionId, email: identity.email, ...namesFor(identity), roleId: role.id, now: ctx.now });
      provisioned = true;
    } catch (err) {
      // Two first sign-ins at once: the other created the user; use it.
      if (pgErrorCode(err) !== PG_UNIQUE_VIOLATION) throw err;
    }
    found = await findSignInCredential(ctx.db, identity.email);
    if (!found || found.institutionId !== connection.institutionId) return refuse("otherInstitution", connection.id);
  }
  if (found.disabled) return refuse("disabled", connection.id);

  await recordSsoIdentity(ctx.db, { institutionId: connection.institutionId, connectionId: connection.id, subject: identity.subject, userId: found.userId, now: ctx.now });
  log.info("sso sign-in", { connectionId: connection.id, userId: found.userId, provisioned });
  return {
    ok: true,
    provisioned,
    user: {
      userId: found.userId,
      institutionId: found.institutionId,
      personId: found.personId,
      displayName: found.displayName,
      email: found.email,
      sessionVersion: found.sessionVersion,
    },
  };
}

function refuse(reason: ExternalSignInRefusal, connectionId: string): ExternalSignInResult {
  log.info("sso sign-in refused", { connectionId, reason });
  return { ok: false, reason };
}
