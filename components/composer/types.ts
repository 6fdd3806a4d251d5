import type { ActionResult } from "@/lib/action";
import type { Audience, ComposerPreviewInput, ComposerSendInput } from "@/lib/messaging/send/audience-schema";
import type { SendProgress } from "@/lib/messaging/send/get-send-progress";
import type { EmailFailedTextsResult } from "@/lib/messaging/send/email-failed-texts";
import type { SendResults } from "@/lib/messaging/send/get-send-results";
import type { DeliveryPreview } from "@/lib/messaging/send/preview-delivery";
import type { LoadTemplates } from "@/components/templates/template-textarea";
import type { SendLaterActions } from "./send-later";

/** What the one call of Send answers: the send's id and what was decided (the worker sends from there). */
export type SendStarted = {
  batchId: string | null;
  refused: string | null;
  summary: { texts: number; emails: number; undeliverable: number; refused: number };
  /** Distinct recipients asked for, and how many of them are not people of the institution. */
  recipients: number;
  unknown: number;
  monthly: { used: number; limit: number };
};

/** The server actions the composer calls (passed in by the page, as `ReplyBox` takes its action). */
export type ComposerActions = {
  preview: (input: ComposerPreviewInput) => Promise<ActionResult<DeliveryPreview>>;
  send: (input: ComposerSendInput) => Promise<ActionResult<SendStarted>>;
  progress: (input: { batchIds: string[] }) => Promise<ActionResult<SendProgress>>;
  /** Who got a text, an email or nothing after the send, and why. */
  results: (input: { batchIds: string[] }) => Promise<ActionResult<SendResults>>;
  /** "Email those whose text failed". */
  emailFailed: (input: { batchIds: string[] }) => Promise<ActionResult<EmailFailedTextsResult>>;
  /** "Send later" (send-later.tsx); without it the composer offers only Send. */
  later?: SendLaterActions;
  /** The templates and saved replies to insert (SPEC §10); without it the composer offers merge fields only. */
  templates?: LoadTemplates;
};

/** Who the message goes to (resolved on the server at Review and again at Send), and how to name them in the dialog. */
export type ComposerRecipients = { audience: Audience; label: string };
