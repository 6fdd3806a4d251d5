import { describe, expect, it } from "vitest";
import type { CandidatePhone, RecipientPhoneSettings } from "./choose-recipient-phone";
import {
  applyGrants,
  planDelivery,
  type DeliveryRecipient,
  type DeliverySender,
  type PlannedDelivery,
} from "./decide-delivery";

const CELL = "type-cell";
const HOME = "type-home";
const day = (d: number) => new Date(Date.UTC(2026, 1, d));

const settings: RecipientPhoneSettings = { defaultPhoneTypeId: CELL, studentDefaultStatus: "OPTED_IN", staffDefaultStatus: "OPTED_OUT" };

const permitted: DeliverySender = { capabilities: { permittedSender: true, student: false }, hasSystemNumber: true };
const newSender: DeliverySender = { ...permitted, hasSystemNumber: false };
const notPermitted: DeliverySender = { capabilities: { permittedSender: false, student: false }, hasSystemNumber: false };
const student: DeliverySender = { capabilities: { permittedSender: false, student: true }, hasSystemNumber: false };
const inconsistentStudent: DeliverySender = { capabilities: { permittedSender: true, student: true }, hasSystemNumber: true };

function phone(id: string, number: string, o: Partial<CandidatePhone> = {}): CandidatePhone {
  return {
    id,
    number,
    smsStatus: "SMS_ENABLED",
    verifiedAt: null,
    phoneTypeId: CELL,
    phoneTypeSrcSystemId: "CELL",
    deleted: false,
    createdAt: day(1),
    ...o,
  };
}

function recipient(id: string, o: Partial<DeliveryRecipient> = {}): DeliveryRecipient {
  return { id, audience: "STUDENT", phones: [], primaryEmail: `${id}@example.edu`, ...o };
}

const texter = (id: string, email: string | null = `${id}@example.edu`) =>
  recipient(id, { phones: [phone(`${id}-ph`, `+1555${id.padStart(7, "0")}`)], primaryEmail: email });

const plan = (o: Partial<Parameters<typeof planDelivery>[0]> = {}) =>
  planDelivery({ sender: permitted, body: "Hello", smsMaxLength: 10, recipients: [texter("1")], settings, ...o });

describe("planDelivery: refusals (SPEC §4.1, §4.2)", () => {
  it.each([
    ["staff not in Permitted Roles", { sender: notPermitted }, "SENDER_NOT_PERMITTED"],
    ["a student", { sender: student }, "SENDER_NOT_PERMITTED"],
    ["a student even if marked permitted", { sender: inconsistentStudent }, "SENDER_NOT_PERMITTED"],
    ["not permitted wins over an empty body", { sender: notPermitted, body: "" }, "SENDER_NOT_PERMITTED"],
    ["not permitted wins over a long body", { sender: notPermitted, body: "x".repeat(11) }, "SENDER_NOT_PERMITTED"],
    ["empty body", { body: "" }, "EMPTY_BODY"],
    ["whitespace body", { body: " \n\t\u00a0 " }, "EMPTY_BODY"],
    ["whitespace body longer than the limit", { body: " ".repeat(11) }, "EMPTY_BODY"],
    ["one over the limit", { body: "x".repeat(11) }, "BODY_TOO_LONG"],
    ["an emoji counts two", { body: "x".repeat(9) + "😀" }, "BODY_TOO_LONG"],
  ] as const)("%s → %s", (_name, overrides, code) => {
    const result = plan({ ...overrides, recipients: [texter("1"), recipient("2")] });
    expect(result).toEqual({
      kind: "REFUSED",
      reasonCode: code,
      decisions: [
        { recipientId: "1", outcome: "REFUSED", channel: null, reasonCode: code },
        { recipientId: "2", outcome: "REFUSED", channel: null, reasonCode: code },
      ],
    });
  });

  it.each([
    ["exactly the limit", "x".repeat(10)],
    ["limit with an emoji", "x".repeat(8) + "😀"],
    ["one character", "x"],
    ["surrounding whitespace counts but is not empty", "  hi  "],
  ])("%s is accepted", (_name, body) => {
    expect(plan({ body }).kind).toBe("PLANNED");
  });
});

