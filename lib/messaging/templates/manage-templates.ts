import "server-only";
import {
  findTemplate,
  insertTemplate,
  insertTemplateChanges,
  listTemplateChanges as selectChanges,
  listTemplates as selectTemplates,
  listTemplateOptions,
  markTemplateDeleted,
  updateTemplate as writeTemplate,
  type TemplateChange,
  type TemplateRow,
} from "@/db/queries/message-templates";
import { authorize, can } from "@/lib/auth/policy";
import { AppError, pgErrorCode, PG_UNIQUE_VIOLATION } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { describeTemplateProblems, parseTemplate } from "./render";
import { createTemplateInput, listTemplatesInput, templateIdInput, updateTemplateInput } from "./schemas";

/*
 * Templates and saved replies (SPEC §10, issue 17): shared ones for the institution, managed by
 * its administrators; personal ones, each staff member's own, seen by no one else. A body's merge
 * fields are checked when it is saved: an unknown field is refused, named. Every change is
 * recorded (message_template_changes) in the transaction that makes it.
 */

export type TemplateSummary = TemplateRow & { shared: boolean; canChange: boolean; updatedByName: string | null };

/** The body's merge fields checked: a VALIDATION error on `body` naming each unknown field. */
export function checkTemplateBody(body: string, field = "body") {
  const { problems } = parseTemplate(body);
  if (problems.length > 0) {
    const message = describeTemplateProblems(problems);
    throw new AppError("VALIDATION", `${field}: ${message}`, { [field]: message });
  }
}

function summary(ctx: ServiceContext, row: TemplateRow & { updatedByName?: string | null }): TemplateSummary {
  return {
    ...row,
    updatedByName: row.updatedByName ?? null,
    shared: row.ownerUserId === null,
    canChange: can(ctx.actor, "template.change", { templateOwnerUserId: row.ownerUserId }),
  };
}

function duplicateName(err: unknown): never {
  if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
    throw new AppError("CONFLICT", "name: a template of that name exists already", { name: "A template of that name exists already." });
  }
  throw err;
}

