import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { personPhones, SYSTEM_PHONE_SRC_SUFFIX, systemNumberAssignments, systemNumbers } from "@/db/schema";
import type { EnsuredInstitution } from "./institution";
import type { InstitutionPlan } from "./plan";
import type { SeededPeople } from "./write-people";

const DAY_MS = 86_400_000;

/** A stable, Twilio-shaped `PN…` sid for a simulated number. */
function simulatedSid(number: string) {
  return `PN${createHash("md5").update(number).digest("hex")}`;
}

/**
 * The src_system_id of a System phone record (SPEC §6: ends in `AVISO.SMS`): the holder's
 * src_system_id and the number, so it is unique per holder and number.
 */
function systemPhoneSrcSystemId(personSrcSystemId: string, number: string) {
  return `${personSrcSystemId}.${number.slice(1)}.${SYSTEM_PHONE_SRC_SUFFIX}`;
}

/**
 * Adds the pool of system numbers and, once, the plan's pre-assigned number: the System phone
 * record and the active assignment are created together, only when the phone record is new,
 * so a released assignment is not brought back by seeding again.
 */
export async function writeNumbers(
  db: DbOrTx,
  inst: EnsuredInstitution,
  plan: InstitutionPlan,
  people: SeededPeople,
  opts: { now: Date },
): Promise<Map<string, string>> {
  await db
    .insert(systemNumbers)
    .values(plan.pool.map((number) => ({ institutionId: inst.id, number, providerSid: simulatedSid(number), status: "ACTIVE" })))
    .onConflictDoNothing();
  const rows = await db
    .select({ id: systemNumbers.id, number: systemNumbers.number })
    .from(systemNumbers)
    .where(and(eq(systemNumbers.institutionId, inst.id), inArray(systemNumbers.number, plan.pool)));
  const numberIds = new Map(rows.map((r) => [r.number, r.id]));

  const pre = plan.preassigned;
  if (!pre) return numberIds;
  const holder = plan.persons.find((p) => p.srcSystemId === pre.personSrcSystemId)!;
  const personId = people.personIds.get(holder.srcSystemId)!;
  const assignedAt = new Date(opts.now.getTime() - pre.assignedDaysAgo * DAY_MS);
  const [phone] = await db
    .insert(personPhones)
    .values({
      institutionId: inst.id,
      personId,
      phoneTypeId: inst.phoneTypes.SYSTEM.id,
      phoneTypeSrcSystemId: inst.phoneTypes.SYSTEM.srcSystemId,
      number: pre.number,
      smsStatus: "SMS_DEFAULT",
      srcSystemId: systemPhoneSrcSystemId(holder.srcSystemId, pre.number),
      createdAt: assignedAt,
      updatedAt: assignedAt,
    })
    .onConflictDoNothing()
    .returning({ id: personPhones.id });
  if (phone) {
    await db.insert(systemNumberAssignments).values({
      institutionId: inst.id,
      systemNumberId: numberIds.get(pre.number)!,
      userId: people.userIds.get(holder.userEmail!)!,
      personId,
      personPhoneId: phone.id,
      assignedAt,
    });
  }
  return numberIds;
}
