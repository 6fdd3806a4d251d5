"use client";

import Link from "next/link";
import { useId, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { addRecipientListMembersAction, createRecipientListAction } from "@/lib/actions/people/recipient-lists";
import type { PeopleFilter } from "@/lib/people/schemas";

const n = (v: number) => v.toLocaleString("en-US");
type Note = { tone: "info" | "error"; text: React.ReactNode } | null;

/**
 * Saving recipients as a named list (issue 16 item 2): the ticked people, or everyone the search
 * matches (resolved on the server), optionally shared with colleagues; or adding the ticked
 * people to a list one may change.
 */
export function SaveListControls({
  selectedIds,
  search,
  lists,
}: {
  selectedIds: readonly string[];
  /** The search and its count, when "everyone matching" is offered. */
  search: { filter: PeopleFilter; count: number; limit: number } | null;
  lists: readonly { id: string; name: string }[];
}) {
  const id = useId();
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const [listId, setListId] = useState(lists[0]?.id ?? "");
  const [note, setNote] = useState<Note>(null);
  const [pending, startTransition] = useTransition();

  function save(from: "people" | "search") {
    setNote(null);
    startTransition(async () => {
      const result = await createRecipientListAction({
        name,
        shared,
        from: from === "people" ? { type: "people", personIds: [...selectedIds] } : { type: "search", search: search!.filter },
      });
      if (!result.ok) return setNote({ tone: "error", text: result.fieldErrors.name ?? result.error });
      setName("");
      setNote({
        tone: "info",
        text: (
          <>
            Saved “{name.trim()}” with {n(result.data.members)} {result.data.members === 1 ? "person" : "people"}.{" "}
            <Link href={`/lists/${result.data.listId}`} className="underline">
              Open the list
            </Link>
          </>
        ),
      });
    });
  }

  function add() {
    setNote(null);
    startTransition(async () => {
      const result = await addRecipientListMembersAction({ listId, personIds: [...selectedIds] });
      if (!result.ok) return setNote({ tone: "error", text: result.error });
      const list = lists.find((l) => l.id === listId)?.name ?? "the list";
      setNote({ tone: "info", text: `Added to “${list}”: it now has ${n(result.data.members)} people.` });
    });
  }

  return (
    <details className="basis-full rounded-md border border-slate-200 px-3 py-2 text-sm">
      <summary className="cursor-pointer font-medium text-slate-900">Save as a list…</summary>
      <div className="mt-2 flex flex-wrap items-end gap-3">
        <div className="min-w-48 flex-1">
          <Label htmlFor={`${id}-name`}>List name</Label>
          <Input id={`${id}-name`} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} className="mt-1" />
        </div>
        <label className="flex items-center gap-2 pb-2 text-slate-700">
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} className="h-4 w-4 rounded border-slate-400" />
          Share with colleagues
        </label>
        <Button variant="secondary" onClick={() => save("people")} disabled={pending || selectedIds.length === 0 || name.trim() === ""}>
          Save selected ({n(selectedIds.length)}) as list
        </Button>
        {search ? (
          <Button variant="secondary" onClick={() => save("search")} disabled={pending || search.count > search.limit || name.trim() === ""}>
            Save all {n(search.count)} matching as list
          </Button>
        ) : null}
      </div>
      {lists.length > 0 ? (
        <div className="mt-3 flex flex-wrap items-end gap-3">
          <div>
            <Label htmlFor={`${id}-list`}>Or add the selected to</Label>
            <select
              id={`${id}-list`}
              value={listId}
              onChange={(e) => setListId(e.target.value)}
              className="mt-1 block max-w-64 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900"
            >
              {lists.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
          <Button variant="secondary" onClick={add} disabled={pending || selectedIds.length === 0 || !listId}>
            Add selected to list
          </Button>
        </div>
      ) : null}
      {note ? (
        <div className="mt-2">
          <Alert tone={note.tone}>{note.text}</Alert>
        </div>
      ) : null}
    </details>
  );
}
