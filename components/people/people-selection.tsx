"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { ComposeDialog } from "@/components/composer/compose-dialog";
import type { ComposerActions } from "@/components/composer/types";
import { Button } from "@/components/ui/button";
import type { PeopleFilter } from "@/lib/people/schemas";
import { SaveListControls } from "./save-list-controls";

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

/** The list's search and filters across all its pages: how many match (counted up to `limit` + 1). */
export type MatchingSearch = { count: number; limit: number; search: PeopleFilter };

/**
 * "Message all N matching" (SPEC §9): the search itself is the composer's audience, resolved on
 * the server at Review and at Send; no ids come to the browser. Beyond the limit it says so.
 */
function MessageMatching({ matching, composer }: { matching: MatchingSearch; composer: ComposerProps }) {
  const n = (v: number) => v.toLocaleString("en-US");
  if (matching.count > matching.limit) {
    return (
      <p className="basis-full text-sm text-slate-700">
        More than {n(matching.limit)} people match: one message goes to at most {n(matching.limit)}. Narrow the search to message them all.
      </p>
    );
  }
  return (
    <ComposeDialog
      variant="secondary"
      buttonLabel={`Message all ${n(matching.count)} matching`}
      disabled={matching.count === 0}
      recipients={{ audience: { type: "search", search: matching.search }, label: `everyone matching this search (${n(matching.count)} ${matching.count === 1 ? "person" : "people"})` }}
      {...composer}
    />
  );
}

/** Above the list: how many are selected, select the page or clear, and compose to them or to the actor's caseload. */
export function SelectionBar({
  pageRows,
  composer,
  caseloadIds,
  matching,
  lists,
}: {
  pageRows: readonly { id: string; name: string }[];
  composer: ComposerProps;
  caseloadIds: readonly string[];
  /** Present when the search spans more than this page or filters anything. */
  matching?: MatchingSearch | null;
  /** Lists the actor may add people to. */
  lists: readonly { id: string; name: string }[];
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
      {matching ? <MessageMatching matching={matching} composer={composer} /> : null}
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
      <SaveListControls
        selectedIds={[...selected.keys()]}
        search={matching ? { filter: matching.search, count: matching.count, limit: matching.limit } : null}
        lists={lists}
      />
    </div>
  );
}
