import { gsmSeptets, segmentsOfMeasured } from "@/lib/messaging/send/segments";
import { firstWord, type CompiledTemplate, type MergeField, type MergeValues } from "./render";

/** What a recipient's merge fields are filled from (db/queries/delivery.ts loads it). */
export type MergeRecipient = {
  id: string;
  /** As the composer shows it: preferred (else first) name and last name. */
  name: string;
  firstName?: string | null;
  lastName?: string | null;
  preferredName?: string | null;
  primaryEmail: string | null;
  srcSystemId?: string | null;
  state?: string | null;
  /** The institution has texted this person before, or they texted it (SPEC §10 first contact). */
  contacted?: boolean;
};

/** The fields that are the same for every recipient of a send. */
export type SendMergeFacts = { senderName: string; institutionName: string };

export type MissingField = { recipientId: string; name: string; fields: MergeField[] };

export type Personalized = {
  /** Each recipient's text, in the order given; null when the body has no fields (every text is the body). */
  bodies: string[] | null;
  /** Recipients who would get an empty field without a fallback (SPEC §10: the send is refused for them). */
  missing: MissingField[];
  /**
   * The longest text any recipient could get, the first-contact footer included for those never
   * texted: what smsMaxLength is checked against (SPEC §10: it applies to each rendered text).
   */
  longest: string;
  /** Recipient i's text (by index in `recipients`), with the footer (by default: for one never texted). */
  textOf: (i: number, withFooter?: boolean) => string;
  /** The segments of `textOf(i, withFooter)`, from the measures when it fits one segment. */
  segmentsOf: (i: number, withFooter?: boolean) => number;
};

/** A template part with its GSM-7 septets measured once per send (-1: it needs UCS-2). */
type MeasuredPart =
  | { kind: "text"; text: string; septets: number }
  | { kind: "field"; field: MergeField; fallback: string | null; fallbackSeptets: number };

/** The separator between a text and the first-contact footer. */
export const FOOTER_SEPARATOR = "\n";

/** A text with the first-contact footer (SPEC §10). */
export function withFooter(text: string, footer: string): string {
  return `${text}${FOOTER_SEPARATOR}${footer}`;
}

/**
 * Renders a send's body for each recipient (SPEC §10), compiled once: per recipient the values
 * are read from their facts and the parts concatenated, no regular expression. Each text's
 * GSM-7 septets and length are added up from its pieces (literal parts measured once per send),
 * so the segments of a one-segment text are known without reading it again. Pure; the same text
 * as `renderTemplate`. `footer`: the institution's first-contact footer, counted in the lengths
 * of those who were never texted (whether they end up texted is decided later: the footer goes
 * only on texts, and only on the first).
 */
export function personalizeSend(input: {
  template: CompiledTemplate;
  recipients: readonly MergeRecipient[];
  facts: SendMergeFacts;
  footer: string | null;
}): Personalized {
  const { template, recipients, facts, footer } = input;
  const n = recipients.length;
  const hasFields = template.fields.length > 0;
  const shared: MergeValues = { senderName: facts.senderName, senderFirstName: firstWord(facts.senderName), institutionName: facts.institutionName };
  const parts = template.parts.map(
    (p): MeasuredPart =>
      typeof p === "string"
        ? { kind: "text", text: p, septets: gsmSeptets(p) }
        : { kind: "field", field: p.field, fallback: p.fallback, fallbackSeptets: p.fallback === null ? 0 : gsmSeptets(p.fallback) },
  );
  const bodies: string[] | null = hasFields ? new Array<string>(n) : null;
  const septets = new Int32Array(n);
  const lengths = new Int32Array(n);
  const missing: MissingField[] = [];
  const plainSeptets = gsmSeptets(template.body);
  const values: MergeValues = { ...shared };
  for (let i = 0; i < n; i++) {
    const r = recipients[i];
    if (!bodies) {
      septets[i] = plainSeptets;
      lengths[i] = template.body.length;
      continue;
    }
    values.firstName = r.firstName;
    values.lastName = r.lastName;
    values.preferredName = r.preferredName;
    values.email = r.primaryEmail;
    values.srcSystemId = r.srcSystemId;
    values.state = r.state;
    let text = "";
    let gsm = 0;
    let lost: MergeField[] | null = null;
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k];
      if (part.kind === "text") {
        text += part.text;
        gsm = gsm < 0 || part.septets < 0 ? -1 : gsm + part.septets;
        continue;
      }
      const raw = values[part.field];
      const value = raw == null ? "" : raw.trim();
      if (value !== "") {
        text += value;
        const v = gsm < 0 ? 0 : gsmSeptets(value);
        gsm = gsm < 0 || v < 0 ? -1 : gsm + v;
      } else if (part.fallback !== null) {
        text += part.fallback;
        gsm = gsm < 0 || part.fallbackSeptets < 0 ? -1 : gsm + part.fallbackSeptets;
      } else if (lost === null) lost = [part.field];
      else if (!lost.includes(part.field)) lost.push(part.field);
    }
    if (lost) missing.push({ recipientId: r.id, name: r.name, fields: lost });
    bodies[i] = text;
    septets[i] = gsm;
    lengths[i] = text.length;
  }

  const footerSeptets = footer ? gsmSeptets(footer) : 0;
  const footed = (i: number) => footer !== null && recipients[i].contacted === false;
  const textOf = (i: number, withFoot = footed(i)) => {
    const text = bodies ? bodies[i] : template.body;
    return withFoot && footer !== null ? withFooter(text, footer) : text;
  };
  const segmentsOf = (i: number, withFoot = footed(i)) => {
    if (!withFoot || footer === null) return segmentsOfMeasured(septets[i], lengths[i], () => textOf(i, false));
    const s = septets[i] < 0 || footerSeptets < 0 ? -1 : septets[i] + FOOTER_SEPARATOR.length + footerSeptets;
    return segmentsOfMeasured(s, lengths[i] + FOOTER_SEPARATOR.length + footer.length, () => textOf(i, true));
  };
  let longestAt = -1;
  let longestLength = -1;
  for (let i = 0; i < n; i++) {
    const length = lengths[i] + (footed(i) ? FOOTER_SEPARATOR.length + footer!.length : 0);
    if (length > longestLength) {
      longestAt = i;
      longestLength = length;
    }
  }
  return { bodies, missing, longest: longestAt < 0 ? "" : textOf(longestAt), segmentsOf, textOf };
}

/** How many recipients a refusal names before "and N more". */
const NAMED = 10;

/**
 * SPEC §10's refusal, as a sentence naming the fields and those recipients, e.g.
 * `{{preferredName}} would be empty, with no fallback, for 2 recipients: Sam Lee, Ana Diaz. Give it a fallback, e.g. {{preferredName|there}}.`
 */
export function describeMissingFields(missing: readonly MissingField[], suggest: (field: MergeField) => string): string {
  const fields = [...new Set(missing.flatMap((m) => m.fields))];
  const names = missing.slice(0, NAMED).map((m) => m.name);
  const more = missing.length > NAMED ? ` and ${(missing.length - NAMED).toLocaleString("en-US")} more` : "";
  const who = `${missing.length.toLocaleString("en-US")} ${missing.length === 1 ? "recipient" : "recipients"}: ${names.join(", ")}${more}`;
  const placeholders = fields.map((f) => `{{${f}}}`).join(", ");
  const example = fields.map((f) => `{{${f}|${suggest(f)}}}`).join(", ");
  return `${placeholders} would be empty, with no fallback, for ${who}. Give ${fields.length === 1 ? "it" : "each"} a fallback, e.g. ${example}.`;
}
