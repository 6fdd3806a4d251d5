import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { credentials, users } from "@/db/schema";

/**
 * The user signing in with `email` (already lower-cased) and their password hash. Platform-wide
 * on purpose: emails are unique across institutions and the institution is not known yet.
 */
export async function findSignInCredential(
  db: DbOrTx,
  email: string,
): Promise<{ userId: string; institutionId: string; personId: string | null; displayName: string; email: string; disabled: boolean; passwordHash: string | null } | null> {
  const [row] = await db
    .select({
      userId: users.id,
      institutionId: users.institutionId,
      personId: users.personId,
      displayName: users.displayName,
      email: users.email,
      disabled: users.disabled,
      passwordHash: credentials.passwordHash,
    })
    .from(users)
    .leftJoin(credentials, eq(credentials.userId, users.id))
    .where(eq(users.email, email));
  return row ?? null;
}
