"use client";

import { useEffect, useId, useRef, useState } from "react";
import type { ActionResult } from "@/lib/action";
import { MERGE_FIELD_LABELS, MERGE_FIELDS, type MergeField } from "@/lib/messaging/templates/render";
import { FieldChips } from "./field-chips";
import { matchTemplates, replaceRange, slashQueryAt, type SlashQuery } from "./slash-query";

/** What the picker needs of a template. */
export type PickableTemplate = { id: string; name: string; body: string; category: string | null; shared: boolean };
export type LoadTemplates = (input: { scope?: "all" }) => Promise<ActionResult<PickableTemplate[]>>;

const selectClass = "rounded-md border border-slate-300 bg-white px-2 py-1 text-xs text-slate-800 disabled:bg-slate-100";

/**
 * A message body with templates and merge fields (SPEC §10, issue 17): "Insert template" and
 * "Insert field" lists above it, "/" followed by a template's name inside it (↑ ↓ choose, Enter
 * or Tab insert, Escape closes), and the fields the text holds shown as fields below it, with
 * any unknown one named. Inserting a template tells `onTemplate` its id; clearing the text forgets it.
 */
export function TemplateTextarea({
  id,
  value,
  onChange,
  onTemplate,
  loadTemplates,
  rows = 5,
  disabled,
  invalid,
  describedBy,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  onTemplate?: (templateId: string | null) => void;
  loadTemplates?: LoadTemplates;
  rows?: number;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [templates, setTemplates] = useState<PickableTemplate[] | null>(null);
  const [slash, setSlash] = useState<SlashQuery | null>(null);
  const [active, setActive] = useState(0);

  useEffect(() => {
    if (!loadTemplates || disabled) return;
    let live = true;
    void loadTemplates({ scope: "all" }).then((r) => {
      if (live) setTemplates(r.ok ? r.data : []);
    });
    return () => {
      live = false;
    };
  }, [loadTemplates, disabled]);

  const matches = slash && templates ? matchTemplates(templates, slash.query) : [];
  const open = slash !== null && matches.length > 0;

  function place(next: { value: string; caret: number }) {
    onChange(next.value);
    requestAnimationFrame(() => {
      const el = ref.current;
      if (!el) return;
      el.focus();
      el.setSelectionRange(next.caret, next.caret);
    });
  }

  function insertTemplate(t: PickableTemplate, range?: { start: number; end: number }) {
    const el = ref.current;
    const start = range?.start ?? el?.selectionStart ?? value.length;
    const end = range?.end ?? el?.selectionEnd ?? value.length;
    place(replaceRange(value, start, end, t.body));
    onTemplate?.(t.id);
    setSlash(null);
  }

  function insertField(field: MergeField) {
    const el = ref.current;
    place(replaceRange(value, el?.selectionStart ?? value.length, el?.selectionEnd ?? value.length, `{{${field}}}`));
  }

  function changed(next: string, caret: number) {
    onChange(next);
    if (next.trim() === "") onTemplate?.(null);
    setSlash(slashQueryAt(next, caret));
    setActive(0);
  }

  function keyDown(e: React.KeyboardEvent<HTMLTextAreaElement>) {
    if (!open) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setActive((i) => (i + (e.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length);
    } else if (e.key === "Enter" || e.key === "Tab") {
      e.preventDefault();
      insertTemplate(matches[Math.min(active, matches.length - 1)], slash!);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      setSlash(null);
    }
  }

  const optionId = (i: number) => `${listId}-option-${i}`;
  const shared = templates?.filter((t) => t.shared) ?? [];
  const mine = templates?.filter((t) => !t.shared) ?? [];
  return (
    <div>
      <div className="mt-1 flex flex-wrap items-center gap-2">
        {loadTemplates ? (
          <select
            aria-label="Insert a template"
            className={selectClass}
            value=""
            disabled={disabled || !templates || templates.length === 0}
            onChange={(e) => {
              const t = templates?.find((x) => x.id === e.target.value);
              if (t) insertTemplate(t);
            }}
          >
            <option value="">{templates && templates.length === 0 ? "No templates yet" : "Insert template…"}</option>
            {shared.length > 0 ? (
              <optgroup label="Shared">
                {shared.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {mine.length > 0 ? (
              <optgroup label="My saved replies">
                {mine.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
        ) : null}
        <select
          aria-label="Insert a merge field"
          className={selectClass}
          value=""
          disabled={disabled}
          onChange={(e) => {
            if (e.target.value) insertField(e.target.value as MergeField);
          }}
        >
          <option value="">Insert field…</option>
          {MERGE_FIELDS.map((f) => (
            <option key={f} value={f}>
              {MERGE_FIELD_LABELS[f]}
            </option>
          ))}
        </select>
        {loadTemplates ? <span className="text-xs text-slate-500">or type / and a template&apos;s name</span> : null}
      </div>
      <div className="relative">
        <textarea
          ref={ref}
          id={id}
          rows={rows}
          value={value}
          disabled={disabled}
          onChange={(e) => changed(e.target.value, e.target.selectionStart)}
          onKeyDown={keyDown}
          onBlur={() => setSlash(null)}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? optionId(Math.min(active, matches.length - 1)) : undefined}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm text-slate-900 aria-[invalid=true]:border-red-600 disabled:cursor-not-allowed disabled:bg-slate-50"
        />
        {open ? (
          <ul
            id={listId}
            role="listbox"
            aria-label="Templates"
            className="absolute left-0 right-0 z-10 mt-1 max-h-56 overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
          >
            {matches.map((t, i) => (
              <li
                key={t.id}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  e.preventDefault();
                  insertTemplate(t, slash!);
                }}
                className={`cursor-pointer px-3 py-1.5 ${i === active ? "bg-blue-50 text-blue-900" : "text-slate-800"}`}
              >
                <span className="font-medium">{t.name}</span>
                <span className="ml-2 text-xs text-slate-500">{t.shared ? "Shared" : "Mine"}{t.category ? ` · ${t.category}` : ""}</span>
                <span className="block truncate text-xs text-slate-500">{t.body}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <FieldChips body={value} />
    </div>
  );
}
