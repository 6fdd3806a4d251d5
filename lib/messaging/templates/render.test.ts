import { describe, expect, it } from "vitest";
import { countSmsSegments } from "@/lib/messaging/send/segments";
import {
  addFallbacks,
  describeTemplateProblems,
  highlightPlaceholders,
  MERGE_FIELDS,
  parseTemplate,
  renderTemplate,
  type CompiledTemplate,
  type MergeValues,
} from "./render";

function compile(body: string): CompiledTemplate {
  const { template, problems } = parseTemplate(body);
  expect(problems).toEqual([]);
  return template!;
}

const sam: MergeValues = { firstName: "Sam", preferredName: null, lastName: "Lee", institutionName: "Northfield College", senderName: "Dana Whitfield", senderFirstName: "Dana" };

describe("parseTemplate", () => {
  it("splits literal text and fields, in order, with distinct fields", () => {
    const t = compile("Hi {{firstName}}, {{senderFirstName}} here. {{firstName|you}}!");
    expect(t.parts).toEqual([
      "Hi ",
      { field: "firstName", fallback: null, source: "{{firstName}}" },
      ", ",
      { field: "senderFirstName", fallback: null, source: "{{senderFirstName}}" },
      " here. ",
      { field: "firstName", fallback: "you", source: "{{firstName|you}}" },
      "!",
    ]);
    expect(t.fields).toEqual(["firstName", "senderFirstName"]);
  });

  it("a body without fields is one literal part", () => {
    expect(compile("Office hours moved to 3 PM.").parts).toEqual(["Office hours moved to 3 PM."]);
    expect(compile("").parts).toEqual([]);
  });

  it("matches names case-insensitively and ignores spaces around name and fallback", () => {
    const t = compile("{{ FirstName | there }} {{LASTNAME}}");
    expect(t.parts).toEqual([
      { field: "firstName", fallback: "there", source: "{{ FirstName | there }}" },
      " ",
      { field: "lastName", fallback: null, source: "{{LASTNAME}}" },
    ]);
  });

  it("keeps a fallback with spaces and a second bar as written", () => {
    expect(compile("{{preferredName|our student|friend}}").parts).toEqual([
      { field: "preferredName", fallback: "our student|friend", source: "{{preferredName|our student|friend}}" },
    ]);
  });

  it("leaves single braces as text", () => {
    expect(compile("Use { and } and {x}").parts).toEqual(["Use { and } and {x}"]);
  });

  it("refuses braces that are not a field: unclosed, stray or nested (fields do not nest)", () => {
    expect(parseTemplate("Hi {{firstName, welcome").problems).toEqual([{ kind: "STRAY_BRACES", field: "", source: "{{firstName, welcome" }]);
    expect(parseTemplate("Done }} here").problems).toEqual([{ kind: "STRAY_BRACES", field: "", source: "Done }} here" }]);
    const nested = parseTemplate("Hola {{preferredName|{{firstName}}");
    expect(nested.problems).toEqual([{ kind: "STRAY_BRACES", field: "", source: "{{preferredName|" }]);
    expect(describeTemplateProblems(nested.problems)).toBe('"{{preferredName|" has braces that are not a merge field: write {{field}} or {{field|fallback}} (fields do not nest).');
  });

  it.each(MERGE_FIELDS)("knows %s", (field) => {
    expect(compile(`{{${field}}}`).fields).toEqual([field]);
  });

  it("refuses unknown fields, naming each one", () => {
    const { template, problems } = parseTemplate("Hi {{firstNme}} from {{college}} and {{firstName}}");
    expect(template).toBeNull();
    expect(problems).toEqual([
      { kind: "UNKNOWN_FIELD", field: "firstNme", source: "{{firstNme}}" },
      { kind: "UNKNOWN_FIELD", field: "college", source: "{{college}}" },
    ]);
    expect(describeTemplateProblems(problems)).toBe(
      'Unknown merge field {{firstNme}} ("firstNme"). Unknown merge field {{college}} ("college"). ' +
        "Merge fields: firstName, preferredName, lastName, email, srcSystemId, state, senderName, senderFirstName, institutionName.",
    );
  });

  it("refuses an empty name and an empty fallback", () => {
    const { problems } = parseTemplate("{{}} {{ | x}} {{firstName|}} {{lastName| }}");
    expect(problems).toEqual([
      { kind: "EMPTY_FIELD_NAME", field: "", source: "{{}}" },
      { kind: "EMPTY_FIELD_NAME", field: "", source: "{{ | x}}" },
      { kind: "EMPTY_FALLBACK", field: "firstName", source: "{{firstName|}}" },
      { kind: "EMPTY_FALLBACK", field: "lastName", source: "{{lastName| }}" },
    ]);
    expect(describeTemplateProblems(problems.slice(2, 3))).toBe('{{firstName|}} has an empty fallback: write one after "|", or remove the "|".');
  });

  it("names a repeated unknown placeholder once", () => {
    const { problems } = parseTemplate("{{x}} {{x}}");
    expect(problems).toHaveLength(2);
    expect(describeTemplateProblems(problems)).toBe(`Unknown merge field {{x}} ("x"). Merge fields: ${MERGE_FIELDS.join(", ")}.`);
  });
});

