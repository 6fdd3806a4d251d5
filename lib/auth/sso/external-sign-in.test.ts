import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createUser, type FactoryInstitution } from "@/db/factories";
import { ensureSignInSettingsRow, updateSignInSettingsRow } from "@/db/queries/sign-in-settings";
import { upsertOidcConnection } from "@/db/queries/sso-connections";
import { personRoles, persons, securityRoles, ssoConnections, ssoIdentities, ssoSignInGrants, users } from "@/db/schema";
import { signInWithExternalIdentity } from "./external-sign-in";
import { oidcSecretContext, sealSecret } from "./secret-box";
import { createSignInGrant, redeemSignInGrantForUser, SIGN_IN_GRANT_TTL_MS } from "./sign-in-grant";

const now = new Date("2026-12-07T15:00:00Z");
const ctx = () => ({ db: getDb(), now });

async function connectionOf(inst: FactoryInstitution, opts: { enabled?: boolean } = {}) {
  return upsertOidcConnection(
    getDb(),
    inst.id,
    {
      displayName: "Campus SSO",
      enabled: opts.enabled ?? true,
      oidcIssuer: "https://idp.example.test",
      oidcClientId: "client",
      oidcTrustEmail: false,
      secret: { encrypted: sealSecret("s3cret-value", oidcSecretContext(inst.id)), last4: "alue" },
    },
    now,
  );
}

async function setJit(inst: FactoryInstitution, roleId: string | null) {
  await ensureSignInSettingsRow(getDb(), inst.id);
  await updateSignInSettingsRow(getDb(), inst.id, { passwordSignInAllowed: true, jitProvisioning: roleId !== null, jitDefaultRoleId: roleId }, now);
}

async function staffUser(inst: FactoryInstitution, opts: { disabled?: boolean; deleted?: boolean } = {}) {
  const person = await createPerson(getDb(), inst, { kind: "staff", deleted: opts.deleted });
  return createUser(getDb(), person, { disabled: opts.disabled });
}

const userCount = async (institutionId: string) =>
  (await getDb().select({ n: sql<number>`count(*)::int` }).from(users).where(eq(users.institutionId, institutionId)))[0].n;

