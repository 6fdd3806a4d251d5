import Link from "next/link";
import { ComposeDialog } from "@/components/composer/compose-dialog";
import type { ComposerActions } from "@/components/composer/types";
import { TableFrame } from "@/components/ui/table-frame";

type ListRow = { id: string; name: string; shared: boolean; ownerName: string; members: number; mine: boolean };
type ComposerProps = { smsMaxLength: number; permitted: boolean; actions: ComposerActions } | null;

const n = (v: number) => v.toLocaleString("en-US");

/** The lists one may use, each with Message (the list is the composer's audience, resolved at send time). */
export function RecipientListsTable({ lists, composer }: { lists: readonly ListRow[]; composer: ComposerProps }) {
  return (
    <TableFrame label="Lists">
      <table className="min-w-full divide-y divide-slate-200 text-left text-sm">
        <caption className="sr-only">Lists</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className="px-4 py-2 font-semibold text-slate-700">Name</th>
            <th scope="col" className="px-4 py-2 font-semibold text-slate-700">Owner</th>
            <th scope="col" className="px-4 py-2 text-right font-semibold text-slate-700">People</th>
            <th scope="col" className="px-4 py-2 font-semibold text-slate-700">Shared</th>
            <th scope="col" className="px-4 py-2 font-semibold text-slate-700">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {lists.map((l) => (
            <tr key={l.id}>
              <th scope="row" className="px-4 py-2 font-medium">
                <Link href={`/lists/${l.id}`} className="text-blue-700 hover:underline">
                  {l.name}
                </Link>
              </th>
              <td className="px-4 py-2 text-slate-700">{l.mine ? "You" : l.ownerName}</td>
              <td className="px-4 py-2 text-right tabular-nums text-slate-700">{n(l.members)}</td>
              <td className="px-4 py-2 text-slate-700">{l.shared ? "With colleagues" : "Only you"}</td>
              <td className="px-4 py-2 text-right">
                {composer ? (
                  <ComposeDialog
                    variant="secondary"
                    buttonLabel={`Message ${l.name}`}
                    disabled={l.members === 0}
                    recipients={{ audience: { type: "list", listId: l.id }, label: `the list “${l.name}” (${n(l.members)} ${l.members === 1 ? "person" : "people"})` }}
                    {...composer}
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}
