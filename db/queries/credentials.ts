import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { credentials, persons, signInSettings, users } from "@/db/schema";

/**
 * The user signing in with `email` (already lower-cased) and their password hash. Platform-wide
 * on purpose: emails are unique across institutions and the institution is not known yet.
 */
export async function findSignInCredential(
  db: DbOrTx,
  email: string,
): Promise<{ userId: string; institutionId: string; personId: string | null; displayName: string; email: string; disabled: boolean; sessionVersion: number; passwordHash: string | null; passwordSignInAllowed: boolean } | null> {
  const [row] = await db
    .select({
      userId: users.id,
      institutionId: users.institutionId,
      personId: users.personId,
      displayName: users.displayName,
      email: users.email,
      // A user whose person is marked deleted is cut off like a disabled one.
      disabled: sql<boolean>`${users.disabled} or coalesce(${persons.deleted}, false)`,
      sessionVersion: users.sessionVersion,
      passwordHash: credentials.passwordHash,
      // Administration → Sign-in (issue 19): an institution may switch passwords off; the
      // platform operator keeps theirs whatever the institution they are seeded in decides.
      passwordSignInAllowed: sql<boolean>`coalesce(${signInSettings.passwordSignInAllowed}, true) or ${users.isOperator}`,
    })
    .from(users)
    .leftJoin(credentials, eq(credentials.userId, users.id))
    .leftJoin(signInSettings, eq(signInSettings.institutionId, users.institutionId))
    .leftJoin(persons, and(eq(persons.id, users.personId), eq(persons.institutionId, users.institutionId)))
    .where(eq(users.email, email));
  return row ?? null;
}
