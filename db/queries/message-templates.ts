import { and, asc, desc, eq, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { messageTemplateChanges, messageTemplates, users } from "@/db/schema";

/*
 * Message templates (SPEC §10, issue 17): shared (owner null) and personal. Every query names the
 * institution in its where; a deleted template is kept (messages name it) but listed nowhere.
 */

const templateColumns = {
  id: messageTemplates.id,
  ownerUserId: messageTemplates.ownerUserId,
  name: messageTemplates.name,
  body: messageTemplates.body,
  category: messageTemplates.category,
  updatedAt: messageTemplates.updatedAt,
};

export type TemplateRow = { id: string; ownerUserId: string | null; name: string; body: string; category: string | null; updatedAt: Date };

/** One live template of the institution, or null. */
export async function findTemplate(db: DbOrTx, p: { institutionId: string; templateId: string; forUpdate?: boolean }): Promise<TemplateRow | null> {
  const query = db
    .select(templateColumns)
    .from(messageTemplates)
    .where(and(eq(messageTemplates.institutionId, p.institutionId), eq(messageTemplates.id, p.templateId), isNull(messageTemplates.deletedAt)));
  const [row] = await (p.forUpdate ? query.for("update") : query);
  return row ?? null;
}

/**
 * The live templates a user may use — the institution's shared ones and their own — by scope
 * (`shared`, `personal` or both), optionally those whose name, body or category holds `q`
 * (case-insensitive), shared first, then by category and name.
 */
export function listTemplates(db: DbOrTx, p: { institutionId: string; userId: string; scope: "all" | "shared" | "personal"; q?: string; limit: number }) {
  const mine = eq(messageTemplates.ownerUserId, p.userId);
  const shared = isNull(messageTemplates.ownerUserId);
  const owner = p.scope === "shared" ? shared : p.scope === "personal" ? mine : or(shared, mine);
  const like = p.q ? `%${p.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return db
    .select({ ...templateColumns, updatedByName: users.displayName })
    .from(messageTemplates)
    .leftJoin(users, eq(users.id, messageTemplates.updatedByUserId))
    .where(
      and(
        eq(messageTemplates.institutionId, p.institutionId),
        isNull(messageTemplates.deletedAt),
        owner,
        like
          ? sql`(${messageTemplates.name} ilike ${like} or ${messageTemplates.body} ilike ${like} or coalesce(${messageTemplates.category}, '') ilike ${like})`
          : undefined,
      ),
    )
    .orderBy(sql`${messageTemplates.ownerUserId} is not null`, asc(sql`lower(coalesce(${messageTemplates.category}, ''))`), asc(sql`lower(${messageTemplates.name})`), asc(messageTemplates.id))
    .limit(p.limit);
}

export async function insertTemplate(
  db: DbOrTx,
  p: { institutionId: string; ownerUserId: string | null; name: string; body: string; category: string | null; userId: string; now: Date },
): Promise<TemplateRow> {
  const [row] = await db
    .insert(messageTemplates)
    .values({
      institutionId: p.institutionId,
      ownerUserId: p.ownerUserId,
      name: p.name,
      body: p.body,
      category: p.category,
      createdByUserId: p.userId,
      updatedByUserId: p.userId,
      createdAt: p.now,
      updatedAt: p.now,
    })
    .returning(templateColumns);
  return row;
}

export async function updateTemplate(
  db: DbOrTx,
  p: { institutionId: string; templateId: string; set: { name?: string; body?: string; category?: string | null }; userId: string; now: Date },
): Promise<TemplateRow> {
  const [row] = await db
    .update(messageTemplates)
    .set({ ...p.set, updatedByUserId: p.userId, updatedAt: p.now })
    .where(and(eq(messageTemplates.institutionId, p.institutionId), eq(messageTemplates.id, p.templateId)))
    .returning(templateColumns);
  return row;
}

export async function markTemplateDeleted(db: DbOrTx, p: { institutionId: string; templateId: string; userId: string; now: Date }) {
  await db
    .update(messageTemplates)
    .set({ deletedAt: p.now, updatedByUserId: p.userId, updatedAt: p.now })
    .where(and(eq(messageTemplates.institutionId, p.institutionId), eq(messageTemplates.id, p.templateId)));
}

export type TemplateChange = { change: "CREATED" | "UPDATED" | "DELETED"; field: string | null; oldValue: unknown; newValue: unknown };

export async function insertTemplateChanges(
  db: DbOrTx,
  p: { institutionId: string; templateId: string; userId: string; now: Date; changes: readonly TemplateChange[] },
) {
  if (p.changes.length === 0) return;
  await db.insert(messageTemplateChanges).values(
    p.changes.map((c) => ({
      institutionId: p.institutionId,
      templateId: p.templateId,
      change: c.change,
      field: c.field,
      oldValue: c.oldValue ?? null,
      newValue: c.newValue ?? null,
      changedByUserId: p.userId,
      changedAt: p.now,
    })),
  );
}

/**
 * The latest changes of the institution's shared templates (or of one user's personal ones),
 * newest first, with the template's name and who changed it.
 */
export function listTemplateChanges(db: DbOrTx, p: { institutionId: string; ownerUserId: string | null; limit: number }) {
  return db
    .select({
      id: messageTemplateChanges.id,
      templateId: messageTemplateChanges.templateId,
      templateName: messageTemplates.name,
      change: messageTemplateChanges.change,
      field: messageTemplateChanges.field,
      oldValue: messageTemplateChanges.oldValue,
      newValue: messageTemplateChanges.newValue,
      changedAt: messageTemplateChanges.changedAt,
      changedByName: users.displayName,
    })
    .from(messageTemplateChanges)
    .innerJoin(
      messageTemplates,
      and(eq(messageTemplates.id, messageTemplateChanges.templateId), eq(messageTemplates.institutionId, messageTemplateChanges.institutionId)),
    )
    .leftJoin(users, eq(users.id, messageTemplateChanges.changedByUserId))
    .where(
      and(
        eq(messageTemplateChanges.institutionId, p.institutionId),
        p.ownerUserId === null ? isNull(messageTemplates.ownerUserId) : eq(messageTemplates.ownerUserId, p.ownerUserId),
      ),
    )
    .orderBy(desc(messageTemplateChanges.changedAt), desc(messageTemplateChanges.id))
    .limit(p.limit);
}

/** Names of templates by id (deleted ones too: messages keep naming them), of one institution. */
export async function templateNames(db: DbOrTx, p: { institutionId: string; ids: readonly string[] }): Promise<Map<string, string>> {
  if (p.ids.length === 0) return new Map();
  const rows = await db.execute<{ id: string; name: string }>(sql`
    select id, name from message_templates where institution_id = ${p.institutionId} and id = any(${`{${p.ids.join(",")}}`}::uuid[])`);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * The templates messages of the institution may name, deleted ones too, for the Message
 * Report's filter: every one (administrators), or the shared ones and the user's own.
 */
export async function listTemplateOptions(db: DbOrTx, p: { institutionId: string; userId: string | null }) {
  return db
    .select({ id: messageTemplates.id, name: messageTemplates.name, deleted: sql<boolean>`${messageTemplates.deletedAt} is not null` })
    .from(messageTemplates)
    .where(
      and(
        eq(messageTemplates.institutionId, p.institutionId),
        p.userId === null ? undefined : or(isNull(messageTemplates.ownerUserId), eq(messageTemplates.ownerUserId, p.userId)),
      ),
    )
    .orderBy(sql`${messageTemplates.deletedAt} is not null`, asc(sql`lower(${messageTemplates.name})`), asc(messageTemplates.id));
}
