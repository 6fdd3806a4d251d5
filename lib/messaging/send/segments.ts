/**
 * SMS length and segment counting for the composer (SPEC §4: "the character count against
 * smsMaxLength, and the SMS segment count (GSM-7 / UCS-2)").
 */

/** GSM 03.38 basic character set: one septet each. */
const GSM7_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
/** GSM 03.38 extension table: an escape septet plus one, so two septets each. */
const GSM7_EXTENSION = new Set("\f^{}\\[~]|€");

const LIMITS = {
  "GSM-7": { single: 160, concatenated: 153 },
  "UCS-2": { single: 70, concatenated: 67 },
} as const;

export type SmsEncoding = keyof typeof LIMITS;

export type SegmentCount = {
  encoding: SmsEncoding;
  /** Characters as the length limit counts them: UTF-16 code units (see `countCharacters`). */
  characters: number;
  /** Characters as a person sees them (see `countGraphemes`): an emoji, a flag, é written as e + ◌́ are one each. */
  graphemes: number;
  /** What fills the segments: septets for GSM-7 (extension characters take 2), UTF-16 code units for UCS-2. */
  units: number;
  /** 0 for an empty body. */
  segments: number;
  /** Units per segment: 160/70 for a single segment, 153/67 once the message is split. */
  perSegment: number;
};

/**
 * The length that is checked against `smsMaxLength` (SPEC §3, §4.2): UTF-16 code units, the
 * measure an HTML `maxlength` and `String.length` use, so an emoji counts 2. Never below
 * the number of Unicode characters, so a body within the limit is within Twilio's 1,600 too.
 */
export function countCharacters(body: string): number {
  return body.length;
}

const graphemeSegmenter = new Intl.Segmenter("en", { granularity: "grapheme" });

/**
 * Characters as a person sees them (issue 15.12): extended grapheme clusters, so 👍🏽, 🇺🇸 and
 * 👨‍👩‍👧 count one each. What the composer's counter shows; the length limit and the segments
 * still count what Twilio counts (`countCharacters`, `countSegments`).
 */
export function countGraphemes(body: string): number {
  let n = 0;
  for (const _ of graphemeSegmenter.segment(body)) n += 1;
  return n;
}

/**
 * Encoding and segment count of an SMS body. One character outside GSM-7 switches the whole
 * message to UCS-2. A split message carries a header, leaving 153 septets / 67 code units per
 * segment; a character is never split between two segments (an extension character's escape
 * pair, or an emoji's surrogate pair, moves whole to the next segment), as carriers do.
 */
export function countSegments(body: string): SegmentCount {
  return { ...countSmsSegments(body), graphemes: countGraphemes(body) };
}

/**
 * `countSegments` without the grapheme count (Intl.Segmenter is the costly part): what a send
 * needs per recipient when each one's text is rendered from merge fields (SPEC §10).
 */
export function countSmsSegments(body: string): Omit<SegmentCount, "graphemes"> {
  const characters = countCharacters(body);
  let gsm = true;
  for (const c of body) {
    if (!GSM7_BASIC.has(c) && !GSM7_EXTENSION.has(c)) {
      gsm = false;
      break;
    }
  }
  const encoding: SmsEncoding = gsm ? "GSM-7" : "UCS-2";
  const limits = LIMITS[encoding];
  let units = 0;
  for (const c of body) units += gsm ? (GSM7_EXTENSION.has(c) ? 2 : 1) : c.length;
  if (units <= limits.single) {
    return { encoding, characters, units, segments: units === 0 ? 0 : 1, perSegment: limits.single };
  }
  let segments = 1;
  let used = 0;
  for (const c of body) {
    const size = gsm ? (GSM7_EXTENSION.has(c) ? 2 : 1) : c.length;
    if (used + size > limits.concatenated) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { encoding, characters, units, segments, perSegment: limits.concatenated };
}
