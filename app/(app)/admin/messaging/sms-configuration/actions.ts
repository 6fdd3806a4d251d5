"use server";

import { z } from "zod";
import { action } from "@/lib/action";
import { releaseSystemNumber } from "@/lib/numbers/release-system-number";
import { formInt } from "@/lib/settings/form-values";
import { sendTestReplyEmail } from "@/lib/settings/send-test-reply-email";
import { updateSmsSettings } from "@/lib/settings/update-sms-settings";

const BASE = "/admin/messaging/sms-configuration";

/** General Settings; the service validates the values (known phone type, staff roles only). */
export const saveGeneralSettings = action(
  z.object({
    studentDefaultStatus: z.string(),
    staffDefaultStatus: z.string(),
    defaultPhoneTypeSrcSystemId: z.string(),
    permittedRoleCodes: z.array(z.string()).default([]),
  }),
  { capability: "admin", revalidate: `${BASE}/general` },
  ({ ctx, input }) => updateSmsSettings({ ctx, input }),
);

/**
 * Email Notifications: the button pressed decides — "save" stores the template, "test" sends it
 * as typed (saved or not) to the signed-in administrator.
 */
export const submitEmailNotifications = action(
  z.object({ replyEmailSubject: z.string(), replyEmailBody: z.string(), intent: z.enum(["save", "test"]).default("save") }),
  { capability: "admin", revalidate: `${BASE}/email-notifications` },
  async ({ ctx, input: { intent, ...template } }) => {
    if (intent === "test") return { intent, to: (await sendTestReplyEmail({ ctx, input: template })).to };
    await updateSmsSettings({ ctx, input: template });
    return { intent, to: null };
  },
);

/** One of the two limits; the service lets only the platform operator change them. */
export const saveSmsLimit = action(
  z.object({ smsMonthlyLimit: formInt.optional(), smsPhoneNumberLimit: formInt.optional() }),
  { capability: "operator", revalidate: `${BASE}/twilio` },
  ({ ctx, input }) => updateSmsSettings({ ctx, input }),
);

export const removeNumberAssignment = action(
  z.object({ assignmentId: z.string() }),
  { capability: "admin", revalidate: `${BASE}/twilio` },
  ({ ctx, input }) => releaseSystemNumber({ ctx, input }),
);
