import { describe, expect, it } from "vitest";
import { countSmsSegments } from "@/lib/messaging/send/segments";
import { describeMissingFields, personalizeSend, withFooter, type MergeRecipient } from "./personalize";
import { parseTemplate, renderTemplate, SUGGESTED_FALLBACKS } from "./render";

const compile = (body: string) => parseTemplate(body).template!;
const facts = { senderName: "Dana Whitfield", institutionName: "Northfield State University" };
const person = (id: string, p: Partial<MergeRecipient>): MergeRecipient => ({ id, name: `Person ${id}`, primaryEmail: null, ...p });

const people: MergeRecipient[] = [
  person("sam", { firstName: "Sam", lastName: "Lee", preferredName: "Sammy", contacted: true }),
  person("zoe", { firstName: "Zoë", lastName: "Martin", contacted: false }),
  person("jose", { firstName: "José", lastName: "Ramírez", preferredName: "Pepe", contacted: false }),
  person("euro", { firstName: "€uro{}", lastName: "[x]", contacted: true }),
  person("emoji", { firstName: "Ana 🌟", lastName: "Diaz", contacted: false }),
  person("blank", { firstName: "  ", lastName: "", primaryEmail: "b@x.edu", contacted: true }),
];

const bodies = [
  "Hi {{firstName|there}}!",
  "Hi {{preferredName|friend}} {{lastName|student}}, {{senderFirstName}} at {{institutionName}}.",
  `{{firstName|you}}: ${"a".repeat(150)}`,
  `{{firstName|you}} ${"€".repeat(76)}`,
  `{{lastName|x}} ${"ж".repeat(66)}`,
  "No fields at all.",
  `${"b".repeat(159)}`,
];

describe("personalizeSend", () => {
  it.each(bodies)("renders exactly as renderTemplate and counts segments exactly as countSmsSegments: %s", (body) => {
    const template = compile(body);
    for (const footer of [null, "Reply STOP to opt out", "Répondez STOP"]) {
      const p = personalizeSend({ template, recipients: people, facts, footer });
      people.forEach((r, i) => {
        const expected = renderTemplate(template, {
          firstName: r.firstName,
          lastName: r.lastName,
          preferredName: r.preferredName,
          email: r.primaryEmail,
          senderName: facts.senderName,
          senderFirstName: "Dana",
          institutionName: facts.institutionName,
        }).text;
        expect(p.textOf(i, false)).toBe(expected);
        expect(p.segmentsOf(i, false)).toBe(countSmsSegments(expected).segments);
        if (footer) {
          expect(p.textOf(i, true)).toBe(withFooter(expected, footer));
          expect(p.segmentsOf(i, true)).toBe(countSmsSegments(withFooter(expected, footer)).segments);
        }
      });
    }
  });

  it("names the recipients whose field is empty without a fallback, and the longest text includes the footer for the never-texted", () => {
    const p = personalizeSend({ template: compile("Hi {{preferredName}}"), recipients: people, facts, footer: "Reply STOP to opt out" });
    expect(p.missing).toEqual([
      { recipientId: "zoe", name: "Person zoe", fields: ["preferredName"] },
      { recipientId: "euro", name: "Person euro", fields: ["preferredName"] },
      { recipientId: "emoji", name: "Person emoji", fields: ["preferredName"] },
      { recipientId: "blank", name: "Person blank", fields: ["preferredName"] },
    ]);
    // Pepe (never texted) gets the footer: "Hi Pepe\nReply STOP to opt out" is the longest.
    expect(p.longest).toBe("Hi Pepe\nReply STOP to opt out");
    expect(p.bodies).toEqual(["Hi Sammy", "Hi ", "Hi Pepe", "Hi ", "Hi ", "Hi "]);
  });

  it("a body without fields is not copied per recipient", () => {
    const p = personalizeSend({ template: compile("Office hours moved."), recipients: people, facts, footer: null });
    expect(p.bodies).toBeNull();
    expect(p.missing).toEqual([]);
    expect(p.textOf(3)).toBe("Office hours moved.");
    expect(p.longest).toBe("Office hours moved.");
  });

  it("no recipients: nothing is longest", () => {
    expect(personalizeSend({ template: compile("Hi {{firstName}}"), recipients: [], facts, footer: null }).longest).toBe("");
  });
});

describe("describeMissingFields", () => {
  const missing = Array.from({ length: 12 }, (_, i) => ({ recipientId: `r${i}`, name: `Name ${i}`, fields: i % 2 ? (["state", "preferredName"] as const).slice() : (["preferredName"] as const).slice() }));
  it("names the fields, at most ten recipients and how many more, and the fix", () => {
    expect(describeMissingFields(missing, (f) => SUGGESTED_FALLBACKS[f])).toBe(
      "{{preferredName}}, {{state}} would be empty, with no fallback, for 12 recipients: Name 0, Name 1, Name 2, Name 3, Name 4, Name 5, Name 6, Name 7, Name 8, Name 9 and 2 more. " +
        "Give each a fallback, e.g. {{preferredName|there}}, {{state|your state}}.",
    );
  });
});
