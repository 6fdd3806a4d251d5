import type { ColumnDoc } from "@/lib/imports/sis-format";

/** A file's columns and rules, folded away under a summary (the same text as the API's description). */
export function FileLayout({ title, columns, rules, note }: { title: string; columns: readonly ColumnDoc[]; rules: readonly string[]; note?: React.ReactNode }) {
  return (
    <details className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
      <summary className="cursor-pointer font-medium text-slate-900">{title}</summary>
      <div className="mt-3 space-y-3">
        {note ? <p className="text-slate-700">{note}</p> : null}
        <table className="min-w-full text-left">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col" className="py-1 pr-4 font-semibold text-slate-700">
                Column
              </th>
              <th scope="col" className="py-1 pr-4 font-semibold text-slate-700">
                Required
              </th>
              <th scope="col" className="py-1 font-semibold text-slate-700">
                Meaning
              </th>
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => (
              <tr key={c.name} className="align-top">
                <th scope="row" className="py-1 pr-4 font-mono text-xs font-normal text-slate-900">
                  {c.name}
                </th>
                <td className="py-1 pr-4 text-slate-700">{c.required ? "Yes" : "No"}</td>
                <td className="py-1 text-slate-700">{c.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ul className="list-disc space-y-1 pl-5 text-slate-700">
          {rules.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </div>
    </details>
  );
}
