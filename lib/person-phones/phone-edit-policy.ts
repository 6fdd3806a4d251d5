import type { Actor } from "@/lib/auth/capabilities";
import { AppError } from "@/lib/errors";
import { isSystemPhone } from "@/lib/people/person-dto";

/**
 * Who may change a person's phone records (add, edit, SMS status, verified, delete).
 *
 * SPEC §1 gives "manages phone numbers" to the institution's administrator and only texting to
 * staff; SPEC §2 and the administrator's guide describe the status edit as a manual change on
 * the Profile tab. Where SPEC is silent we chose:
 * - **Administrators** of the institution: may change any person's phones.
 * - **Staff** (advisors, faculty, …): read the profile and its history, change nothing. Where
 *   the institution texts a student is a data-management decision with an audit trail, not a
 *   side effect of advising.
 * - **Students**: read their own profile, change nothing. Their own SMS status is theirs to
 *   set by text (STOP / START, SPEC §2); "verified" means the institution confirmed the
 *   number, which a self-verification would defeat; new numbers come through the SIS import,
 *   a prospect upload or an administrator.
 * - **The platform operator** has no access to people (SPEC §1: it provisions limits).
 * Everything stays inside the actor's institution: another institution's phone is NOT_FOUND.
 */
export function mayEditPhones(actor: Actor): boolean {
  return actor.capabilities.admin;
}

export function assertMayEditPhones(actor: Actor): void {
  if (!mayEditPhones(actor)) throw new AppError("FORBIDDEN", "Only administrators can change phone numbers.");
}

export function phoneNotFound() {
  return new AppError("NOT_FOUND", "No such phone number.");
}

/**
 * A phone record that may be changed by hand: current, and not an assigned system number
 * (SPEC §6: those come and go with sending and the Twilio tab; SMS status does not apply).
 */
export function assertEditablePhone(phone: { deleted: boolean; phoneTypeSrcSystemId: string; srcSystemId: string | null }): void {
  if (isSystemPhone(phone)) {
    throw new AppError("CONFLICT", "System numbers are managed under SMS Configuration → Twilio.");
  }
  if (phone.deleted) throw new AppError("CONFLICT", "This phone number has been deleted.");
}
