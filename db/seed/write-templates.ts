import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { messageTemplateChanges, messageTemplates } from "@/db/schema";
import type { EnsuredInstitution } from "./institution";
import type { SeededPeople } from "./write-people";
import type { InstitutionPlan } from "./plan";

/**
 * The plan's templates (SPEC §10): shared ones created by the administrator, saved replies by
 * their owner. A template of that name and owner that exists (live) is left alone, so a second
 * run adds nothing; each one inserted now gets its CREATED change.
 */
export async function writeTemplates(db: DbOrTx, inst: EnsuredInstitution, plan: InstitutionPlan, people: SeededPeople, opts: { now: Date }) {
  const administratorId = people.userIds.get(plan.administratorEmail)!;
  for (const t of plan.templates ?? []) {
    const ownerUserId = t.ownerEmail ? people.userIds.get(t.ownerEmail)! : null;
    const [exists] = await db
      .select({ id: messageTemplates.id })
      .from(messageTemplates)
      .where(
        and(
          eq(messageTemplates.institutionId, inst.id),
          ownerUserId ? eq(messageTemplates.ownerUserId, ownerUserId) : isNull(messageTemplates.ownerUserId),
          sql`lower(${messageTemplates.name}) = lower(${t.name})`,
          isNull(messageTemplates.deletedAt),
        ),
      );
    if (exists) continue;
    const by = ownerUserId ?? administratorId;
    const [created] = await db
      .insert(messageTemplates)
      .values({
        institutionId: inst.id,
        ownerUserId,
        name: t.name,
        body: t.body,
        category: t.category ?? null,
        createdByUserId: by,
        updatedByUserId: by,
        createdAt: opts.now,
        updatedAt: opts.now,
      })
      .returning({ id: messageTemplates.id });
    await db.insert(messageTemplateChanges).values({
      institutionId: inst.id,
      templateId: created.id,
      change: "CREATED",
      newValue: { name: t.name, body: t.body, category: t.category ?? null },
      changedByUserId: by,
      changedAt: opts.now,
    });
  }
}
