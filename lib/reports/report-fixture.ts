import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { recordMessageEvents } from "@/db/queries/messages";
import { createInstitution, createPerson, createUser, type FactoryInstitution, type FactoryPerson } from "@/db/factories";
import { messages, type NewMessage } from "@/db/schema";
import type { Actor } from "@/lib/auth/capabilities";

/**
 * A small institution for the Message Report's tests: an administrator, two advisors (Ann with
 * a system number, Bob), two students with a Cell and an email, and a neighbour institution.
 * Tests add messages with `addMessage`.
 */
export type ReportFixture = Awaited<ReturnType<typeof createReportFixture>>;

export async function actorOf(person: FactoryPerson): Promise<Actor> {
  const user = await createUser(getDb(), person);
  return (await loadActor(getDb(), user.id))!;
}

export async function createReportFixture() {
  const db = getDb();
  const inst = await createInstitution(db, { timeZone: "America/Chicago" });
  const other = await createInstitution(db);
  const admin = await createPerson(db, inst, { kind: "staff", roles: ["ADMIN"], firstName: "Ada" });
  const ann = await createPerson(db, inst, { kind: "staff", firstName: "Annabel", lastName: "Advisor" });
  const bob = await createPerson(db, inst, { kind: "staff", firstName: "Bob", lastName: "Bursar" });
  const sam = await createPerson(db, inst, { firstName: "Sam", lastName: "Student", phones: [{ smsStatus: "SMS_ENABLED" }] });
  const tia = await createPerson(db, inst, { firstName: "Tia", lastName: "Student", phones: [{}] });
  const stranger = await createPerson(db, other, { firstName: "Sam", lastName: "Elsewhere" });
  const annNumber = "+13125550111";
  return {
    inst,
    other,
    people: { admin, ann, bob, sam, tia, stranger },
    annNumber,
    actors: { admin: await actorOf(admin), ann: await actorOf(ann), bob: await actorOf(bob), sam: await actorOf(sam) },
  };
}

/** Stores one message (defaults: an outbound delivered text) and returns its id. */
export async function addMessage(inst: Pick<FactoryInstitution, "id">, values: Partial<NewMessage> & { createdAt: Date }): Promise<number> {
  const [row] = await getDb()
    .insert(messages)
    .values({ institutionId: inst.id, channel: "SMS", direction: "OUTBOUND", status: "delivered", body: "Hello", ...values })
    .returning({ id: messages.id });
  return row.id;
}

/** A text from `from` to `to`, with its status history (pending → queued → status). */
export async function addText(
  inst: Pick<FactoryInstitution, "id">,
  from: FactoryPerson,
  to: FactoryPerson,
  values: Partial<NewMessage> & { createdAt: Date },
): Promise<number> {
  const id = await addMessage(inst, {
    fromPersonId: from.id,
    toPersonId: to.id,
    fromAddress: "+13125550111",
    toAddress: to.phones[0]?.number ?? null,
    ...values,
  });
  const at = values.createdAt.getTime();
  await recordMessageEvents(getDb(), [
    { institutionId: inst.id, messageId: id, status: "pending", source: "APP", occurredAt: new Date(at) },
    { institutionId: inst.id, messageId: id, status: "queued", source: "TWILIO", occurredAt: new Date(at + 1000) },
    { institutionId: inst.id, messageId: id, status: (values.status ?? "delivered") as "delivered", source: "TWILIO", occurredAt: new Date(at + 5000) },
  ]);
  return id;
}