describe("planDelivery: per-recipient intents (SPEC §4.5, §4.6)", () => {
  it.each([
    [
      "enabled phone → SMS intent",
      texter("1"),
      { recipientId: "1", outcome: "SMS", channel: "SMS", phoneId: "1-ph", toAddress: "+15550000001", why: "SMS_ENABLED", fallbackEmail: "1@example.edu" },
    ],
    [
      "enabled phone, no email → SMS intent with no fallback",
      texter("1", null),
      { recipientId: "1", outcome: "SMS", channel: "SMS", phoneId: "1-ph", toAddress: "+15550000001", why: "SMS_ENABLED", fallbackEmail: null },
    ],
    [
      "student on the default type with students opted in",
      recipient("2", { phones: [phone("p", "+15550000002", { smsStatus: "SMS_DEFAULT" })] }),
      { recipientId: "2", outcome: "SMS", channel: "SMS", phoneId: "p", toAddress: "+15550000002", why: "SMS_DEFAULT_DEFAULT_TYPE", fallbackEmail: "2@example.edu" },
    ],
    [
      "staff on the default type with staff opted out → email",
      recipient("3", { audience: "STAFF", phones: [phone("p", "+15550000003", { smsStatus: "SMS_DEFAULT" })] }),
      { recipientId: "3", outcome: "EMAIL", channel: "EMAIL", toAddress: "3@example.edu", reasonCode: "NO_SMS_NUMBER", fallbackReason: "NO_SMS_NUMBER" },
    ],
    [
      "default status on a non-default type → email",
      recipient("4", { phones: [phone("p", "+15550000004", { smsStatus: "SMS_DEFAULT", phoneTypeId: HOME })] }),
      { recipientId: "4", outcome: "EMAIL", channel: "EMAIL", toAddress: "4@example.edu", reasonCode: "NO_SMS_NUMBER", fallbackReason: "NO_SMS_NUMBER" },
    ],
    [
      "only a disabled phone → email",
      recipient("5", { phones: [phone("p", "+15550000005", { smsStatus: "SMS_DISABLED" })] }),
      { recipientId: "5", outcome: "EMAIL", channel: "EMAIL", toAddress: "5@example.edu", reasonCode: "NO_SMS_NUMBER", fallbackReason: "NO_SMS_NUMBER" },
    ],
    [
      "no phone, no email → undeliverable",
      recipient("6", { primaryEmail: null }),
      { recipientId: "6", outcome: "UNDELIVERABLE", channel: null, reasonCode: "UNDELIVERABLE", fallbackReason: "NO_SMS_NUMBER" },
    ],
    [
      "no phone, blank email → undeliverable",
      recipient("7", { primaryEmail: "  " }),
      { recipientId: "7", outcome: "UNDELIVERABLE", channel: null, reasonCode: "UNDELIVERABLE", fallbackReason: "NO_SMS_NUMBER" },
    ],
  ] as const)("%s", (_name, r, expected) => {
    const result = plan({ recipients: [r] }) as PlannedDelivery;
    expect(result.decisions).toEqual([expected]);
  });

  it("counts SMS intents and asks for a number only when one is needed", () => {
    const recipients = [texter("1"), recipient("2"), texter("3")];
    expect(plan({ recipients })).toMatchObject({ kind: "PLANNED", smsIntents: 2, needsSystemNumber: false });
    expect(plan({ recipients, sender: newSender })).toMatchObject({ smsIntents: 2, needsSystemNumber: true });
    expect(plan({ recipients: [recipient("2")], sender: newSender })).toMatchObject({ smsIntents: 0, needsSystemNumber: false });
    expect(plan({ recipients: [] })).toEqual({ kind: "PLANNED", decisions: [], smsIntents: 0, needsSystemNumber: false });
  });

  it("makes one decision per recipient id, in order, first occurrence kept", () => {
    const result = plan({ recipients: [texter("1"), recipient("2"), texter("1"), recipient("2", { primaryEmail: null })] });
    expect(result.decisions.map((d) => [d.recipientId, d.outcome])).toEqual([
      ["1", "SMS"],
      ["2", "EMAIL"],
    ]);
  });

  it("texts the same number whatever the order of the phone records (all 120 orders)", () => {
    const phones = [
      phone("a", "+15550000011", { verifiedAt: day(3), createdAt: day(2) }),
      phone("b", "+15550000012", { verifiedAt: day(3), createdAt: day(1) }),
      phone("c", "+15550000013", { verifiedAt: day(3), createdAt: day(1) }),
      phone("d", "+15550000014"),
      phone("e", "+15550000015", { smsStatus: "SMS_DEFAULT", verifiedAt: day(9) }),
    ];
    const numbers = new Set(
      permutations(phones).map((order) => {
        const d = plan({ recipients: [recipient("1", { phones: order })] }).decisions[0];
        return d.outcome === "SMS" ? d.toAddress : d.outcome;
      }),
    );
    expect([...numbers]).toEqual(["+15550000012"]);
  });
});

