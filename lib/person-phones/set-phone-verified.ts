import "server-only";
import { findPhoneForUpdate, setPhoneVerified as writePhoneVerified } from "@/db/queries/person-phones";
import { authorize } from "@/lib/auth/policy";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { assertEditablePhone, phoneNotFound } from "./phone-edit-policy";
import { setPhoneVerifiedInputSchema } from "./phone-schemas";

/**
 * The Profile tab's verified toggle (SPEC §2 "Verified": a manual flag that records who and
 * when). Writes the flag and a history row with the user in one transaction; setting the value
 * it already has changes nothing. Not for system numbers or deleted records. Administrators only.
 */
export async function setPhoneVerified({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<{ phoneId: string; verified: boolean; changed: boolean }> {
  const { actor, now } = ctx;
  authorize(actor, "phones.edit");
  const { phoneId, verified } = parseInput(setPhoneVerifiedInputSchema, input);
  const institutionId = actor.institutionId;

  return ctx.db.transaction(async (tx) => {
    const phone = await findPhoneForUpdate(tx, institutionId, phoneId);
    if (!phone) throw phoneNotFound();
    assertEditablePhone(phone);
    const changed = await writePhoneVerified(tx, { institutionId, phoneId, verified, actor: { type: "USER", userId: actor.userId }, now });
    return { phoneId, verified, changed };
  });
}
