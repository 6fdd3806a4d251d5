"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ComposeDialog } from "@/components/composer/compose-dialog";
import type { ComposerActions } from "@/components/composer/types";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { TableFrame } from "@/components/ui/table-frame";
import { deleteRecipientListAction, removeRecipientListMembersAction, updateRecipientListAction } from "@/lib/actions/people/recipient-lists";

type List = { id: string; name: string; shared: boolean; canChange: boolean; memberCount: number; members: { id: string; name: string }[] };
type ComposerProps = { smsMaxLength: number; permitted: boolean; actions: ComposerActions } | null;

const n = (v: number) => v.toLocaleString("en-US");

/**
 * One saved list (issue 16 item 2): Message it; its owner or an administrator renames it, shares
 * or unshares it, removes members and deletes it (the policy decides `canChange`; the server
 * checks again).
 */
export function RecipientListDetail({ list, composer }: { list: List; composer: ComposerProps }) {
  const router = useRouter();
  const [name, setName] = useState(list.name);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function run(fn: () => Promise<{ ok: boolean; error?: string }>, after?: () => void) {
    setError(null);
    startTransition(async () => {
      const result = await fn();
      if (!result.ok) return setError(result.error ?? "Something went wrong.");
      after?.();
      router.refresh();
    });
  }

  const count = list.memberCount;
  return (
    <>
      <PageHeader
        title={list.name}
        description={`${n(count)} ${count === 1 ? "person" : "people"} · ${list.shared ? "shared with colleagues" : "only its owner sees it"}`}
        actions={
          composer ? (
            <ComposeDialog
              buttonLabel="Message this list"
              disabled={count === 0}
              recipients={{ audience: { type: "list", listId: list.id }, label: `the list “${list.name}” (${n(count)} ${count === 1 ? "person" : "people"})` }}
              {...composer}
            />
          ) : null
        }
      />
      <p className="mb-4 text-sm">
        <Link href="/lists" className="text-blue-700 hover:underline">
          All lists
        </Link>
      </p>
      {error ? (
        <div className="mb-4">
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}
      {list.canChange ? (
        <section aria-label="Change the list" className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white px-4 py-3">
          <div className="min-w-48 flex-1">
            <Label htmlFor="list-name">Name</Label>
            <Input id="list-name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} className="mt-1" />
          </div>
          <Button variant="secondary" disabled={pending || name.trim() === "" || name.trim() === list.name} onClick={() => run(() => updateRecipientListAction({ listId: list.id, name }))}>
            Rename
          </Button>
          <Button variant="secondary" disabled={pending} onClick={() => run(() => updateRecipientListAction({ listId: list.id, shared: !list.shared }))}>
            {list.shared ? "Stop sharing" : "Share with colleagues"}
          </Button>
          <Button
            variant="danger"
            disabled={pending}
            onClick={() => {
              if (window.confirm(`Delete the list “${list.name}”? The people stay; only the list goes.`)) {
                run(() => deleteRecipientListAction({ listId: list.id }), () => router.push("/lists"));
              }
            }}
          >
            Delete list
          </Button>
        </section>
      ) : null}
      {count === 0 ? (
        <p className="text-sm text-slate-700">No one is on this list. Add people from the People list (“Save as a list…”).</p>
      ) : (
        <>
          {list.canChange ? (
            <div className="mb-2 flex justify-end">
              <Button
                variant="secondary"
                disabled={pending || ticked.size === 0}
                onClick={() => run(() => removeRecipientListMembersAction({ listId: list.id, personIds: [...ticked] }), () => setTicked(new Set()))}
              >
                Remove selected ({n(ticked.size)})
              </Button>
            </div>
          ) : null}
          <TableFrame label="Members">
            <table className="min-w-full divide-y divide-slate-200 text-left text-sm">
              <caption className="sr-only">Members</caption>
              <thead className="bg-slate-50">
                <tr>
                  {list.canChange ? (
                    <th scope="col" className="w-10 px-4 py-2">
                      <span className="sr-only">Select</span>
                    </th>
                  ) : null}
                  <th scope="col" className="px-4 py-2 font-semibold text-slate-700">Name</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {list.members.map((m) => (
                  <tr key={m.id}>
                    {list.canChange ? (
                      <td className="px-4 py-2">
                        <input
                          type="checkbox"
                          aria-label={`Select ${m.name}`}
                          checked={ticked.has(m.id)}
                          onChange={(e) => {
                            const next = new Set(ticked);
                            if (e.target.checked) next.add(m.id);
                            else next.delete(m.id);
                            setTicked(next);
                          }}
                          className="h-4 w-4 rounded border-slate-400"
                        />
                      </td>
                    ) : null}
                    <th scope="row" className="px-4 py-2 font-medium">
                      <Link href={`/people/${m.id}/profile`} className="text-blue-700 hover:underline">
                        {m.name}
                      </Link>
                    </th>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableFrame>
          {count > list.members.length ? (
            <p className="mt-2 text-sm text-slate-700">
              Showing the first {n(list.members.length)} of {n(count)}, by name. A message to the list goes to all {n(count)}.
            </p>
          ) : null}
        </>
      )}
    </>
  );
}
