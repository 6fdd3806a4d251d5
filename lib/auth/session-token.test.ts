import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createUser } from "@/db/factories";
import { bumpSessionVersion } from "@/db/queries/actors";
import { loadActor } from "@/lib/auth/load-actor";
import { persons, users } from "@/db/schema";
import { authConfig } from "./auth-config";
import { isSessionTokenCurrent } from "./session-token";

async function advisor() {
  const db = getDb();
  const inst = await createInstitution(db);
  const person = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] });
  return { person, user: await createUser(db, person) };
}

type JwtCallback = (args: { token: Record<string, unknown>; user?: unknown }) => Promise<Record<string, unknown> | null>;
const jwt = authConfig.callbacks.jwt as unknown as JwtCallback;
const signOutEvent = authConfig.events.signOut as unknown as (m: { token: Record<string, unknown> }) => Promise<void>;

describe("session tokens", () => {
  it("a token stops working once its user signs out (session version moves on); a new sign-in's token works", async () => {
    const db = getDb();
    const { user } = await advisor();
    const token = { userId: user.id, sessionVersion: 0 };
    expect(await isSessionTokenCurrent(db, token)).toBe(true);
    expect(await jwt({ token })).toEqual(token);
    expect(await loadActor(db, user.id, { sessionVersion: 0 })).not.toBeNull();

    await signOutEvent({ token });
    expect(await isSessionTokenCurrent(db, token)).toBe(false);
    expect(await jwt({ token })).toBeNull();
    expect(await loadActor(db, user.id, { sessionVersion: 0 })).toBeNull();

    // Replaying the old token's sign-out does not end the newer session.
    await signOutEvent({ token });
    expect(await isSessionTokenCurrent(db, { userId: user.id, sessionVersion: 1 })).toBe(true);
    expect(await loadActor(db, user.id, { sessionVersion: 1 })).toMatchObject({ userId: user.id });
  });

  it("the token issued at sign-in carries the user's current session version", async () => {
    const db = getDb();
    const { user, person } = await advisor();
    await bumpSessionVersion(db, user.id);
    await bumpSessionVersion(db, user.id);
    const token = await jwt({ token: {}, user: { id: user.id, institutionId: user.institutionId, personId: person.id, sessionVersion: 2 } });
    expect(token).toMatchObject({ userId: user.id, sessionVersion: 2 });
    expect(await isSessionTokenCurrent(db, token!)).toBe(true);
  });

  it.each([
    ["no session version (issued before versions existed)", (id: string) => ({ userId: id })],
    ["no user id", () => ({ sessionVersion: 0 })],
    ["an unknown user", () => ({ userId: "00000000-0000-4000-8000-000000000000", sessionVersion: 0 })],
  ])("refuses a token with %s", async (_what, token) => {
    const { user } = await advisor();
    expect(await isSessionTokenCurrent(getDb(), token(user.id))).toBe(false);
  });

  it("refuses the token of a user disabled or whose person is deleted, and loadActor refuses them too", async () => {
    const db = getDb();
    const a = await advisor();
    await db.update(users).set({ disabled: true }).where(eq(users.id, a.user.id));
    expect(await isSessionTokenCurrent(db, { userId: a.user.id, sessionVersion: 0 })).toBe(false);
    expect(await loadActor(db, a.user.id)).toBeNull();

    const b = await advisor();
    await db.update(persons).set({ deleted: true }).where(eq(persons.id, b.person.id));
    expect(await isSessionTokenCurrent(db, { userId: b.user.id, sessionVersion: 0 })).toBe(false);
    expect(await loadActor(db, b.user.id)).toBeNull();
  });

  it("an operator without a person keeps working", async () => {
    const db = getDb();
    const op = await createUser(db, await createInstitution(db), { operator: true });
    expect(await isSessionTokenCurrent(db, { userId: op.id, sessionVersion: 0 })).toBe(true);
    expect(await loadActor(db, op.id, { sessionVersion: 0 })).toMatchObject({ userId: op.id });
  });
});
