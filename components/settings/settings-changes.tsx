import { TableFrame } from "@/components/ui/table-frame";
import { describeSettingValue, settingLabel, type ChangeNames } from "@/lib/settings/describe-setting-change";
import type { SettingsChange } from "@/lib/settings/list-settings-changes";

/** The recorded changes of a settings screen (who, when, old, new), newest first. */
export function SettingsChanges({ changes, timeZone, names }: { changes: readonly SettingsChange[]; timeZone: string; names?: ChangeNames }) {
  const when = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" });
  return (
    <section aria-labelledby="settings-changes-heading" className="mt-10">
      <h2 id="settings-changes-heading" className="text-lg font-semibold text-slate-900">
        Change history
      </h2>
      {changes.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No changes recorded yet.</p>
      ) : (
        <TableFrame label="Change history" className="mt-3">
          <table className="min-w-full divide-y divide-slate-200 text-left text-sm">
            <caption className="sr-only">Change history</caption>
            <thead className="bg-slate-50">
              <tr>
                {["When", "Who", "Setting", "From", "To"].map((h) => (
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
                  <td className="px-4 py-2 text-slate-700">{c.changedByName ?? (c.byDirectory ? "Your directory (SCIM)" : "A removed user")}</td>
                  <th scope="row" className="px-4 py-2 font-medium text-slate-900">
                    {settingLabel(c.field)}
                  </th>
                  <td className="max-w-xs whitespace-pre-wrap break-words px-4 py-2 text-slate-700">{describeSettingValue(c.field, c.oldValue, names)}</td>
                  <td className="max-w-xs whitespace-pre-wrap break-words px-4 py-2 text-slate-700">{describeSettingValue(c.field, c.newValue, names)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
    </section>
  );
}