/** A live template the actor may use (shared, or their own), else NOT_FOUND. */
export async function getTemplate({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<TemplateSummary> {
  const { templateId } = parseInput(templateIdInput, input);
  const row = await findTemplate(ctx.db, { institutionId: ctx.actor.institutionId, templateId });
  if (!row) throw new AppError("NOT_FOUND", "No such template.");
  authorize(ctx.actor, "template.read", { templateOwnerUserId: row.ownerUserId });
  return summary(ctx, row);
}

/** The templates the actor may use, shared first; `q` searches name, body and category. */
export async function listTemplates({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<TemplateSummary[]> {
  authorize(ctx.actor, "templates.use");
  const { scope, q } = parseInput(listTemplatesInput, input ?? {});
  const rows = await selectTemplates(ctx.db, { institutionId: ctx.actor.institutionId, userId: ctx.actor.userId, scope, q, limit: 500 });
  return rows.map((r) => summary(ctx, r));
}

export async function createTemplate({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<TemplateSummary> {
  authorize(ctx.actor, "templates.use");
  const data = parseInput(createTemplateInput, input);
  if (data.scope === "shared") authorize(ctx.actor, "templates.manageShared");
  checkTemplateBody(data.body);
  const { actor, now } = ctx;
  const row = await ctx.db
    .transaction(async (tx) => {
      const created = await insertTemplate(tx, {
        institutionId: actor.institutionId,
        ownerUserId: data.scope === "shared" ? null : actor.userId,
        name: data.name,
        body: data.body,
        category: data.category,
        userId: actor.userId,
        now,
      });
      await insertTemplateChanges(tx, {
        institutionId: actor.institutionId,
        templateId: created.id,
        userId: actor.userId,
        now,
        changes: [{ change: "CREATED", field: null, oldValue: null, newValue: { name: data.name, body: data.body, category: data.category } }],
      });
      return created;
    })
    .catch(duplicateName);
  return summary(ctx, { ...row, updatedByName: ctx.actor.displayName });
}

/** A template the actor may change: visible first (404), then a shared one for an administrator, or their own (403). */
async function changeable(ctx: ServiceContext, tx: ServiceContext["db"] | Parameters<Parameters<ServiceContext["db"]["transaction"]>[0]>[0], templateId: string) {
  const row = await findTemplate(tx, { institutionId: ctx.actor.institutionId, templateId, forUpdate: true });
  if (!row) throw new AppError("NOT_FOUND", "No such template.");
  authorize(ctx.actor, "template.read", { templateOwnerUserId: row.ownerUserId });
  authorize(ctx.actor, "template.change", { templateOwnerUserId: row.ownerUserId });
  return row;
}

/** Changes name, body or category; a save that changes nothing records nothing. */
export async function updateTemplate({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<TemplateSummary> {
  const data = parseInput(updateTemplateInput, input);
  if (data.body !== undefined) checkTemplateBody(data.body);
  const { actor, now } = ctx;
  const row = await ctx.db
    .transaction(async (tx) => {
      const before = await changeable(ctx, tx, data.templateId);
      const changes: TemplateChange[] = [];
      const set: { name?: string; body?: string; category?: string | null } = {};
      for (const field of ["name", "body", "category"] as const) {
        const value = data[field];
        if (value === undefined || value === before[field]) continue;
        set[field] = value as never;
        changes.push({ change: "UPDATED", field, oldValue: before[field], newValue: value });
      }
      if (changes.length === 0) return before;
      const after = await writeTemplate(tx, { institutionId: actor.institutionId, templateId: data.templateId, set, userId: actor.userId, now });
      await insertTemplateChanges(tx, { institutionId: actor.institutionId, templateId: data.templateId, userId: actor.userId, now, changes });
      return { ...after, updatedByName: actor.displayName };
    })
    .catch(duplicateName);
  return summary(ctx, row);
}

/** Deletes a template: it is no longer offered; messages sent with it keep naming it. */
export async function deleteTemplate({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<{ templateId: string }> {
  const { templateId } = parseInput(templateIdInput, input);
  const { actor, now } = ctx;
  await ctx.db.transaction(async (tx) => {
    const before = await changeable(ctx, tx, templateId);
    await markTemplateDeleted(tx, { institutionId: actor.institutionId, templateId, userId: actor.userId, now });
    await insertTemplateChanges(tx, {
      institutionId: actor.institutionId,
      templateId,
      userId: actor.userId,
      now,
      changes: [{ change: "DELETED", field: null, oldValue: { name: before.name, body: before.body, category: before.category }, newValue: null }],
    });
  });
  return { templateId };
}

/** The change history: the shared templates' (administrators), or the actor's own templates'. */
export async function listTemplateChanges({ ctx, input }: { ctx: ServiceContext; input: { scope: "shared" | "personal" } }) {
  if (input.scope === "shared") authorize(ctx.actor, "templates.manageShared");
  else authorize(ctx.actor, "templates.use");
  return selectChanges(ctx.db, { institutionId: ctx.actor.institutionId, ownerUserId: input.scope === "shared" ? null : ctx.actor.userId, limit: 50 });
}

/** A template as the REST API answers it (templateSchema). */
export function toTemplateDto(t: TemplateSummary) {
  return {
    id: t.id,
    name: t.name,
    body: t.body,
    category: t.category,
    shared: t.shared,
    canChange: t.canChange,
    updatedAt: t.updatedAt.toISOString(),
    updatedByName: t.updatedByName,
  };
}

/** The Message Report's template filter (SPEC §10): administrators every template of the institution, others the shared ones and their own. */
export async function listReportTemplates({ ctx }: { ctx: ServiceContext }) {
  authorize(ctx.actor, "messageReport.read");
  const all = can(ctx.actor, "messages.readAll");
  return listTemplateOptions(ctx.db, { institutionId: ctx.actor.institutionId, userId: all ? null : ctx.actor.userId });
}
