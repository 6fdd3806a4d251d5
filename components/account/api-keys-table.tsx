import { EmptyState } from "@/components/ui/empty-state";
import { TableFrame } from "@/components/ui/table-frame";
import { RevokeApiKeyButton } from "./revoke-api-key-button";

type KeyRow = {
  id: string;
  ownerName: string;
  prefix: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

/** The keys with their state; active ones can be revoked. */
export function ApiKeysTable({ keys, showOwner, timeZone, now }: { keys: KeyRow[]; showOwner: boolean; timeZone: string; now: Date }) {
  const format = (d: Date | null) => (d ? new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(d) : "—");
  const stateOf = (k: KeyRow) => (k.revokedAt ? `Revoked ${format(k.revokedAt)}` : k.expiresAt && k.expiresAt <= now ? "Expired" : "Active");
  if (keys.length === 0) return <EmptyState title="No API keys yet.">Create one above to use the REST API from your own scripts and systems.</EmptyState>;
  return (
    <section aria-labelledby="keys-heading">
      <h2 id="keys-heading" className="mb-3 text-lg font-semibold text-slate-900">
        Keys
      </h2>
      <TableFrame label="API keys">
        <table className="min-w-full divide-y divide-slate-200 text-left text-sm">
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">Name</th>
              {showOwner ? <th scope="col" className="px-3 py-2 font-medium">Owner</th> : null}
              <th scope="col" className="px-3 py-2 font-medium">Key</th>
              <th scope="col" className="px-3 py-2 font-medium">Created</th>
              <th scope="col" className="px-3 py-2 font-medium">Last used</th>
              <th scope="col" className="px-3 py-2 font-medium">Expires</th>
              <th scope="col" className="px-3 py-2 font-medium">State</th>
              <th scope="col" className="px-3 py-2 font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {keys.map((k) => (
              <tr key={k.id}>
                <th scope="row" className="px-3 py-2 font-medium text-slate-900">{k.name}</th>
                {showOwner ? <td className="px-3 py-2">{k.ownerName}</td> : null}
                <td className="px-3 py-2 font-mono">{k.prefix}…</td>
                <td className="px-3 py-2">{format(k.createdAt)}</td>
                <td className="px-3 py-2">{k.lastUsedAt ? format(k.lastUsedAt) : "Never"}</td>
                <td className="px-3 py-2">{k.expiresAt ? format(k.expiresAt) : "Never"}</td>
                <td className="px-3 py-2">{stateOf(k)}</td>
                <td className="px-3 py-2 text-right">{k.revokedAt ? null : <RevokeApiKeyButton keyId={k.id} name={k.name} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>
    </section>
  );
}
