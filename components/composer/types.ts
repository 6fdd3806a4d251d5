import type { ActionResult } from "@/lib/action";
import type { SendProgress } from "@/lib/messaging/send/get-send-progress";
import type { EmailFailedTextsResult } from "@/lib/messaging/send/email-failed-texts";
import type { SendResults } from "@/lib/messaging/send/get-send-results";
import type { DeliveryPreview } from "@/lib/messaging/send/preview-delivery";
import type { SendLaterActions } from "./send-later";

export type ChunkResult = {
  batchId: string | null;
  refused: string | null;
  summary: { texts: number; emails: number; undeliverable: number; refused: number };
  unknown: number;
  monthly: { used: number; limit: number };
};

/** The server actions the composer calls (passed in by the page, as `ReplyBox` takes its action). */
export type ComposerActions = {
  preview: (input: { recipientIds: string[]; body: string }) => Promise<ActionResult<DeliveryPreview>>;
  sendChunk: (input: { recipientIds: string[]; body: string }) => Promise<ActionResult<ChunkResult>>;
  progress: (input: { batchIds: string[] }) => Promise<ActionResult<SendProgress>>;
  /** Who got a text, an email or nothing after the send, and why. */
  results: (input: { batchIds: string[] }) => Promise<ActionResult<SendResults>>;
  /** "Email those whose text failed". */
  emailFailed: (input: { batchIds: string[] }) => Promise<ActionResult<EmailFailedTextsResult>>;
  /** "Send later" (send-later.tsx); without it the composer offers only Send. */
  later?: SendLaterActions;
};

/** Who the message goes to: ids, and how to name them in the dialog. */
export type ComposerRecipients = { ids: string[]; label: string };
