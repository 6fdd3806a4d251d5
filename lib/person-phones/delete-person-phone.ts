import "server-only";
import { findPhoneForUpdate } from "@/db/queries/person-phones";
import { updatePersonPhone } from "@/db/queries/persons";
import { authorize } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { isSystemPhone } from "@/lib/people/person-dto";
import type { ServiceContext } from "@/lib/service-context";
import { phoneNotFound } from "./phone-edit-policy";
import { deletePhoneInputSchema } from "./phone-schemas";

/**
 * Deletes a phone record from the Profile tab: a soft delete (SPEC §2 `deleted`), so its
 * history and the messages sent to it stay. Deleted records are never texted (SPEC §4.5) and
 * show in the Person Phone data view with deleted = true. Deleting one already deleted changes
 * nothing. A system number is released on the Twilio tab instead (SPEC §6). Administrators only.
 */
export async function deletePersonPhone({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<{ phoneId: string; changed: boolean }> {
  const { actor, now } = ctx;
  authorize(actor, "phones.edit");
  const { phoneId } = parseInput(deletePhoneInputSchema, input);
  const institutionId = actor.institutionId;

  return ctx.db.transaction(async (tx) => {
    const phone = await findPhoneForUpdate(tx, institutionId, phoneId);
    if (!phone) throw phoneNotFound();
    if (isSystemPhone(phone)) {
      throw new AppError("CONFLICT", "System numbers are released under SMS Configuration → Twilio → Phone Number Usage.");
    }
    if (phone.deleted) return { phoneId, changed: false };
    await updatePersonPhone(tx, institutionId, phoneId, { deleted: true }, now);
    return { phoneId, changed: true };
  });
}
