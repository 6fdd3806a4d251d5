export type InboundKeyword = "OPT_OUT" | "OPT_IN" | "HELP";

/** Twilio's default keyword lists (reference/twilio-facts.md §5). */
const KEYWORDS = new Map<string, InboundKeyword>([
  ...["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"].map((w) => [w, "OPT_OUT"] as const),
  ...["START", "UNSTOP", "YES"].map((w) => [w, "OPT_IN"] as const),
  ...["HELP", "INFO"].map((w) => [w, "HELP"] as const),
]);

/** Values of Twilio's `OptOutType` webhook parameter. */
const OPT_OUT_TYPES = new Map<string, InboundKeyword>([
  ["STOP", "OPT_OUT"],
  ["START", "OPT_IN"],
  ["HELP", "HELP"],
]);

/** Anything but letters and digits around the word: whitespace, punctuation, symbols, emoji. */
const SURROUNDING = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/**
 * SPEC §2 and §5: whether an inbound text is an opt-out, opt-in or help keyword. Twilio's
 * `OptOutType` (STOP / START / HELP), when present, decides; any other value of it is ignored.
 * Otherwise the whole message must be one keyword, in any case, with whatever surrounds it
 * that is not a letter or digit ignored: "  Stop! " is an opt-out, "stop please" is nothing.
 * Whether an opt-in changes anything (only after an opt-out, SPEC §2) is for the caller.
 */
export function classifyInbound(body: string, optOutType?: string | null): InboundKeyword | null {
  const decided = optOutType ? OPT_OUT_TYPES.get(optOutType.trim().toUpperCase()) : undefined;
  return decided ?? KEYWORDS.get(body.replace(SURROUNDING, "").toUpperCase()) ?? null;
}
