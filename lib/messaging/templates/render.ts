/**
 * Merge fields (SPEC §10): `{{field}}` or `{{field|fallback}}` in a template or message body,
 * filled per recipient. Pure: a body is compiled once into a list of parts (literal text and
 * fields), then rendered per recipient by concatenation — no regular expression per recipient,
 * so a send to 50,000 people renders in milliseconds (issue 17, bench:send BENCH_MERGE_FIELDS=1).
 */

/** Every field the system fills, in the order the composer offers them. */
export const MERGE_FIELDS = [
  "firstName",
  "preferredName",
  "lastName",
  "email",
  "srcSystemId",
  "state",
  "senderName",
  "senderFirstName",
  "institutionName",
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

/** What each field holds, as the composer's list and the README say it. */
export const MERGE_FIELD_LABELS: Record<MergeField, string> = {
  firstName: "Recipient's first name",
  preferredName: "Recipient's preferred name",
  lastName: "Recipient's last name",
  email: "Recipient's primary email",
  srcSystemId: "Recipient's SIS id",
  state: "Recipient's state (USPS code)",
  senderName: "Your name",
  senderFirstName: "Your first name",
  institutionName: "Institution name",
};

/** Each field as a few words, for sentences such as "(no preferred name)". */
export const MERGE_FIELD_WORDS: Record<MergeField, string> = {
  firstName: "first name",
  preferredName: "preferred name",
  lastName: "last name",
  email: "email",
  srcSystemId: "SIS id",
  state: "state",
  senderName: "sender's name",
  senderFirstName: "sender's first name",
  institutionName: "institution name",
};

/** Fields that depend on the recipient (the others are the same for the whole send). */
export const RECIPIENT_FIELDS: ReadonlySet<MergeField> = new Set(["firstName", "preferredName", "lastName", "email", "srcSystemId", "state"]);

const BY_LOWER = new Map<string, MergeField>(MERGE_FIELDS.map((f) => [f.toLowerCase(), f]));

export type FieldPart = {
  field: MergeField;
  /** Text used when the recipient's value is empty; null: none (the send is refused for them). */
  fallback: string | null;
  /** The placeholder as written, e.g. `{{ firstName | there }}`. */
  source: string;
};
export type TemplatePart = string | FieldPart;

export type CompiledTemplate = {
  body: string;
  parts: readonly TemplatePart[];
  /** Distinct fields used, in order of first use. */
  fields: readonly MergeField[];
};

export type TemplateProblem =
  | { kind: "UNKNOWN_FIELD"; field: string; source: string }
  | { kind: "EMPTY_FIELD_NAME"; field: ""; source: string }
  | { kind: "EMPTY_FALLBACK"; field: string; source: string }
  | { kind: "STRAY_BRACES"; field: ""; source: string };

/** Placeholders: `{{` … `}}` with no brace inside. Used once per template, never per recipient. */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/**
 * Compiles a body: its parts, or the problems that refuse it (SPEC §10: "a field unknown to the
 * system is refused when the template or message is saved"). Names match case-insensitively
 * (`{{FirstName}}` is firstName); spaces around the name and the fallback are ignored. A
 * fallback must hold some text: `{{firstName|}}` would render "Hi ," and is refused. A `{{` or
 * `}}` outside a placeholder (`{{firstName`, `{{preferredName|{{firstName}}`: fields do not nest)
 * is refused too: sent as it is, it would read as a broken field.
 */
export function parseTemplate(body: string): { template: CompiledTemplate | null; problems: TemplateProblem[] } {
  const parts: TemplatePart[] = [];
  const fields: MergeField[] = [];
  const problems: TemplateProblem[] = [];
  let last = 0;
  const literal = (text: string) => {
    const open = text.indexOf("{{");
    const close = text.indexOf("}}");
    if (open >= 0 || close >= 0) {
      const at = open >= 0 ? open : Math.max(0, close - 20);
      problems.push({ kind: "STRAY_BRACES", field: "", source: text.slice(at, at + 24).trim() });
    }
    if (text !== "") parts.push(text);
  };
  for (const match of body.matchAll(PLACEHOLDER)) {
    const source = match[0];
    const inner = match[1];
    const bar = inner.indexOf("|");
    const name = (bar < 0 ? inner : inner.slice(0, bar)).trim();
    const fallback = bar < 0 ? null : inner.slice(bar + 1).trim();
    const field = BY_LOWER.get(name.toLowerCase());
    literal(body.slice(last, match.index));
    last = match.index + source.length;
    if (name === "") problems.push({ kind: "EMPTY_FIELD_NAME", field: "", source });
    else if (!field) problems.push({ kind: "UNKNOWN_FIELD", field: name, source });
    else if (fallback === "") problems.push({ kind: "EMPTY_FALLBACK", field, source });
    else {
      parts.push({ field, fallback, source });
      if (!fields.includes(field)) fields.push(field);
    }
  }
  literal(body.slice(last));
  if (problems.length > 0) return { template: null, problems };
  return { template: { body, parts, fields }, problems };
}

/**
 * A body cut into its text and its placeholders, in order, for the editor to show fields as such
 * (SPEC §10): `field` is the known field a placeholder names (with a fallback or without), null
 * for one that would be refused (unknown, empty name or empty fallback). Joined, the pieces are the body.
 */
export function highlightPlaceholders(body: string): { text: string; placeholder: boolean; field: MergeField | null }[] {
  const pieces: { text: string; placeholder: boolean; field: MergeField | null }[] = [];
  let last = 0;
  for (const match of body.matchAll(PLACEHOLDER)) {
    if (match.index > last) pieces.push({ text: body.slice(last, match.index), placeholder: false, field: null });
    const inner = match[1];
    const bar = inner.indexOf("|");
    const field = BY_LOWER.get((bar < 0 ? inner : inner.slice(0, bar)).trim().toLowerCase()) ?? null;
    const emptyFallback = bar >= 0 && inner.slice(bar + 1).trim() === "";
    pieces.push({ text: match[0], placeholder: true, field: emptyFallback ? null : field });
    last = match.index + match[0].length;
  }
  if (last < body.length) pieces.push({ text: body.slice(last), placeholder: false, field: null });
  return pieces;
}

/** One sentence naming every problem, e.g. `Unknown merge field {{firstNme}}.` */
export function describeTemplateProblems(problems: readonly TemplateProblem[]): string {
  const seen = new Set<string>();
  const sentences: string[] = [];
  for (const p of problems) {
    if (seen.has(p.source)) continue;
    seen.add(p.source);
    if (p.kind === "UNKNOWN_FIELD") sentences.push(`Unknown merge field ${p.source} ("${p.field}").`);
    else if (p.kind === "EMPTY_FIELD_NAME") sentences.push(`${p.source} names no field.`);
    else if (p.kind === "STRAY_BRACES") sentences.push(`"${p.source}" has braces that are not a merge field: write {{field}} or {{field|fallback}} (fields do not nest).`);
    else sentences.push(`${p.source} has an empty fallback: write one after "|", or remove the "|".`);
  }
  const known = `Merge fields: ${MERGE_FIELDS.join(", ")}.`;
  return problems.some((p) => p.kind === "UNKNOWN_FIELD") ? `${sentences.join(" ")} ${known}` : sentences.join(" ");
}

/** A field's value for one recipient: null, empty or blank means the field is empty. */
export type MergeValues = Partial<Record<MergeField, string | null | undefined>>;

export type Rendered = {
  text: string;
  /** Fields that were empty and had no fallback (the text then holds nothing in their place). */
  missing: MergeField[];
};

/**
 * One recipient's text: each field's value (trimmed), else its fallback, else nothing and the
 * field is reported missing. A body without fields renders to itself.
 */
export function renderTemplate(template: CompiledTemplate, values: MergeValues): Rendered {
  const { parts } = template;
  if (parts.length === 1 && typeof parts[0] === "string") return { text: parts[0], missing: [] };
  let text = "";
  let missing: MergeField[] | null = null;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (typeof part === "string") {
      text += part;
      continue;
    }
    const raw = values[part.field];
    const value = raw == null ? "" : raw.trim();
    if (value !== "") text += value;
    else if (part.fallback !== null) text += part.fallback;
    else if (missing === null) missing = [part.field];
    else if (!missing.includes(part.field)) missing.push(part.field);
  }
  return { text, missing: missing ?? [] };
}

/**
 * The body with each field without a fallback given `fallback` — the composer's one-click fix
 * for recipients whose field is empty ("use a fallback"). Only the fields listed change.
 */
export function addFallbacks(body: string, fallbacks: Partial<Record<MergeField, string>>): string {
  return body.replace(PLACEHOLDER, (source, inner: string) => {
    if (inner.includes("|")) return source;
    const field = BY_LOWER.get(inner.trim().toLowerCase());
    const fallback = field ? fallbacks[field] : undefined;
    return field && fallback ? `{{${field}|${fallback}}}` : source;
  });
}

/** The fallback the composer proposes per field: a word that reads well in "Hi {{firstName}},". */
export const SUGGESTED_FALLBACKS: Record<MergeField, string> = {
  firstName: "there",
  preferredName: "there",
  lastName: "student",
  email: "your email",
  srcSystemId: "your student id",
  state: "your state",
  senderName: "your advisor",
  senderFirstName: "your advisor",
  institutionName: "your college",
};

/** The first word of a name ("Dana Whitfield" → "Dana"), for senderFirstName when no first name is stored. */
export function firstWord(name: string): string {
  return name.trim().split(/\s+/)[0] ?? "";
}