describe("signInWithExternalIdentity", () => {
  it("matches the user by verified email whatever its case, within the connection's institution, and records the identity", async () => {
    const inst = await createInstitution(getDb());
    const connectionId = await connectionOf(inst);
    const user = await staffUser(inst);
    const result = await signInWithExternalIdentity({
      ctx: ctx(),
      input: { connectionId, subject: "sub-1", email: `  ${user.email.toUpperCase()} `, emailVerified: true },
    });
    expect(result).toEqual({
      ok: true,
      provisioned: false,
      user: { userId: user.id, institutionId: inst.id, personId: user.personId, displayName: user.displayName, email: user.email, sessionVersion: 0 },
    });
    const identities = await getDb().select().from(ssoIdentities).where(eq(ssoIdentities.connectionId, connectionId));
    expect(identities.map((i) => [i.subject, i.userId, i.institutionId])).toEqual([["sub-1", user.id, inst.id]]);
  });

  it("refuses an unverified email, a disabled user, a deleted person, a disabled connection and an unknown connection", async () => {
    const inst = await createInstitution(getDb());
    const connectionId = await connectionOf(inst);
    const user = await staffUser(inst);
    const disabled = await staffUser(inst, { disabled: true });
    const deleted = await staffUser(inst, { deleted: true });
    const run = (input: { connectionId?: string; email: string; emailVerified?: boolean }) =>
      signInWithExternalIdentity({ ctx: ctx(), input: { connectionId, subject: randomUUID(), emailVerified: true, ...input } });
    expect(await run({ email: user.email, emailVerified: false })).toEqual({ ok: false, reason: "unverifiedEmail" });
    expect(await run({ email: disabled.email })).toEqual({ ok: false, reason: "disabled" });
    expect(await run({ email: deleted.email })).toEqual({ ok: false, reason: "disabled" });
    expect(await run({ email: user.email, connectionId: randomUUID() })).toEqual({ ok: false, reason: "connection" });
    expect(await run({ email: "not-an-email" })).toEqual({ ok: false, reason: "invalid" });
    await getDb().update(ssoConnections).set({ enabled: false }).where(eq(ssoConnections.id, connectionId));
    expect(await run({ email: user.email })).toEqual({ ok: false, reason: "connection" });
    expect(await getDb().select().from(ssoIdentities).where(eq(ssoIdentities.connectionId, connectionId))).toEqual([]);
  });

  it("never signs a user of another institution in, even with just-in-time provisioning on", async () => {
    const mine = await createInstitution(getDb());
    const other = await createInstitution(getDb());
    const connectionId = await connectionOf(mine);
    await setJit(mine, mine.roles.ADVISOR.id);
    const stranger = await staffUser(other);
    const before = await userCount(mine.id);
    const result = await signInWithExternalIdentity({ ctx: ctx(), input: { connectionId, subject: "s", email: stranger.email, emailVerified: true } });
    expect(result).toEqual({ ok: false, reason: "otherInstitution" });
    expect(await userCount(mine.id)).toBe(before);
  });

  it("refuses an unknown email while just-in-time provisioning is off, and creates nothing", async () => {
    const inst = await createInstitution(getDb());
    const connectionId = await connectionOf(inst);
    const before = await userCount(inst.id);
    const result = await signInWithExternalIdentity({ ctx: ctx(), input: { connectionId, subject: "s", email: "new.person@example.test", emailVerified: true } });
    expect(result).toEqual({ ok: false, reason: "noUser" });
    expect(await userCount(inst.id)).toBe(before);
  });

  it("with just-in-time provisioning on, creates a staff person and user with the default role once, then matches it", async () => {
    const inst = await createInstitution(getDb());
    const connectionId = await connectionOf(inst);
    await setJit(inst, inst.roles.COACH.id);
    const email = `jit-${randomUUID().slice(0, 8)}@example.test`;
    const input = { connectionId, subject: "jit-sub", email: email.toUpperCase(), emailVerified: true, firstName: "Jo", lastName: "Newhire" };
    const first = await signInWithExternalIdentity({ ctx: ctx(), input });
    expect(first.ok && first.provisioned).toBe(true);
    if (!first.ok) throw new Error("refused");
    expect(first.user).toMatchObject({ institutionId: inst.id, email, displayName: "Jo Newhire", sessionVersion: 0 });
    const roles = await getDb()
      .select({ code: securityRoles.code, first: persons.firstName, last: persons.lastName })
      .from(personRoles)
      .innerJoin(securityRoles, eq(securityRoles.id, personRoles.roleId))
      .innerJoin(persons, eq(persons.id, personRoles.personId))
      .where(and(eq(personRoles.personId, first.user.personId!), eq(personRoles.institutionId, inst.id)));
    expect(roles).toEqual([{ code: "COACH", first: "Jo", last: "Newhire" }]);
    const again = await signInWithExternalIdentity({ ctx: ctx(), input });
    expect(again).toEqual({ ok: true, provisioned: false, user: first.user });
  });

  it("does not provision with a role that grants administration (set behind the page's back)", async () => {
    const inst = await createInstitution(getDb());
    const connectionId = await connectionOf(inst);
    await setJit(inst, inst.roles.ADMIN.id);
    const result = await signInWithExternalIdentity({ ctx: ctx(), input: { connectionId, subject: "s", email: "would-be-admin@example.test", emailVerified: true } });
    expect(result).toEqual({ ok: false, reason: "noUser" });
  });

  it("refuses an identity that signed in before as someone else (an email reassigned at the provider)", async () => {
    const inst = await createInstitution(getDb());
    const connectionId = await connectionOf(inst);
    const first = await staffUser(inst);
    const second = await staffUser(inst);
    expect((await signInWithExternalIdentity({ ctx: ctx(), input: { connectionId, subject: "same", email: first.email, emailVerified: true } })).ok).toBe(true);
    const result = await signInWithExternalIdentity({ ctx: ctx(), input: { connectionId, subject: "same", email: second.email, emailVerified: true } });
    expect(result).toEqual({ ok: false, reason: "identityConflict" });
  });
});

describe("sign-in grants", () => {
  it("are stored hashed, redeem once, and not after expiry or once the user is disabled", async () => {
    const inst = await createInstitution(getDb());
    const connectionId = await connectionOf(inst);
    const user = await staffUser(inst);
    const input = { userId: user.id, institutionId: inst.id, connectionId };
    const grant = await createSignInGrant({ ctx: ctx(), input });
    const stored = await getDb().select({ hash: ssoSignInGrants.tokenHash }).from(ssoSignInGrants).where(eq(ssoSignInGrants.userId, user.id));
    expect(stored).toHaveLength(1);
    expect(stored[0].hash).not.toContain(grant);

    const redeemed = await redeemSignInGrantForUser({ ctx: { db: getDb(), now: new Date(now.getTime() + 1000) }, input: { grant } });
    expect(redeemed).toMatchObject({ userId: user.id, institutionId: inst.id, email: user.email });
    expect(await redeemSignInGrantForUser({ ctx: ctx(), input: { grant } })).toBeNull();

    const late = await createSignInGrant({ ctx: ctx(), input });
    expect(await redeemSignInGrantForUser({ ctx: { db: getDb(), now: new Date(now.getTime() + SIGN_IN_GRANT_TTL_MS) }, input: { grant: late } })).toBeNull();

    const cut = await createSignInGrant({ ctx: ctx(), input });
    await getDb().update(users).set({ disabled: true }).where(eq(users.id, user.id));
    expect(await redeemSignInGrantForUser({ ctx: ctx(), input: { grant: cut } })).toBeNull();
    expect(await redeemSignInGrantForUser({ ctx: ctx(), input: { grant: "x".repeat(43) } })).toBeNull();
  });
});
