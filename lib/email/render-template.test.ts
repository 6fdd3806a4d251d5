import { describe, expect, it } from "vitest";
import { findUnknownPlaceholders, renderTemplate, type TemplateValues } from "./render-template";

const values: TemplateValues = {
  replierName: "Ana Ruiz",
  replierNumber: "(312) 555-0142",
  replyText: "See you at 3",
  staffName: "Dr. Lee",
  conversationLink: "https://app.example.edu/messages/c-1",
};

const DEFAULT_BODY =
  "Hello {{staffName}},\n\n{{replierName}} ({{replierNumber}}) replied to your text message:\n\n{{replyText}}\n\nOpen the conversation: {{conversationLink}}";

describe("renderTemplate: text", () => {
  it.each([
    ["the default subject", "{{replierName}} replied to your text", "Ana Ruiz replied to your text"],
    [
      "the default body",
      DEFAULT_BODY,
      "Hello Dr. Lee,\n\nAna Ruiz ((312) 555-0142) replied to your text message:\n\nSee you at 3\n\nOpen the conversation: https://app.example.edu/messages/c-1",
    ],
    ["spaces inside the braces", "{{ staffName }} / {{replyText  }}", "Dr. Lee / See you at 3"],
    ["a placeholder used twice", "{{staffName}} {{staffName}}", "Dr. Lee Dr. Lee"],
    ["an unknown placeholder is left as written", "Hi {{studentId}} and {{ ReplierName }}", "Hi {{studentId}} and {{ ReplierName }}"],
    ["no placeholders", "Plain text", "Plain text"],
    ["empty template", "", ""],
    ["single braces are text", "{staffName} {{staffName}", "{staffName} {{staffName}"],
  ])("%s", (_name, template, expected) => {
    expect(renderTemplate(template, values, "text")).toBe(expected);
  });

  it("inserts values verbatim and never expands a value a second time", () => {
    const tricky = { ...values, replyText: "<b>hi</b> & {{staffName}}" };
    expect(renderTemplate("{{replyText}}", tricky, "text")).toBe("<b>hi</b> & {{staffName}}");
  });
});

describe("renderTemplate: html", () => {
  it("renders the default body as escaped HTML with line breaks and a link", () => {
    expect(renderTemplate(DEFAULT_BODY, values, "html")).toBe(
      "Hello Dr. Lee,<br>\n<br>\nAna Ruiz ((312) 555-0142) replied to your text message:<br>\n<br>\nSee you at 3<br>\n<br>\n" +
        'Open the conversation: <a href="https://app.example.edu/messages/c-1">https://app.example.edu/messages/c-1</a>',
    );
  });

  it.each([
    ["markup in a value", { replyText: `<script>alert("x")</script>` }, "{{replyText}}", "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"],
    ["ampersand and quote in a name", { replierName: `O'Brien & Co` }, "{{replierName}}", "O&#39;Brien &amp; Co"],
    ["line breaks in a reply", { replyText: "one\r\ntwo\nthree\rfour" }, "{{replyText}}", "one<br>\ntwo<br>\nthree<br>\nfour"],
    ["a value that looks like a placeholder", { replyText: "{{staffName}}" }, "{{replyText}}", "{{staffName}}"],
    [
      "a link with a query string",
      { conversationLink: "https://x.example/c?a=1&b=2" },
      "{{conversationLink}}",
      '<a href="https://x.example/c?a=1&amp;b=2">https://x.example/c?a=1&amp;b=2</a>',
    ],
    ["a non-http link is text, not a link", { conversationLink: "javascript:alert(1)" }, "{{conversationLink}}", "javascript:alert(1)"],
    ["the template's own text is escaped", {}, "a < b & {{staffName}}", "a &lt; b &amp; Dr. Lee"],
    ["an unknown placeholder is left as written", {}, "{{ nope }}<", "{{ nope }}&lt;"],
  ])("%s", (_name, overrides, template, expected) => {
    expect(renderTemplate(template, { ...values, ...overrides }, "html")).toBe(expected);
  });
});

describe("findUnknownPlaceholders", () => {
  it.each([
    ["the default body", DEFAULT_BODY, []],
    ["known ones with spaces", "{{ replierName }}{{conversationLink }}", []],
    ["an unknown one", "Hi {{studentId}}", ["{{studentId}}"]],
    ["case matters", "{{ReplierName}}", ["{{ReplierName}}"]],
    ["each once, in order", "{{b}} {{a}} {{b}} {{staffName}}", ["{{b}}", "{{a}}"]],
    ["empty braces", "{{}} {{ }}", ["{{}}", "{{ }}"]],
    ["a name with spaces", "{{reply text}}", ["{{reply text}}"]],
    ["no braces", "plain", []],
  ])("%s", (_name, template, expected) => {
    expect(findUnknownPlaceholders(template)).toEqual(expected);
  });
});
