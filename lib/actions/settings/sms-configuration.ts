"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action } from "@/lib/action";
import { releaseSystemNumber } from "@/lib/system-numbers/release-system-number";
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
    confirmNoPermittedRoles: z.literal("true").optional().transform(Boolean),
    firstContactFooter: z.string().default(""),
  }),
  { permission: "smsSettings.edit", revalidate: `${BASE}/general` },
  ({ ctx, input }) => updateSmsSettings({ ctx, input }),
);

/** A form's blank time or number box as null (HTML sends "" for an empty input). */
const blankAsNull = (v: unknown) => (v === "" ? null : v);

/**
 * Quiet Hours (SPEC §9). The checkbox sends "true" when ticked and nothing when not; a blank
 * time keeps the federal bound. The service checks the window only narrows 08:00–21:00.
 */
export const saveQuietHours = action(
  z.object({
    quietHoursEnabled: z
      .literal("true")
      .optional()
      .transform((v) => v === "true"),
    quietWindowStart: z.preprocess(blankAsNull, z.string().nullable()),
    quietWindowEnd: z.preprocess(blankAsNull, z.string().nullable()),
    quietReplyExemptMinutes: z.preprocess(
      (v) => (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : v),
      z.number({ error: "Enter a whole number of minutes." }),
    ),
  }),
  { permission: "smsSettings.edit", revalidate: `${BASE}/quiet-hours` },
  ({ ctx, input }) => updateSmsSettings({ ctx, input }),
);

/**
 * Email Notifications: the button pressed decides — "save" stores the template, "test" sends it
 * as typed (saved or not) to the signed-in administrator.
 */
export const submitEmailNotifications = action(
  z.object({ replyEmailSubject: z.string(), replyEmailBody: z.string(), intent: z.enum(["save", "test"]).default("save") }),
  { permission: "smsSettings.edit", revalidate: `${BASE}/email-notifications` },
  async ({ ctx, input: { intent, ...template } }) => {
    if (intent === "test") return { intent, to: (await sendTestReplyEmail({ ctx, input: template })).to, saved: null };
    const { replyEmailSubject, replyEmailBody } = await updateSmsSettings({ ctx, input: template });
    return { intent, to: null, saved: { replyEmailSubject, replyEmailBody } };
  },
);

/**
 * The trash can's OK. On success it returns to the grid as it was (`returnQuery`: search and
 * sort) with `removed=<number>`, so the confirmation outlives the row it came from.
 */
export const removeNumberAssignment = action(
  z.object({ assignmentId: z.string(), returnQuery: z.string().max(1000).default("") }),
  { permission: "numberAssignment.remove" },
  async ({ ctx, input: { assignmentId, returnQuery } }) => {
    const { number } = await releaseSystemNumber({ ctx, input: { assignmentId } });
    const query = new URLSearchParams(returnQuery);
    for (const key of [...query.keys()]) if (!["q", "sort", "dir"].includes(key)) query.delete(key);
    query.set("removed", number);
    // The wrapper's revalidation runs after a return, which a redirect never reaches.
    revalidatePath(`${BASE}/twilio`);
    redirect(`${BASE}/twilio?${query}`);
  },
);