describe("renderTemplate", () => {
  it.each<[string, string, MergeValues, string, string[]]>([
    ["fills every field", "Hi {{firstName}} {{lastName}}, {{senderName}} at {{institutionName}}", sam, "Hi Sam Lee, Dana Whitfield at Northfield College", []],
    ["uses the value over the fallback", "Hi {{firstName|there}}", sam, "Hi Sam", []],
    ["uses the fallback for a null value", "Hi {{preferredName|there}}", sam, "Hi there", []],
    ["uses the fallback for an absent value", "Hi {{email|friend}}", {}, "Hi friend", []],
    ["uses the fallback for an empty value", "Hi {{preferredName|there}}", { preferredName: "" }, "Hi there", []],
    ["uses the fallback for a blank value", "Hi {{preferredName|there}}", { preferredName: "  \t" }, "Hi there", []],
    ["trims a value", "Hi {{firstName}}!", { firstName: "  Sam " }, "Hi Sam!", []],
    ["reports a missing field and leaves nothing in its place", "Hi {{preferredName}}!", sam, "Hi !", ["preferredName"]],
    ["reports each missing field once, in order", "{{state}} {{email}} {{state}}", {}, "  ", ["state", "email"]],
    ["one occurrence with a fallback, one without", "{{state|TX}} {{state}}", {}, "TX ", ["state"]],
    ["renders a body without fields to itself", "No fields here.", {}, "No fields here.", []],
    ["renders an empty body", "", {}, "", []],
    ["a value holding braces is not read as a field", "Hi {{firstName}}", { firstName: "{{lastName}}" }, "Hi {{lastName}}", []],
  ])("%s", (_name, body, values, text, missing) => {
    expect(renderTemplate(compile(body), values)).toEqual({ text, missing });
  });

  it("renders the same compiled template for many recipients independently", () => {
    // A brace inside a fallback ends the placeholder there: "{{x}}" is what is read, and refused, with the stray start.
    expect(parseTemplate("Hi {{preferredName|{{x}}").problems).toEqual([
      { kind: "STRAY_BRACES", field: "", source: "{{preferredName|" },
      { kind: "UNKNOWN_FIELD", field: "x", source: "{{x}}" },
    ]);
    const hi = compile("Hi {{firstName|there}}");
    const names = ["Zoë", "", "José", null, "Sam"];
    expect(names.map((firstName) => renderTemplate(hi, { firstName }).text)).toEqual(["Hi Zoë", "Hi there", "Hi José", "Hi there", "Hi Sam"]);
  });
});

