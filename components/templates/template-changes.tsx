import { TableFrame } from "@/components/ui/table-frame";

export type TemplateChangeView = {
  id: number;
  templateName: string;
  change: string;
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
  changedAt: Date;
  changedByName: string | null;
};

const FIELD_LABELS: Record<string, string> = { name: "Name", body: "Text", category: "Category" };

function describe(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  const v = value as { name?: string; body?: string; category?: string | null };
  return [v.name, v.category ? `(${v.category})` : null, v.body].filter(Boolean).join(" ");
}

/** Who changed which template, when, from what to what (issue 17: kept as for settings), newest first. */
export function TemplateChanges({ changes, timeZone }: { changes: readonly TemplateChangeView[]; timeZone: string }) {
  const when = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" });
  return (
    <section aria-labelledby="template-changes-heading" className="mt-10">
      <h2 id="template-changes-heading" className="text-lg font-semibold text-slate-900">
        Change history
      </h2>
      {changes.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No changes recorded yet.</p>
      ) : (
        <TableFrame label="Template change history" className="mt-3">
          <table className="min-w-full divide-y divide-slate-200 text-left text-sm">
            <caption className="sr-only">Template change history</caption>
            <thead className="bg-slate-50">
              <tr>
                {["When", "Who", "Template", "Change", "From", "To"].map((h) => (
                  <th key={h} scope="col" className="px-4 py-2 font-semibold text-slate-700">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {changes.map((c) => (
                <tr key={c.id} className="align-top">
                  <td className="whitespace-nowrap px-4 py-2 text-slate-700">{when.format(c.changedAt)}</td>
                  <td className="px-4 py-2 text-slate-700">{c.changedByName ?? "A removed user"}</td>
                  <th scope="row" className="px-4 py-2 font-medium text-slate-900">{c.templateName}</th>
                  <td className="px-4 py-2 text-slate-700">
                    {c.change === "CREATED" ? "Created" : c.change === "DELETED" ? "Deleted" : `Changed ${(FIELD_LABELS[c.field ?? ""] ?? c.field ?? "").toLowerCase()}`}
                  </td>
                  <td className="max-w-xs whitespace-pre-wrap break-words px-4 py-2 text-slate-700">{describe(c.oldValue)}</td>
                  <td className="max-w-xs whitespace-pre-wrap break-words px-4 py-2 text-slate-700">{describe(c.newValue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
    </section>
  );
}
