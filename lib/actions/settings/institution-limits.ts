"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/action";
import { formInt } from "@/lib/settings/form-values";
import { updateInstitutionLimits } from "@/lib/settings/institution-limits";

/**
 * One of an institution's two SMS limits, from the operator's institution pages or their own
 * Twilio tab. The service answers warnings without saving until `confirmed` is sent.
 */
export const saveInstitutionLimit = action(
  z.object({
    institutionId: z.string(),
    smsMonthlyLimit: formInt.optional(),
    smsPhoneNumberLimit: formInt.optional(),
    confirmed: z
      .enum(["true", "false"])
      .default("false")
      .transform((v) => v === "true"),
  }),
  { permission: "institutionLimits.manage", revalidate: ["/operator/institutions", "/admin/messaging/sms-configuration/twilio"] },
  async ({ ctx, input }) => {
    const result = await updateInstitutionLimits({ ctx, input });
    if (result.saved) revalidatePath(`/operator/institutions/${input.institutionId}/twilio`);
    return result;
  },
);
