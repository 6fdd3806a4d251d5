import { countCharacters, countSmsSegments } from "@/lib/messaging/send/segments";
import { firstWord, renderTemplate, type CompiledTemplate, type MergeField, type MergeValues } from "./render";

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
  /** The most segments any one text takes, and all texts' segments added up (footer included where it may apply). */
  maxSegments: number;
  totalSegments: number;
};

/** The separator between a text and the first-contact footer. */
export const FOOTER_SEPARATOR = "\n";

/** A text with the first-contact footer (SPEC §10). */
export function withFooter(text: string, footer: string): string {
  return `${text}${FOOTER_SEPARATOR}${footer}`;
}

/**
 * Renders a send's body for each recipient (SPEC §10), once compiled: the values are read from
 * each recipient's facts, the rest is concatenation. Pure. `footer`: the institution's
 * first-contact footer, counted in the lengths of those who were never texted (whether they end
 * up texted is decided later: the footer goes only on texts, and only on the first).
 */
export function personalizeSend(input: {
  template: CompiledTemplate;
  recipients: readonly MergeRecipient[];
  facts: SendMergeFacts;
  footer: string | null;
}): Personalized {
  const { template, recipients, facts, footer } = input;
  const hasFields = template.fields.length > 0;
  const shared: MergeValues = { senderName: facts.senderName, senderFirstName: firstWord(facts.senderName), institutionName: facts.institutionName };
  const bodies: string[] | null = hasFields ? new Array<string>(recipients.length) : null;
  const missing: MissingField[] = [];
  let longest = "";
  let longestLength = -1;
  let maxSegments = 0;
  let totalSegments = 0;
  const plainSegments = hasFields ? 0 : countSmsSegments(template.body).segments;
  const footedSegments = hasFields || !footer ? 0 : countSmsSegments(withFooter(template.body, footer)).segments;
  const values: MergeValues = { ...shared };
  for (let i = 0; i < recipients.length; i++) {
    const r = recipients[i];
    let text = template.body;
    if (bodies) {
      values.firstName = r.firstName;
      values.lastName = r.lastName;
      values.preferredName = r.preferredName;
      values.email = r.primaryEmail;
      values.srcSystemId = r.srcSystemId;
      values.state = r.state;
      const rendered = renderTemplate(template, values);
      if (rendered.missing.length > 0) missing.push({ recipientId: r.id, name: r.name, fields: rendered.missing });
      text = rendered.text;
      bodies[i] = text;
    }
    const footed = footer && r.contacted === false ? withFooter(text, footer) : text;
    const length = countCharacters(footed);
    if (length > longestLength) {
      longest = footed;
      longestLength = length;
    }
    const segments = bodies ? countSmsSegments(footed).segments : footed === text ? plainSegments : footedSegments;
    totalSegments += segments;
    if (segments > maxSegments) maxSegments = segments;
  }
  return { bodies, missing, longest, maxSegments, totalSegments };
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
