import { AppError } from "@/lib/errors";
import { isSystemPhone } from "@/lib/people/person-dto";

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
