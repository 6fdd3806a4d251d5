import "server-only";
import { z } from "zod";
import type { DbOrTx } from "@/db";
import { releaseAssignment } from "@/db/queries/phone-number-usage";
import { insertSettingsAudit } from "@/db/queries/settings";
import { authorize } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";

export const releaseSystemNumberInputSchema = z.object({ assignmentId: z.guid("Not an assignment id.") }).strict();

/**
 * SPEC §6, deleting an SMS number (Phone Number Usage → trash can → OK): ends the assignment,
 * soft-deletes the holder's System phone record and returns the number to the pool, recorded in
 * settings_audit (PHONE_NUMBER_USAGE: who, when, which number from whom) — all in one
 * transaction. There is no reassignment: the next permitted user to text first gets a free
 * number. Administrators only; an assignment that is not active in the actor's institution is
 * NOT_FOUND.
 */
export async function releaseSystemNumber({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<{ number: string }> {
  const { actor, now } = ctx;
  authorize(actor, "numberAssignment.remove");
  const { assignmentId } = parseInput(releaseSystemNumberInputSchema, input);
  return ctx.db.transaction(async (tx) => {
    const released = await releaseAssignmentAudited(tx, { institutionId: actor.institutionId, assignmentId, byUserId: actor.userId, now });
    if (!released) throw new AppError("NOT_FOUND", "That number is no longer assigned.");
    return { number: released.number };
  });
}

/**
 * Ends an active assignment and records it in settings_audit (PHONE_NUMBER_USAGE: which number
 * from whom; `byUserId` null when the institution's directory did it through SCIM), in the
 * caller's transaction. Null when the assignment is not active in the institution.
 */
export async function releaseAssignmentAudited(tx: DbOrTx, p: { institutionId: string; assignmentId: string; byUserId: string | null; now: Date }) {
  const released = await releaseAssignment(tx, { institutionId: p.institutionId, assignmentId: p.assignmentId, userId: p.byUserId, now: p.now });
  if (!released) return null;
  await insertSettingsAudit(
    tx,
    p.institutionId,
    [
      {
        scope: "PHONE_NUMBER_USAGE",
        field: "assignment",
        oldValue: {
          number: released.number,
          holderName: released.holderName,
          userId: released.userId,
          personId: released.personId,
          assignmentId: released.assignmentId,
        },
        newValue: null,
      },
    ],
    { userId: p.byUserId, now: p.now },
  );
  return released;
}
