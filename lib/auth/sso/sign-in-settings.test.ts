import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createUser, type FactoryInstitution } from "@/db/factories";
import { settingsAudit, signInEmailDomains, signInSettings, ssoConnections } from "@/db/schema";
import type { Actor } from "@/lib/auth/capabilities";
import { loadActor } from "@/lib/auth/load-actor";
import { setLogSink } from "@/lib/log";
import { signInWithExternalIdentity } from "./external-sign-in";
import { newOidcConnectionId, removeOidcConnection, saveOidcConnection } from "./oidc-connection";
import { openSecret, oidcSecretContext } from "./secret-box";
import { getSignInSettings, saveSignInSettings } from "./sign-in-settings";
import { routeSignIn } from "./sign-in-route";

const db = () => getDb();
const now = new Date("2026-12-07T16:00:00Z");
const ctxOf = (actor: Actor) => ({ db: db(), actor, now });
const SECRET = "a-very-secret-client-secret-9876";

const OIDC = { displayName: "Campus SSO", issuer: "https://login.example.edu/tenant/v2.0", clientId: "aviso", clientSecret: SECRET, enabled: "true" };
const OPTIONS = { passwordSignInAllowed: "true", jitProvisioning: "", jitDefaultRoleId: "", emailDomains: "" };

let inst: FactoryInstitution;
let admin: Actor;
let advisor: Actor;

async function actorFor(i: FactoryInstitution, roles: ("ADMIN" | "ADVISOR")[], opts: { operator?: boolean } = {}) {
  const user = opts.operator ? await createUser(db(), i, { operator: true }) : await createUser(db(), await createPerson(db(), i, { kind: "staff", roles }));
  return (await loadActor(db(), user.id))!;
}

/** The actor signs in once through the connection, so it holds an SSO way in. */
async function signInOnceThroughSso(actor: Actor, connectionId: string) {
  const result = await signInWithExternalIdentity({ ctx: { db: db(), now }, input: { connectionId, subject: `sub-${actor.userId}`, email: actor.email, emailVerified: true } });
  expect(result.ok).toBe(true);
}

beforeAll(async () => {
  inst = await createInstitution(db());
  admin = await actorFor(inst, ["ADMIN"]);
  advisor = await actorFor(inst, ["ADVISOR"]);
});

