/** The placeholders of the Email Notifications template (SPEC §3), in the order the UI lists them. */
export const TEMPLATE_PLACEHOLDERS = ["replierName", "replierNumber", "replyText", "staffName", "conversationLink"] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];
export type TemplateValues = Record<TemplatePlaceholder, string>;

/** `{{name}}`, spaces inside the braces allowed. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const KNOWN: ReadonlySet<string> = new Set(TEMPLATE_PLACEHOLDERS);

/**
 * The placeholders of a template that are not one of `TEMPLATE_PLACEHOLDERS`, exactly as
 * written and each once, in order (names are case-sensitive: `{{ReplierName}}` is unknown).
 * Saving the Email Notifications tab rejects a template for which this is not empty.
 */
export function findUnknownPlaceholders(template: string): string[] {
  const unknown = new Set<string>();
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (!KNOWN.has(m[1])) unknown.add(m[0]);
  }
  return [...unknown];
}

/**
 * Fills the Email Notifications template (SPEC §3) in one pass: a value that itself looks like a
 * placeholder is not expanded again, and an unknown placeholder is left as written.
 *
 * The template is plain text, as the administrator types it. `text` inserts values verbatim
 * (use it for the subject and the plain-text part). `html` escapes the template's own text and
 * every value, turns line breaks into `<br>`, and makes `{{conversationLink}}` a link when it is
 * an http(s) URL; the result is an HTML fragment for the email's body.
 */
export function renderTemplate(template: string, values: TemplateValues, format: "text" | "html"): string {
  if (format === "text") {
    return template.replace(PLACEHOLDER, (token, name: string) => (isKnown(name) ? values[name] : token));
  }
  let html = "";
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    html += htmlText(template.slice(last, m.index));
    html += isKnown(m[1]) ? htmlValue(m[1], values[m[1]]) : htmlText(m[0]);
    last = m.index + m[0].length;
  }
  return html + htmlText(template.slice(last));
}

function isKnown(name: string): name is TemplatePlaceholder {
  return KNOWN.has(name);
}

function htmlValue(name: TemplatePlaceholder, value: string): string {
  if (name === "conversationLink" && /^https?:\/\//i.test(value)) {
    return `<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>`;
  }
  return htmlText(value);
}

function htmlText(text: string): string {
  return escapeHtml(text).replace(/\r\n|\r|\n/g, "<br>\n");
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