describe("lengths and segments of rendered texts (SPEC §10: they apply per recipient)", () => {
  const t = compile("Hi {{firstName}}, your advising appointment is tomorrow.");

  it("a GSM-7 name keeps GSM-7: é is in the GSM-7 set, so José stays one septet per letter", () => {
    const jose = renderTemplate(t, { firstName: "José" }).text;
    expect(jose).toBe("Hi José, your advising appointment is tomorrow.");
    expect(countSmsSegments(jose)).toMatchObject({ encoding: "GSM-7", characters: 47, units: 47, segments: 1 });
  });

  it("Zoë is UCS-2 (ë is not in GSM-7), so the whole text switches to 70/67 per segment", () => {
    const zoe = renderTemplate(t, { firstName: "Zoë" }).text;
    expect(zoe.length).toBe(46);
    expect(countSmsSegments(zoe)).toMatchObject({ encoding: "UCS-2", characters: 46, units: 46, segments: 1 });
  });

  it("the same template is one segment for Sam and two for Zoë when it is long", () => {
    const long = compile(`Hi {{firstName}}, ${"a".repeat(60)}`);
    const forSam = renderTemplate(long, { firstName: "Sam" }).text;
    const forZoe = renderTemplate(long, { firstName: "Zoë" }).text;
    expect(countSmsSegments(forSam)).toMatchObject({ encoding: "GSM-7", characters: 68, segments: 1 });
    expect(countSmsSegments(forZoe)).toMatchObject({ encoding: "UCS-2", characters: 68, segments: 1 });
    const longer = compile(`Hi {{firstName}}, ${"a".repeat(70)}`);
    expect(countSmsSegments(renderTemplate(longer, { firstName: "Sam" }).text)).toMatchObject({ encoding: "GSM-7", characters: 78, segments: 1 });
    expect(countSmsSegments(renderTemplate(longer, { firstName: "Zoë" }).text)).toMatchObject({ encoding: "UCS-2", characters: 78, units: 78, segments: 2, perSegment: 67 });
  });

  it("a name with an emoji counts its UTF-16 code units", () => {
    const text = renderTemplate(compile("{{firstName}}"), { firstName: "Ana 🌟" }).text;
    expect(countSmsSegments(text)).toMatchObject({ encoding: "UCS-2", characters: 6, units: 6, segments: 1 });
  });
});

describe("addFallbacks (the composer's one-click fix)", () => {
  it("gives the listed fields without a fallback the fallback, leaving the rest", () => {
    expect(addFallbacks("Hi {{ preferredName }} {{firstName}} {{preferredName|x}} {{lastName}}", { preferredName: "there", lastName: "student" })).toBe(
      "Hi {{preferredName|there}} {{firstName}} {{preferredName|x}} {{lastName|student}}",
    );
  });

  it("leaves unknown placeholders alone", () => {
    expect(addFallbacks("{{nope}}", { firstName: "there" })).toBe("{{nope}}");
  });
});

describe("highlightPlaceholders", () => {
  it("cuts a body into text and placeholders, naming the field or null for a refused one, and joins back to the body", () => {
    const body = "Hi {{ FirstName | there }}, {{firstNme}} and {{lastName|}} from {{institutionName}}";
    const pieces = highlightPlaceholders(body);
    expect(pieces).toEqual([
      { text: "Hi ", placeholder: false, field: null },
      { text: "{{ FirstName | there }}", placeholder: true, field: "firstName" },
      { text: ", ", placeholder: false, field: null },
      { text: "{{firstNme}}", placeholder: true, field: null },
      { text: " and ", placeholder: false, field: null },
      { text: "{{lastName|}}", placeholder: true, field: null },
      { text: " from ", placeholder: false, field: null },
      { text: "{{institutionName}}", placeholder: true, field: "institutionName" },
    ]);
    expect(pieces.map((p) => p.text).join("")).toBe(body);
    expect(highlightPlaceholders("no fields")).toEqual([{ text: "no fields", placeholder: false, field: null }]);
    expect(highlightPlaceholders("")).toEqual([]);
  });
});