describe("the OIDC connection", () => {
  it("stores the client secret only encrypted, shows its last four characters, audits without it, and keeps it when left blank", async () => {
    const lines: string[] = [];
    setLogSink((_l, line) => lines.push(line));
    try {
      const view = await saveOidcConnection({ ctx: ctxOf(admin), input: OIDC });
      expect(view).toMatchObject({ displayName: "Campus SSO", issuer: OIDC.issuer, clientId: "aviso", secretLast4: "9876", enabled: true, trustEmail: false });
      expect(JSON.stringify(view)).not.toContain(SECRET);
      const [row] = await db().select().from(ssoConnections).where(eq(ssoConnections.institutionId, inst.id));
      expect(JSON.stringify(row)).not.toContain(SECRET);
      expect(openSecret(row.oidcClientSecretEncrypted!, oidcSecretContext(inst.id))).toBe(SECRET);

      const again = await saveOidcConnection({ ctx: ctxOf(admin), input: { ...OIDC, clientSecret: "", displayName: "Campus sign-on" } });
      expect(again).toMatchObject({ id: view.id, displayName: "Campus sign-on", secretLast4: "9876" });
      const [kept] = await db().select().from(ssoConnections).where(eq(ssoConnections.id, view.id));
      expect(kept.oidcClientSecretEncrypted).toBe(row.oidcClientSecretEncrypted);

      const audit = await db().select().from(settingsAudit).where(eq(settingsAudit.institutionId, inst.id));
      expect(audit.map((a) => [a.scope, a.field, a.newValue]).filter(([, f]) => f === "oidc.clientSecret" || f === "oidc.displayName")).toEqual([
        ["SIGN_IN", "oidc.displayName", "Campus SSO"],
        ["SIGN_IN", "oidc.clientSecret", "changed"],
        ["SIGN_IN", "oidc.displayName", "Campus sign-on"],
      ]);
      expect(JSON.stringify(audit)).not.toContain(SECRET);
    } finally {
      setLogSink(null);
    }
    expect(lines.join("\n")).not.toContain(SECRET);
  });

  it("a new connection gets the id whose redirect URI the page showed, the same on every load", async () => {
    const other = await createInstitution(db());
    const otherAdmin = await actorFor(other, ["ADMIN"]);
    const id = newOidcConnectionId(other.id);
    expect(id).toBe(newOidcConnectionId(other.id));
    expect(id).not.toBe(newOidcConnectionId(inst.id));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await saveOidcConnection({ ctx: ctxOf(otherAdmin), input: { ...OIDC, connectionId: id } })).id).toBe(id);
  });

  it("refuses bad input with a message per field and changes nothing", async () => {
    const other = await createInstitution(db());
    const otherAdmin = await actorFor(other, ["ADMIN"]);
    await expect(saveOidcConnection({ ctx: ctxOf(otherAdmin), input: { ...OIDC, issuer: "http://idp.example.edu", clientSecret: "" } })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { issuer: expect.stringContaining("https://") },
    });
    await expect(saveOidcConnection({ ctx: ctxOf(otherAdmin), input: { ...OIDC, clientSecret: "" } })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { clientSecret: "Enter the client secret." },
    });
    expect(await db().select().from(ssoConnections).where(eq(ssoConnections.institutionId, other.id))).toEqual([]);
  });

  it("is for the institution's administrators only", async () => {
    await expect(saveOidcConnection({ ctx: ctxOf(advisor), input: OIDC })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getSignInSettings({ ctx: ctxOf(advisor) })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("sign-in options", () => {
  it("routes domains to one institution only, normalised, and the email step follows them", async () => {
    const a = await createInstitution(db());
    const b = await createInstitution(db());
    const adminA = await actorFor(a, ["ADMIN"]);
    const adminB = await actorFor(b, ["ADMIN"]);
    await saveOidcConnection({ ctx: ctxOf(adminA), input: OIDC });
    const domain = `${a.slug}.example.edu`;
    const saved = await saveSignInSettings({ ctx: ctxOf(adminA), input: { ...OPTIONS, emailDomains: `@${domain.toUpperCase()}\n${domain}, ` } });
    expect(saved.emailDomains).toEqual([domain]);
    await expect(saveSignInSettings({ ctx: ctxOf(adminB), input: { ...OPTIONS, emailDomains: domain } })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { emailDomains: `${domain} already signs in with another institution.` },
    });
    expect(await db().select().from(signInEmailDomains).where(eq(signInEmailDomains.institutionId, b.id))).toEqual([]);
    await expect(saveSignInSettings({ ctx: ctxOf(adminB), input: { ...OPTIONS, emailDomains: "not a domain" } })).rejects.toMatchObject({ code: "VALIDATION" });

    const route = await routeSignIn({ ctx: { db: db() }, input: { email: `Someone@${domain.toUpperCase()}` } });
    expect(route).toMatchObject({ method: "sso", passwordAllowed: true, connections: [{ protocol: "oidc", displayName: "Campus SSO" }] });
    expect(await routeSignIn({ ctx: { db: db() }, input: { email: "someone@elsewhere.example" } })).toEqual({ method: "password" });
    // A known user of an SSO institution is routed by their institution even without a domain.
    expect((await routeSignIn({ ctx: { db: db() }, input: { email: adminA.email } })).method).toBe("sso");
    expect(await routeSignIn({ ctx: { db: db() }, input: { email: adminB.email } })).toEqual({ method: "password" });
  });

  it("needs a staff role that does not grant administration for just-in-time accounts", async () => {
    await expect(saveSignInSettings({ ctx: ctxOf(admin), input: { ...OPTIONS, jitProvisioning: "true" } })).rejects.toMatchObject({
      fieldErrors: { jitDefaultRoleId: "Choose a role." },
    });
    await expect(saveSignInSettings({ ctx: ctxOf(admin), input: { ...OPTIONS, jitProvisioning: "true", jitDefaultRoleId: inst.roles.ADMIN.id } })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    const other = await createInstitution(db());
    await expect(saveSignInSettings({ ctx: ctxOf(admin), input: { ...OPTIONS, jitProvisioning: "true", jitDefaultRoleId: other.roles.ADVISOR.id } })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    const saved = await saveSignInSettings({ ctx: ctxOf(admin), input: { ...OPTIONS, jitProvisioning: "true", jitDefaultRoleId: inst.roles.ADVISOR.id } });
    expect([saved.jitProvisioning, saved.jitDefaultRoleId]).toEqual([true, inst.roles.ADVISOR.id]);
  });

  it("switches passwords off only once the acting administrator has an SSO way in; the platform operator keeps a password", async () => {
    const i = await createInstitution(db());
    const a = await actorFor(i, ["ADMIN"]);
    const operator = await actorFor(i, [], { operator: true });
    const off = { ...OPTIONS, passwordSignInAllowed: "" };
    await expect(saveSignInSettings({ ctx: ctxOf(a), input: off })).rejects.toThrow(/set up and enable a single sign-on connection first/);
    const { id } = await saveOidcConnection({ ctx: ctxOf(a), input: OIDC });
    await expect(saveSignInSettings({ ctx: ctxOf(a), input: off })).rejects.toThrow(/sign in once through your single sign-on first/);
    await signInOnceThroughSso(a, id);
    expect((await saveSignInSettings({ ctx: ctxOf(a), input: off })).passwordSignInAllowed).toBe(false);
    const [row] = await db().select().from(signInSettings).where(eq(signInSettings.institutionId, i.id));
    expect(row.passwordSignInAllowed).toBe(false);
    // The operator, who never signed in through it, is still offered a password; the administrator is not.
    expect(await routeSignIn({ ctx: { db: db() }, input: { email: operator.email } })).toMatchObject({ method: "sso", passwordAllowed: true });
    expect(await routeSignIn({ ctx: { db: db() }, input: { email: a.email } })).toMatchObject({ method: "sso", passwordAllowed: false });

    // The way in stays: the connection can be neither disabled nor removed now.
    await expect(saveOidcConnection({ ctx: ctxOf(a), input: { ...OIDC, clientSecret: "", enabled: "" } })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(removeOidcConnection({ ctx: ctxOf(a) })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await db().select().from(ssoConnections).where(eq(ssoConnections.id, id)))[0].enabled).toBe(true);
  });
});
