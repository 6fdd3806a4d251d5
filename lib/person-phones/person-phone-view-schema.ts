import { z } from "zod";
import { safeText } from "@/lib/validation/text";
import { SMS_STATUSES } from "@/db/schema/constants";

/** "" and absent are the same: the filter is not set. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());
const yesNo = z.enum(["true", "false"]).transform((v) => v === "true");

/**
 * The Person Phone data view's state, as the URL (and the CSV export link) carries it (SPEC §6):
 * search text, filters, sort and a keyset cursor.
 */
export const personPhoneViewInputSchema = z.object({
  q: optional(safeText(z.string().trim().max(200))).describe("Words in the person's name or the source ids, or digits of the number."),
  deleted: optional(yesNo).describe("false: current records only (active system numbers included); true: deleted only."),
  smsStatus: optional(z.enum(SMS_STATUSES, "Not an SMS status.")),
  verified: optional(yesNo),
  type: optional(safeText(z.string().trim().min(1).max(100))).describe("phone_type_src_system_id, e.g. CELL or AVISO.SYSTEM."),
  sort: optional(z.enum(["person", "number"], "Not a sort order.")).default("person"),
  dir: optional(z.enum(["asc", "desc"])).default("asc"),
  cursor: optional(safeText(z.string().max(1000))),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type PersonPhoneViewInput = z.input<typeof personPhoneViewInputSchema>;
export type PersonPhoneViewParams = z.output<typeof personPhoneViewInputSchema>;

export type PersonPhoneViewItem = {
  id: string;
  number: string;
  formatted: string;
  personId: string;
  personName: string;
  personSrcSystemId: string | null;
  typeName: string;
  phoneTypeSrcSystemId: string;
  smsStatus: (typeof SMS_STATUSES)[number];
  verified: boolean;
  verifiedAt: string | null;
  srcSystemId: string | null;
  deleted: boolean;
  createdAt: string;
};

export type PersonPhoneViewPage = { items: PersonPhoneViewItem[]; nextCursor: string | null; prevCursor: string | null };
