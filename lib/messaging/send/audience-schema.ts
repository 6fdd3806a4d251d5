import { z } from "zod";
import { peopleFilterSchema } from "@/lib/people/schemas";
import { safeText } from "@/lib/validation/text";
import { MAX_RECIPIENTS_PER_SEND, messageBodyInput } from "./schemas";

/**
 * Who a composer send goes to (SPEC §9): ticked people (ids), everyone a People search and its
 * filters match, a saved list, or those of an earlier send who replied (or did not). A search,
 * a list or a follow-up travels as itself, not as up to 50,000 ids,
 * and is resolved on the server at Review and again when Send is pressed (resolve-audience.ts):
 * what is sent is who matches then.
 */
export const audienceInput = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("people"),
    recipientIds: z
      .array(safeText(z.string().min(1).max(100)))
      .min(1, "Choose at least one recipient")
      .max(MAX_RECIPIENTS_PER_SEND, `At most ${MAX_RECIPIENTS_PER_SEND.toLocaleString("en-US")} recipients per send`),
  }),
  z.object({ type: z.literal("search"), search: peopleFilterSchema }),
  z.object({ type: z.literal("list"), listId: z.uuid() }),
  /** A follow-up to a send (issue 18 item 1): its texted recipients who replied within 24 h, or who did not. */
  z.object({ type: z.literal("sendFollowUp"), sendId: z.uuid(), replied: z.boolean() }),
]);
export type Audience = z.input<typeof audienceInput>;

/**
 * The composer's Send: one call for the whole audience. Loose on purpose: fields the send itself
 * takes (e.g. a scheduled `sendAt`) are handed to `sendMessages`, whose own schema checks them.
 */
export const composerSendInput = z.looseObject({ audience: audienceInput, body: messageBodyInput });
export type ComposerSendInput = z.input<typeof composerSendInput>;

/** Review's per-recipient decisions come a page at a time (SPEC §9: a large send is summarised, then paged). */
export const REVIEW_PAGE_SIZE = 50;

/** The composer's Review: the same audience and body, and which page of decisions to list. */
export const composerPreviewInput = z.object({
  audience: audienceInput,
  body: messageBodyInput,
  page: z.number().int().min(0).max(MAX_RECIPIENTS_PER_SEND).default(0),
});
export type ComposerPreviewInput = z.input<typeof composerPreviewInput>;
