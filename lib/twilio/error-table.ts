import type { ReasonCode } from "@/db/schema/constants";

/** What a failure does to the recipient's phone records (SPEC §2 "To SMS_DISABLED" 2–4). */
export type PhoneEffect = "DISABLE_ALL_PERSON_PHONES" | "DISABLE_PHONE" | "NONE";

export type TwilioFailureClass = { reasonCode: ReasonCode; phoneEffect: PhoneEffect };

const TABLE = new Map<number, TwilioFailureClass>([
  [21610, { reasonCode: "TWILIO_RECIPIENT_UNSUBSCRIBED", phoneEffect: "DISABLE_ALL_PERSON_PHONES" }],
  [21211, { reasonCode: "TWILIO_INVALID_NUMBER", phoneEffect: "DISABLE_PHONE" }],
  [21614, { reasonCode: "TWILIO_INVALID_NUMBER", phoneEffect: "DISABLE_PHONE" }],
  [30005, { reasonCode: "TWILIO_UNKNOWN_DESTINATION_HANDSET", phoneEffect: "DISABLE_PHONE" }],
]);

/**
 * SPEC §5, the failure table, for a rejected send request and a `failed`/`undelivered` status
 * callback alike (the message itself is always resent by email). Any code not in the table is
 * `TWILIO_ERROR_<code>` and leaves the phones alone. `errorCode` may be the callback's string;
 * a missing or non-numeric code (Twilio gave none) is reported as `TWILIO_ERROR_0`.
 */
export function classifyTwilioFailure(errorCode: number | string | null | undefined): TwilioFailureClass {
  const code = Number(typeof errorCode === "string" ? errorCode.trim() : errorCode);
  const known = Number.isInteger(code) && code > 0 ? code : 0;
  return TABLE.get(known) ?? { reasonCode: `TWILIO_ERROR_${known}`, phoneEffect: "NONE" };
}

/**
 * How to treat a send request that did not succeed (SPEC §5: sent exactly once or a recorded
 * failure/fallback):
 * - `RETRY`: Twilio never processed it, sending again is safe — HTTP 429 / 20429 (REST
 *   concurrency), and the sender-side throttles 21611 (the number's queue is full) and 14107
 *   (too many texts between the same two numbers), which are rejections that pass with time.
 * - `AMBIGUOUS`: it may have been processed — 5xx, a timeout, or no HTTP answer at all. Look the
 *   message up at Twilio before sending it again.
 * - `PERMANENT`: any other 4xx; the failure table (`classifyTwilioFailure`) decides what follows.
 */
export function classifySendError(error: {
  httpStatus?: number | null;
  code?: number | null;
  timedOut?: boolean;
}): "RETRY" | "AMBIGUOUS" | "PERMANENT" {
  const { httpStatus, code, timedOut } = error;
  if (timedOut) return "AMBIGUOUS";
  if (httpStatus === 429 || code === 20429 || code === 21611 || code === 14107) return "RETRY";
  if (typeof httpStatus === "number" && httpStatus >= 400 && httpStatus < 500) return "PERMANENT";
  return "AMBIGUOUS";
}
