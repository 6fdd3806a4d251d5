"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useState, useTransition } from "react";
import { ComposeDialog } from "@/components/composer/compose-dialog";
import type { ComposerActions } from "@/components/composer/types";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/action";
import type { MatchingPersons } from "@/lib/people/select-matching-persons";

type Selection = {
  selected: ReadonlyMap<string, string>;
  toggle: (id: string, name: string, on: boolean) => void;
  addAll: (rows: readonly { id: string; name: string }[]) => void;
  clear: () => void;
};

const SelectionContext = createContext<Selection | null>(null);
const STORAGE_KEY = "people-selection";

/**
 * The People list's selection of recipients (id → name). Kept in sessionStorage so it survives
 * paging, searching and going back: select on several pages, then compose once.
 */
export function PeopleSelectionProvider({ children }: { children: React.ReactNode }) {
  const [selected, setSelected] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "[]") as [string, string][];
      if (saved.length) setSelected(new Map(saved));
    } catch {
      sessionStorage.removeItem(STORAGE_KEY);
    }
  }, []);
  const save = useCallback((next: Map<string, string>) => {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify([...next]));
    setSelected(next);
  }, []);
  const value = useMemo<Selection>(
    () => ({
      selected,
      toggle: (id, name, on) => {
        const next = new Map(selected);
        if (on) next.set(id, name);
        else next.delete(id);
        save(next);
      },
      addAll: (rows) => save(new Map([...selected, ...rows.map((r) => [r.id, r.name] as [string, string])])),
      clear: () => save(new Map()),
    }),
    [selected, save],
  );
  return <SelectionContext.Provider value={value}>{children}</SelectionContext.Provider>;
}

function useSelection(): Selection {
  const s = useContext(SelectionContext);
  if (!s) throw new Error("PeopleSelectionProvider is missing");
  return s;
}

/** The row's checkbox, labelled with the person's name. */
export function RowSelect({ id, name }: { id: string; name: string }) {
  const { selected, toggle } = useSelection();
  return (
    <input
      type="checkbox"
      aria-label={`Select ${name}`}
      checked={selected.has(id)}
      onChange={(e) => toggle(id, name, e.target.checked)}
      className="h-4 w-4 rounded border-slate-400"
    />
  );
}

type ComposerProps = { smsMaxLength: number; permitted: boolean; actions: ComposerActions };

function recipientsLabel(names: readonly string[]): string {
  if (names.length <= 3) return names.join(", ");
  return `${names.length.toLocaleString("en-US")} people: ${names.slice(0, 2).join(", ")} and ${(names.length - 2).toLocaleString("en-US")} others`;
}

/** The list's search across all its pages: how many match (counted up to `limit` + 1) and how to select them all. */
export type MatchingSearch = {
  count: number;
  limit: number;
  search: { q?: string; kind?: "staff" | "student" };
  select: (search: { q?: string; kind?: "staff" | "student" }) => Promise<ActionResult<MatchingPersons>>;
};

/** "Select all N matches" of the search: every match, not only this page's, up to the send limit. */
function SelectMatching({ matching, addAll }: { matching: MatchingSearch; addAll: Selection["addAll"] }) {
  const [pending, startTransition] = useTransition();
  const [note, setNote] = useState<{ tone: "info" | "error"; text: string } | null>(null);
  const over = matching.count > matching.limit;
  const n = (v: number) => v.toLocaleString("en-US");
  function selectAll() {
    setNote(null);
    startTransition(async () => {
      const result = await matching.select(matching.search);
      if (!result.ok) return setNote({ tone: "error", text: result.error });
      addAll(result.data.people);
      if (result.data.capped) {
        setNote({ tone: "info", text: `Selected the first ${n(matching.limit)}: one message goes to at most ${n(matching.limit)} people. Narrow the search to reach the others.` });
      }
    });
  }
  return (
    <>
      <Button variant="secondary" onClick={selectAll} disabled={pending}>
        {pending ? "Selecting…" : over ? `Select the first ${n(matching.limit)} matches` : `Select all ${n(matching.count)} matches`}
      </Button>
      {note ? (
        <div className="basis-full">
          <Alert tone={note.tone}>{note.text}</Alert>
        </div>
      ) : null}
    </>
  );
}

/** Above the list: how many are selected, select the page or clear, and compose to them or to the actor's caseload. */
export function SelectionBar({
  pageRows,
  composer,
  caseloadIds,
  matching,
}: {
  pageRows: readonly { id: string; name: string }[];
  composer: ComposerProps;
  caseloadIds: readonly string[];
  /** Present when the search spans more than this page. */
  matching?: MatchingSearch | null;
}) {
  const { selected, addAll, clear } = useSelection();
  const count = selected.size;
  return (
    <div role="region" aria-label="Selection" className="mb-3 flex flex-wrap items-center gap-2 rounded-lg border border-slate-200 bg-white px-3 py-2">
      <p className="mr-auto text-sm text-slate-700" aria-live="polite">
        {count === 0 ? "No one selected." : `${count.toLocaleString("en-US")} selected.`}
      </p>
      <Button variant="secondary" onClick={() => addAll(pageRows)} disabled={pageRows.length === 0}>
        Select all on this page
      </Button>
      {matching && matching.count > pageRows.length ? <SelectMatching matching={matching} addAll={addAll} /> : null}
      <Button variant="ghost" onClick={clear} disabled={count === 0}>
        Clear selection
      </Button>
      <ComposeDialog
        buttonLabel={`Message selected (${count.toLocaleString("en-US")})`}
        disabled={count === 0}
        recipients={() => ({ audience: { type: "people", recipientIds: [...selected.keys()] }, label: recipientsLabel([...selected.values()]) })}
        {...composer}
      />
      {caseloadIds.length > 0 ? (
        <ComposeDialog
          variant="secondary"
          buttonLabel={`Message my caseload (${caseloadIds.length.toLocaleString("en-US")})`}
          recipients={{ audience: { type: "people", recipientIds: [...caseloadIds] }, label: `your caseload (${caseloadIds.length.toLocaleString("en-US")} students)` }}
          {...composer}
        />
      ) : null}
    </div>
  );
}