describe("applyGrants (SPEC §4.3, §4.4, §4.6)", () => {
  // 1: SMS with email, 2: SMS without email, 3: email (no number), 4: SMS with email, 5: undeliverable.
  const planned = plan({
    sender: newSender,
    recipients: [texter("1"), texter("2", null), recipient("3"), texter("4"), recipient("5", { primaryEmail: null })],
  }) as PlannedDelivery;

  const sms = (id: string) => ({ recipientId: id, outcome: "SMS" });
  const email = (id: string, reason: string) => ({ recipientId: id, outcome: "EMAIL", toAddress: `${id}@example.edu`, reasonCode: reason, fallbackReason: reason });
  const nowhere = (id: string, reason: string) => ({ recipientId: id, outcome: "UNDELIVERABLE", channel: null, reasonCode: "UNDELIVERABLE", fallbackReason: reason });
  const noNumber = email("3", "NO_SMS_NUMBER");
  const undeliverable = nowhere("5", "NO_SMS_NUMBER");

  it.each([
    ["all granted", true, 3, [sms("1"), sms("2"), noNumber, sms("4"), undeliverable]],
    ["two of three granted", true, 2, [sms("1"), sms("2"), noNumber, email("4", "SMS_MONTHLY_LIMIT_REACHED"), undeliverable]],
    [
      "one of three granted",
      true,
      1,
      [sms("1"), nowhere("2", "SMS_MONTHLY_LIMIT_REACHED"), noNumber, email("4", "SMS_MONTHLY_LIMIT_REACHED"), undeliverable],
    ],
    [
      "monthly limit reached",
      true,
      0,
      [email("1", "SMS_MONTHLY_LIMIT_REACHED"), nowhere("2", "SMS_MONTHLY_LIMIT_REACHED"), noNumber, email("4", "SMS_MONTHLY_LIMIT_REACHED"), undeliverable],
    ],
    [
      "no system number",
      false,
      0,
      [
        email("1", "SMS_PHONE_NUMBER_LIMIT_REACHED"),
        nowhere("2", "SMS_PHONE_NUMBER_LIMIT_REACHED"),
        noNumber,
        email("4", "SMS_PHONE_NUMBER_LIMIT_REACHED"),
        undeliverable,
      ],
    ],
  ] as const)("%s", (_name, numberGranted, smsGrantedCount, expected) => {
    const decisions = applyGrants(planned, { numberGranted, smsGrantedCount });
    expect(decisions).toHaveLength(expected.length);
    decisions.forEach((d, i) => expect(d).toMatchObject(expected[i]));
  });

  it("keeps an SMS decision exactly as planned", () => {
    const [first] = applyGrants(planned, { numberGranted: true, smsGrantedCount: 3 });
    expect(first).toEqual({
      recipientId: "1",
      outcome: "SMS",
      channel: "SMS",
      phoneId: "1-ph",
      toAddress: "+15550000001",
      why: "SMS_ENABLED",
      fallbackEmail: "1@example.edu",
    });
    expect(applyGrants(planned, { numberGranted: false, smsGrantedCount: 0 })[0]).toEqual({
      recipientId: "1",
      outcome: "EMAIL",
      channel: "EMAIL",
      toAddress: "1@example.edu",
      reasonCode: "SMS_PHONE_NUMBER_LIMIT_REACHED",
      fallbackReason: "SMS_PHONE_NUMBER_LIMIT_REACHED",
    });
  });

  it("needs no grant when nobody is texted", () => {
    const emailOnly = plan({ recipients: [recipient("3")] }) as PlannedDelivery;
    expect(applyGrants(emailOnly, { numberGranted: false, smsGrantedCount: 0 })).toEqual(emailOnly.decisions);
  });

  it.each([
    ["more granted than asked", true, 4],
    ["negative count", true, -1],
    ["fractional count", true, 1.5],
    ["monthly texts without a number", false, 1],
  ])("rejects a wiring error: %s", (_name, numberGranted, smsGrantedCount) => {
    expect(() => applyGrants(planned, { numberGranted, smsGrantedCount })).toThrow(RangeError);
  });
});

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}
