import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, type FactoryInstitution } from "@/db/factories";
import { conversations, messages } from "@/db/schema";
import { countUnreadConversations, listConversationsPage, type ConversationSearch } from "@/db/queries/conversations";
import { toConversationSearch } from "./list-conversations";

/*
 * The inbox (issue 15 item 11): search by name, number or message text, the unread filter, and
 * the unread count of the navigation's badge, against real PostgreSQL with exact rows.
 */

const db = () => getDb();
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 15, minute));

async function world() {
  const inst = await createInstitution(db());
  const [number] = await createSystemNumbers(db(), inst, 1);
  const owner = await createPerson(db(), inst, { kind: "staff", firstName: "Alex", lastName: "Owner" });
  const other = await createPerson(db(), inst, { kind: "staff", firstName: "Sam", lastName: "Colleague" });
  const maya = await createPerson(db(), inst, { firstName: "Maya", lastName: "Patel", phones: [{ number: "+17735550123" }] });
  const omar = await createPerson(db(), inst, { firstName: "Omar", lastName: "Haddad" });
  const lena = await createPerson(db(), inst, { firstName: "Lena", lastName: "Okafor" });

  /** A conversation of `ownerId` with `counterpartId`, its messages a minute apart, read up to `readThrough` (a minute), or never. */
  async function conversation(
    ownerId: string,
    counterpartId: string,
    counterpartNumber: string | null,
    texts: { direction: "INBOUND" | "OUTBOUND"; body: string; minute: number }[],
    readThrough: number | null,
  ) {
    const [c] = await db()
      .insert(conversations)
      .values({
        institutionId: inst.id,
        ownerPersonId: ownerId,
        counterpartPersonId: counterpartId,
        counterpartNumber,
        systemNumberId: number.id,
        ownerLastReadAt: readThrough === null ? null : at(readThrough),
      })
      .returning({ id: conversations.id });
    await db()
      .insert(messages)
      .values(
        texts.map((t) => ({
          institutionId: inst.id,
          conversationId: c.id,
          channel: "SMS",
          direction: t.direction,
          status: t.direction === "INBOUND" ? "received" : "delivered",
          fromPersonId: t.direction === "INBOUND" ? counterpartId : ownerId,
          toPersonId: t.direction === "INBOUND" ? ownerId : counterpartId,
          body: t.body,
          createdAt: at(t.minute),
        })),
      );
    return c.id;
  }

  // Maya replied after Alex last read; Omar's reply was read; Lena never replied; Sam's conversation with Maya is Sam's.
  const withMaya = await conversation(owner.id, maya.id, "+17735550123", [
    { direction: "OUTBOUND", body: "Your FAFSA form is missing a signature.", minute: 1 },
    { direction: "INBOUND", body: "Thanks, I will sign it today", minute: 2 },
  ], 1);
  const withOmar = await conversation(owner.id, omar.id, "+13125550199", [
    { direction: "OUTBOUND", body: "Registration opens Monday.", minute: 3 },
    { direction: "INBOUND", body: "Which classes should I take?", minute: 4 },
  ], 4);
  const withLena = await conversation(owner.id, lena.id, null, [{ direction: "OUTBOUND", body: "Welcome to Northfield! Ask me about FAFSA.", minute: 5 }], null);
  const samWithMaya = await conversation(other.id, maya.id, "+17735550123", [{ direction: "INBOUND", body: "FAFSA question for Sam", minute: 6 }], null);
  return { inst, owner, other, withMaya, withOmar, withLena, samWithMaya };
}

async function ids(inst: FactoryInstitution, ownerPersonId: string, filters: { search?: ConversationSearch; unreadOnly?: boolean }) {
  const rows = await listConversationsPage(db(), { institutionId: inst.id, scope: { ownerPersonId }, ...filters, limit: 25 });
  return rows.map((r) => r.id);
}

describe("inbox search and unread filter", () => {
  it("finds conversations by the counterpart's name, latest first, only the owner's", async () => {
    const w = await world();
    expect(await ids(w.inst, w.owner.id, { search: toConversationSearch("maya") })).toEqual([w.withMaya]);
    expect(await ids(w.inst, w.owner.id, { search: toConversationSearch("Patel Maya") })).toEqual([w.withMaya]);
    expect(await ids(w.inst, w.owner.id, { search: toConversationSearch("okafor") })).toEqual([w.withLena]);
    expect(await ids(w.inst, w.owner.id, { search: toConversationSearch("nobody") })).toEqual([]);
  });

  it("finds conversations by number, as typed in any format", async () => {
    const w = await world();
    expect(await ids(w.inst, w.owner.id, { search: toConversationSearch("(773) 555-0123") })).toEqual([w.withMaya]);
    expect(await ids(w.inst, w.owner.id, { search: toConversationSearch("312 555") })).toEqual([w.withOmar]);
  });

  it("finds conversations by the text of any of their messages, case-insensitively", async () => {
    const w = await world();
    expect(await ids(w.inst, w.owner.id, { search: toConversationSearch("fafsa") })).toEqual([w.withLena, w.withMaya]);
    expect(await ids(w.inst, w.owner.id, { search: toConversationSearch("which CLASSES") })).toEqual([w.withOmar]);
    expect(await ids(w.inst, w.owner.id, { search: toConversationSearch("100%") })).toEqual([]);
  });

  it("keeps only conversations with replies the owner has not read, and combines with a search", async () => {
    const w = await world();
    expect(await ids(w.inst, w.owner.id, {})).toEqual([w.withLena, w.withOmar, w.withMaya]);
    expect(await ids(w.inst, w.owner.id, { unreadOnly: true })).toEqual([w.withMaya]);
    expect(await ids(w.inst, w.owner.id, { unreadOnly: true, search: toConversationSearch("fafsa") })).toEqual([w.withMaya]);
    expect(await ids(w.inst, w.owner.id, { unreadOnly: true, search: toConversationSearch("registration") })).toEqual([]);
  });

  it("counts the owner's conversations with unread replies for the navigation badge", async () => {
    const w = await world();
    expect(await countUnreadConversations(db(), { institutionId: w.inst.id, ownerPersonId: w.owner.id })).toBe(1);
    expect(await countUnreadConversations(db(), { institutionId: w.inst.id, ownerPersonId: w.other.id })).toBe(1);
    const elsewhere = await createInstitution(db());
    expect(await countUnreadConversations(db(), { institutionId: elsewhere.id, ownerPersonId: w.owner.id })).toBe(0);
  });
});
