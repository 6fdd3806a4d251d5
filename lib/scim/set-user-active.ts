import "server-only";
import type { Tx } from "@/db";
import { findActiveAssignmentOfUser } from "@/db/queries/scim-users";
import { updateUserSignIn } from "@/db/queries/user-sign-in";
import type { ScimNumberOnDeactivation } from "@/db/schema/scim";
import { releaseAssignmentAudited } from "@/lib/system-numbers/release-system-number";

export type ActiveChange = { deactivated: boolean; reactivated: boolean; releasedNumber: string | null };

/**
 * What the directory's `active` does (issue 19.4), inside the caller's transaction:
 *
 * - `false`: the production-safety cut-off (updateUserSignIn, as Disable sign-in does): the
 *   user is disabled and their session version moves on, so an open session is refused on its
 *   next request and their API keys stop working. Recorded in settings_audit (scope
 *   user-sign-in) with no user: the directory did it. Then, when the institution chose RELEASE,
 *   their system number goes back to the pool exactly as the Phone Number Usage trash can does
 *   (SPEC §6: the System phone record soft-deleted, audited PHONE_NUMBER_USAGE), also when the
 *   user was already disabled; with KEEP it stays theirs.
 * - `true`: sign-in is allowed again. A released number is not given back: their next first
 *   text takes a free one (SPEC §4.3). A person deleted by an administrator or the SIS import
 *   stays cut off.
 *
 * Their scheduled sends are left as they are: a send's sender is re-read when it is released
 * (SPEC §9), so one still deactivated then has every recipient refused (SENDER_NOT_PERMITTED),
 * and one reactivated in time sends as usual. Texts already handed to the worker still go.
 */
export async function setUserActive(
  tx: Tx,
  p: { institutionId: string; userId: string; active: boolean; numberOnDeactivation: ScimNumberOnDeactivation; now: Date },
): Promise<ActiveChange> {
  const changed = await updateUserSignIn(tx, { institutionId: p.institutionId, userId: p.userId, disabled: !p.active, byUserId: null, now: p.now });
  if (p.active || p.numberOnDeactivation === "KEEP") {
    return { deactivated: changed && !p.active, reactivated: changed && p.active, releasedNumber: null };
  }
  const assignmentId = await findActiveAssignmentOfUser(tx, { institutionId: p.institutionId, userId: p.userId });
  const released = assignmentId ? await releaseAssignmentAudited(tx, { institutionId: p.institutionId, assignmentId, byUserId: null, now: p.now }) : null;
  return { deactivated: changed, reactivated: false, releasedNumber: released?.number ?? null };
}
