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
 * GSM-7 cost of each UTF-16 code unit: 1 for the basic set, 2 for the extension table (escape +
 * character), 0 for anything GSM-7 cannot carry. A surrogate is never in GSM-7. A lookup table,
 * so counting a text is one pass of array reads: a send renders and counts up to 50,000 texts.
 */
const GSM7_COST = (() => {
  const table = new Uint8Array(0x10000);
  for (const c of GSM7_BASIC) table[c.charCodeAt(0)] = 1;
  for (const c of GSM7_EXTENSION) table[c.charCodeAt(0)] = 2;
  return table;
})();

/** Septets of a text in GSM-7, or -1 when it needs UCS-2 (one character outside GSM-7 is enough). */
export function gsmSeptets(text: string): number {
  let septets = 0;
  for (let i = 0; i < text.length; i++) {
    const cost = GSM7_COST[text.charCodeAt(i)];
    if (cost === 0) return -1;
    septets += cost;
  }
  return septets;
}

/**
 * Segments of a text measured in pieces (SPEC §10: a rendered text is its template's literal
 * parts and each recipient's values): `septets` its GSM-7 septets (-1: UCS-2), `length` its UTF-16
 * length. One segment is decided from the measures alone; a longer text is counted on `text()`,
 * where a character must not straddle two segments.
 */
export function segmentsOfMeasured(septets: number, length: number, text: () => string): number {
  const units = septets >= 0 ? septets : length;
  if (units === 0) return 0;
  if (units <= (septets >= 0 ? LIMITS["GSM-7"].single : LIMITS["UCS-2"].single)) return 1;
  return countSmsSegments(text()).segments;
}

/**
 * `countSegments` without the grapheme count (Intl.Segmenter is the costly part): what a send
 * needs per recipient when each one's text is rendered from merge fields (SPEC §10).
 */
export function countSmsSegments(body: string): Omit<SegmentCount, "graphemes"> {
  const characters = body.length;
  let septets = 0;
  let gsm = true;
  for (let i = 0; i < characters; i++) {
    const cost = GSM7_COST[body.charCodeAt(i)];
    if (cost === 0) {
      gsm = false;
      break;
    }
    septets += cost;
  }
  const encoding: SmsEncoding = gsm ? "GSM-7" : "UCS-2";
  const limits = LIMITS[encoding];
  // UCS-2 counts UTF-16 code units: the string's length.
  const units = gsm ? septets : characters;
  if (units <= limits.single) {
    return { encoding, characters, units, segments: units === 0 ? 0 : 1, perSegment: limits.single };
  }
  // Split: a character (an escape pair, a surrogate pair) never straddles two segments.
  let segments = 1;
  let used = 0;
  for (let i = 0; i < characters; i++) {
    const code = body.charCodeAt(i);
    let size: number;
    if (gsm) size = GSM7_COST[code];
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < characters) {
      size = 2;
      i++;
    } else size = 1;
    if (used + size > limits.concatenated) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { encoding, characters, units, segments, perSegment: limits.concatenated };
}
