import { forbidden, notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import { getInstitutionSummary } from "@/db/queries/institutions";
import { requireActor } from "@/lib/auth/current-actor";
import type { Actor } from "@/lib/auth/capabilities";
import { can } from "@/lib/auth/policy";
import { getSignInState } from "@/lib/auth/user-sign-in";
import { isAppError } from "@/lib/errors";
import { getPerson } from "@/lib/people/get-person";

/**
 * The person the tabs show, loaded once per request for the layout and the tab pages.
 * Another institution's id (or no id) is the 404 page; someone a student may not see, the 403.
 */
export const loadPersonPage = cache(async (personId: string) => {
  const actor = await requireActor();
  const db = getDb();
  try {
    const [person, institution] = await Promise.all([
      getPerson({ ctx: { db, actor, now: new Date() }, input: { personId } }),
      getInstitutionSummary(db, actor.institutionId),
    ]);
    return { actor, person, timeZone: institution?.timeZone ?? "UTC" };
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    if (isAppError(err) && err.code === "FORBIDDEN") forbidden();
    throw err;
  }
});

/** For administrators, the person's sign-in (null when they have none, or for anyone else). */
export async function findSignInOfPersonForPage(actor: Actor, personId: string) {
  if (!can(actor, "signIn.manage")) return null;
  try {
    return await getSignInState({ ctx: { db: getDb(), actor, now: new Date() }, input: { personId } });
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") return null;
    throw err;
  }
}
