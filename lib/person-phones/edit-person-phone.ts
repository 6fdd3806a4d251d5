import "server-only";
import { setSmsStatus } from "@/db/queries/phone-status";
import { findPhoneForUpdate } from "@/db/queries/person-phones";
import { updatePersonPhone } from "@/db/queries/persons";
import type { SmsStatus } from "@/db/schema/constants";
import { authorize } from "@/lib/auth/policy";
import { parseInput } from "@/lib/parse-input";
import { resolvePersonRefs } from "@/lib/people/resolve-person-refs";
import type { ServiceContext } from "@/lib/service-context";
import { rethrowPhoneUniqueViolation, withoutPrefix } from "./field-errors";
import { assertEditablePhone, phoneNotFound } from "./phone-edit-policy";
import { updatePhoneInputSchema } from "./phone-schemas";

export type EditPhoneResult = { phoneId: string; smsStatus: SmsStatus; smsStatusChanged: boolean };

/**
 * The Profile tab's Edit of one phone record (SPEC §2, "How to Manually Update the SMS
 * Status"): phone type, source id and SMS status, in one transaction. An SMS status change is
 * the manual rule (To-ENABLED 1 / To-DISABLED 1) and writes a history row with the user; a
 * status set to what it already is writes nothing. The number never changes in place (delete
 * and add instead), system numbers and deleted records are not edited. Administrators only.
 */
export async function editPersonPhone({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<EditPhoneResult> {
  const { actor, now } = ctx;
  authorize(actor, "phones.edit");
  const { phoneId, phoneTypeSrcSystemId, srcSystemId, smsStatus } = parseInput(updatePhoneInputSchema, input);
  const institutionId = actor.institutionId;

  return ctx.db
    .transaction(async (tx) => {
      const phone = await findPhoneForUpdate(tx, institutionId, phoneId);
      if (!phone) throw phoneNotFound();
      assertEditablePhone(phone);

      const typeChanges = phoneTypeSrcSystemId !== undefined && phoneTypeSrcSystemId !== phone.phoneTypeSrcSystemId;
      const srcChanges = srcSystemId !== undefined && srcSystemId !== phone.srcSystemId;
      if (typeChanges || srcChanges) {
        const refs = await resolvePersonRefs(tx, institutionId, {
          personId: phone.personId,
          phones: [{ id: phoneId, phoneTypeSrcSystemId: typeChanges ? phoneTypeSrcSystemId : undefined, srcSystemId: srcChanges ? srcSystemId : undefined }],
        }).catch(withoutPrefix("phones[0]."));
        const type = refs.phoneTypes[0];
        await updatePersonPhone(
          tx,
          institutionId,
          phoneId,
          { ...(type ? { phoneTypeId: type.id, phoneTypeSrcSystemId: type.srcSystemId } : {}), ...(srcChanges ? { srcSystemId } : {}) },
          now,
        );
      }

      const changed = smsStatus
        ? await setSmsStatus(tx, { institutionId, phoneIds: [phoneId], status: smsStatus, actor: { type: "USER", userId: actor.userId }, now })
        : [];
      return { phoneId, smsStatus: smsStatus ?? (phone.smsStatus as SmsStatus), smsStatusChanged: changed.length > 0 };
    })
    .catch(rethrowPhoneUniqueViolation);
}
