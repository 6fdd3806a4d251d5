import { z } from "zod";
import { safeText } from "@/lib/validation/text";
import { SMS_STATUSES } from "@/db/schema/constants";
import { phoneNumber } from "@/lib/people/schemas";

/*
 * Inputs of the Profile tab's phone changes (SPEC §2). Forms post strings, so an empty text
 * field means "none"; the services parse these same schemas again, whoever calls them.
 */

const id = (what: string) => z.guid(`Not a ${what} id.`);

const required = (max: number) =>
  safeText(
    z
      .string({ error: (issue) => (issue.input === undefined ? "Required." : "Must be a string.") })
      .trim()
      .min(1, "Required.")
      .max(max, `At most ${max} characters.`),
  );

/** "" → undefined: an empty optional field was left blank. */
const blankAsUndefined = (value: unknown) => (value === "" ? undefined : value);
/** "" → null: an emptied field clears the value. */
const blankAsNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);

export const addPhoneInputSchema = z
  .object({
    personId: id("person"),
    number: phoneNumber,
    phoneTypeSrcSystemId: required(100),
    srcSystemId: z.preprocess(blankAsUndefined, required(200).optional()),
  })
  .strict();

/** Change the type, the source id and/or the SMS status of one phone; a number never changes in place. */
export const updatePhoneInputSchema = z
  .object({
    phoneId: id("phone"),
    phoneTypeSrcSystemId: required(100).optional(),
    srcSystemId: z.preprocess(blankAsNull, required(200).nullable().optional()),
    smsStatus: z.enum(SMS_STATUSES, "Choose SMS Default, SMS Enabled or SMS Disabled.").optional(),
  })
  .strict();

export const setPhoneVerifiedInputSchema = z
  .object({ phoneId: id("phone"), verified: z.boolean("Must be true or false.") })
  .strict();

export const deletePhoneInputSchema = z.object({ phoneId: id("phone") }).strict();

export type AddPhoneInput = z.input<typeof addPhoneInputSchema>;
export type UpdatePhoneInput = z.input<typeof updatePhoneInputSchema>;
export type SetPhoneVerifiedInput = z.input<typeof setPhoneVerifiedInputSchema>;
export type DeletePhoneInput = z.input<typeof deletePhoneInputSchema>;
