import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createUser, uniqueSuffix } from "@/db/factories";
import { signInAttempts } from "@/db/schema";
import { ensureSignInSettingsRow, updateSignInSettingsRow } from "@/db/queries/sign-in-settings";
import { authenticate } from "./authenticate";

const t0 = new Date("2026-03-02T15:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const freshIp = () => `203.0.113.${uniqueSuffix()}`;

async function advisor() {
  const db = getDb();
  const inst = await createInstitution(db);
  const person = await createPerson(db, inst, { kind: "staff" });
  const user = await createUser(db, person);
  return { inst, person, user };
}

async function attemptsOf(email: string) {
  return getDb()
    .select({ success: signInAttempts.success, ip: signInAttempts.ip })
    .from(signInAttempts)
    .where(eq(signInAttempts.email, email))
    .orderBy(signInAttempts.id);
}

describe("authenticate", () => {
  it("signs in with the right password, whatever the email's case, and records the success", async () => {
    const { inst, person, user } = await advisor();
    const ip = freshIp();
    const result = await authenticate({ db: getDb(), now: t0 }, { email: `  ${user.email.toUpperCase()} `, password: user.password, ip });
    expect(result).toEqual({
      ok: true,
      user: { userId: user.id, institutionId: inst.id, personId: person.id, displayName: user.displayName, email: user.email, sessionVersion: 0 },
    });
    expect(await attemptsOf(user.email)).toEqual([{ success: true, ip }]);
  });

  it("refuses a wrong password and records the failure", async () => {
    const { user } = await advisor();
    const ip = freshIp();
    expect(await authenticate({ db: getDb(), now: t0 }, { email: user.email, password: "nope", ip })).toEqual({ ok: false, reason: "invalid" });
    expect(await attemptsOf(user.email)).toEqual([{ success: false, ip }]);
  });

  it("refuses an unknown email the same way", async () => {
    const email = `nobody-${uniqueSuffix()}@example.edu`;
    expect(await authenticate({ db: getDb(), now: t0 }, { email, password: "x", ip: freshIp() })).toEqual({ ok: false, reason: "invalid" });
    expect(await attemptsOf(email)).toHaveLength(1);
  });

  it("refuses a disabled user, saying so only after the right password", async () => {
    const db = getDb();
    const inst = await createInstitution(db);
    const user = await createUser(db, await createPerson(db, inst, { kind: "staff" }), { disabled: true });
    const ctx = { db, now: t0 };
    expect(await authenticate(ctx, { email: user.email, password: "wrong", ip: freshIp() })).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticate(ctx, { email: user.email, password: user.password, ip: freshIp() })).toEqual({ ok: false, reason: "disabled" });
  });

  it("refuses a password of an institution that signs in only through SSO, saying so only after the right password", async () => {
    const { inst, user } = await advisor();
    const db = getDb();
    await ensureSignInSettingsRow(db, inst.id);
    await updateSignInSettingsRow(db, inst.id, { passwordSignInAllowed: false, jitProvisioning: false, jitDefaultRoleId: null }, t0);
    const ctx = { db, now: t0 };
    expect(await authenticate(ctx, { email: user.email, password: "wrong", ip: freshIp() })).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticate(ctx, { email: user.email, password: user.password, ip: freshIp() })).toEqual({ ok: false, reason: "passwordSignInOff" });
    // The platform operator keeps a password whatever the institution decides (issue 19.2).
    const operator = await createUser(db, inst, { operator: true });
    expect(await authenticate(ctx, { email: operator.email, password: operator.password, ip: freshIp() })).toMatchObject({ ok: true, user: { userId: operator.id } });
  });

  it("after 5 failures from one client refuses that client even the right password, with delays that grow, without recording it", async () => {
    const { user } = await advisor();
    const db = getDb();
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      const r = await authenticate({ db, now: at(i * 0.1) }, { email: user.email, password: "wrong", ip });
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await authenticate({ db, now: at(0.5) }, { email: user.email, password: user.password, ip })).toEqual({
      ok: false,
      reason: "throttled",
      scope: "email-client",
      retryAfterMinutes: 1,
    });
    expect(await attemptsOf(user.email)).toHaveLength(5);
    // A minute after the latest failure one more try is allowed; failing it doubles the wait.
    expect(await authenticate({ db, now: at(1.5) }, { email: user.email, password: "wrong", ip })).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticate({ db, now: at(2) }, { email: user.email, password: user.password, ip })).toMatchObject({ reason: "throttled", retryAfterMinutes: 2 });
    expect((await authenticate({ db, now: at(3.5) }, { email: user.email, password: user.password, ip })).ok).toBe(true);
  });

  it("a stranger's failures from one client do not keep the real person out from another", async () => {
    const { user } = await advisor();
    const db = getDb();
    const stranger = freshIp();
    for (let i = 0; i < 12; i++) await authenticate({ db, now: at(i * 0.1) }, { email: user.email, password: `guess-${i}`, ip: stranger });
    expect(await authenticate({ db, now: at(1) }, { email: user.email, password: user.password, ip: stranger })).toMatchObject({ ok: false, reason: "throttled" });
    expect(await authenticate({ db, now: at(1) }, { email: user.email, password: user.password, ip: freshIp() })).toMatchObject({ ok: true });
    // Many strangers, each with their few free guesses, cannot lock the account either.
    for (let k = 0; k < 4; k++) {
      const ip = freshIp();
      for (let i = 0; i < 6; i++) await authenticate({ db, now: at(3) }, { email: user.email, password: "x", ip });
    }
    expect(await authenticate({ db, now: at(3) }, { email: user.email, password: user.password, ip: freshIp() })).toMatchObject({ ok: true });
  });

  it("a successful sign-in clears the account's failure count", async () => {
    const { user } = await advisor();
    const db = getDb();
    const ip = freshIp();
    for (let m = 0; m < 4; m++) await authenticate({ db, now: at(m) }, { email: user.email, password: "wrong", ip });
    expect((await authenticate({ db, now: at(4) }, { email: user.email, password: user.password, ip })).ok).toBe(true);
    for (let m = 5; m < 9; m++) await authenticate({ db, now: at(m) }, { email: user.email, password: "wrong", ip });
    expect((await authenticate({ db, now: at(9) }, { email: user.email, password: user.password, ip })).ok).toBe(true);
  });

  it("after 20 failures from one address refuses every account from it, not from elsewhere", async () => {
    const { user } = await advisor();
    const db = getDb();
    const ip = freshIp();
    const others = await Promise.all([1, 2, 3, 4].map(() => advisor()));
    for (let i = 0; i < 20; i++) {
      const email = others[i % 4].user.email;
      expect(await authenticate({ db, now: at(i * 0.5) }, { email, password: "x", ip })).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await authenticate({ db, now: at(10) }, { email: user.email, password: user.password, ip })).toEqual({
      ok: false,
      reason: "throttled",
      scope: "client",
      retryAfterMinutes: 5,
    });
    expect((await authenticate({ db, now: at(10) }, { email: user.email, password: user.password, ip: freshIp() })).ok).toBe(true);
  });

  // Attempts are recorded before they are counted, so concurrent ones see each other: at most
  // 5 passwords are checked (under contention possibly fewer), and refused ones leave no row.
  it("a burst of concurrent wrong passwords from one client cannot get past its free failures", async () => {
    const { user } = await advisor();
    const db = getDb();
    const ip = freshIp();
    const results = await Promise.all(
      Array.from({ length: 15 }, () => authenticate({ db, now: t0 }, { email: user.email, password: "wrong", ip })),
    );
    const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
    const refused = results.filter((r) => !r.ok && r.reason === "throttled").length;
    expect(checked + refused).toBe(15);
    expect(checked).toBeLessThanOrEqual(5);
    expect(await attemptsOf(user.email)).toHaveLength(checked);
  });
});
