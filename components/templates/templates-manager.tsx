"use client";

import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { TableFrame } from "@/components/ui/table-frame";
import type { ActionResult } from "@/lib/action";
import { FieldChips } from "./field-chips";
import { TemplateFormDialog, type SaveTemplate, type TemplateDraft } from "./template-form";

export type TemplateRowView = { id: string; name: string; body: string; category: string | null; shared: boolean; canChange: boolean; updatedAt: string; updatedByName: string | null };

export type TemplateActions = {
  create: (input: { scope: "shared" | "personal"; name: string; body: string; category: string | null }) => Promise<ActionResult<unknown>>;
  update: (input: { templateId: string; name: string; body: string; category: string | null }) => Promise<ActionResult<unknown>>;
  remove: (input: { templateId: string }) => Promise<ActionResult<unknown>>;
};

/**
 * A list of templates, searchable (name, text, category), with New, Edit and Delete where the
 * viewer may (SPEC §10: administrators the shared ones, each staff member their own).
 */
export function TemplatesManager({
  label,
  templates,
  scope,
  canCreate,
  actions,
  timeZone,
  emptyText,
}: {
  label: string;
  templates: readonly TemplateRowView[];
  scope: "shared" | "personal";
  canCreate: boolean;
  actions: TemplateActions;
  timeZone: string;
  emptyText: string;
}) {
  const [q, setQ] = useState("");
  const [editing, setEditing] = useState<TemplateDraft | null>(null);
  const [deleting, setDeleting] = useState<TemplateRowView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const when = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium" });
  const needle = q.trim().toLowerCase();
  const shown = needle
    ? templates.filter((t) => [t.name, t.body, t.category ?? ""].some((v) => v.toLowerCase().includes(needle)))
    : templates;

  const anyChangeable = shown.some((t) => t.canChange);
  const save: SaveTemplate = (d) =>
    d.templateId ? actions.update({ templateId: d.templateId, name: d.name, body: d.body, category: d.category }) : actions.create({ scope, name: d.name, body: d.body, category: d.category });

  return (
    <section aria-label={label} className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="w-full max-w-xs">
          <label htmlFor={`${scope}-search`} className="block text-sm font-medium text-slate-800">
            Search {label.toLowerCase()}
          </label>
          <Input id={`${scope}-search`} type="search" value={q} onChange={(e) => setQ(e.target.value)} className="mt-1" placeholder="Name, text or category" />
        </div>
        {canCreate ? <Button onClick={() => setEditing({ name: "", body: "", category: null })}>New template</Button> : null}
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {shown.length === 0 ? (
        <EmptyState title={needle ? "No template matches." : emptyText} />
      ) : (
        <TableFrame label={label}>
          <table className="min-w-full divide-y divide-slate-200 text-left text-sm">
            <caption className="sr-only">{label}</caption>
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className="px-4 py-2 font-semibold text-slate-700">Name</th>
                <th scope="col" className="px-4 py-2 font-semibold text-slate-700">Category</th>
                <th scope="col" className="px-4 py-2 font-semibold text-slate-700">Text</th>
                <th scope="col" className="px-4 py-2 font-semibold text-slate-700">Changed</th>
                {anyChangeable ? (
                  <th scope="col" className="px-4 py-2 font-semibold text-slate-700">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {shown.map((t) => (
                <tr key={t.id} className="align-top">
                  <th scope="row" className="px-4 py-2 font-medium text-slate-900">{t.name}</th>
                  <td className="px-4 py-2 text-slate-700">{t.category ?? "—"}</td>
                  <td className="min-w-64 max-w-md px-4 py-2 text-slate-700">
                    <p className="whitespace-pre-wrap break-words">{t.body}</p>
                    <FieldChips body={t.body} />
                  </td>
                  <td className="whitespace-nowrap px-4 py-2 text-slate-700">
                    {when.format(new Date(t.updatedAt))}
                    {t.updatedByName ? <span className="block text-xs text-slate-500">{t.updatedByName}</span> : null}
                  </td>
                  {anyChangeable ? (
                    <td className="whitespace-nowrap px-4 py-2 text-right">
                      {t.canChange ? (
                        <div className="flex justify-end gap-2">
                          <Button variant="secondary" aria-label={`Edit ${t.name}`} onClick={() => setEditing({ templateId: t.id, name: t.name, body: t.body, category: t.category })}>
                            Edit
                          </Button>
                          <Button variant="ghost" aria-label={`Delete ${t.name}`} onClick={() => setDeleting(t)}>
                            Delete
                          </Button>
                        </div>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      {editing ? <TemplateFormDialog title={editing.templateId ? `Edit “${editing.name}”` : "New template"} initial={editing} onSave={save} onClose={() => setEditing(null)} /> : null}
      {deleting ? (
        <ModalDialog title={`Delete “${deleting.name}”?`} role="alertdialog" onClose={() => setDeleting(null)}>
          <p className="text-sm text-slate-700">It will no longer be offered. Messages already sent with it keep its name in the Message Report.</p>
          <div className="mt-4 flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setDeleting(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              disabled={pending}
              onClick={() =>
                start(async () => {
                  const r = await actions.remove({ templateId: deleting.id });
                  setDeleting(null);
                  setError(r.ok ? null : r.error);
                })
              }
            >
              Delete
            </Button>
          </div>
        </ModalDialog>
      ) : null}
    </section>
  );
}
