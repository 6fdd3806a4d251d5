"use client";

import { useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import type { ActionResult } from "@/lib/action";
import { highlightPlaceholders, MERGE_FIELD_LABELS, MERGE_FIELDS, type MergeField } from "@/lib/messaging/templates/render";
import { FieldChips } from "./field-chips";
import { matchTemplates, replaceRange, slashQueryAt, type SlashQuery } from "./slash-query";

/** What the picker needs of a template. */
export type PickableTemplate = { id: string; name: string; body: string; category: string | null; shared: boolean };
export type LoadTemplates = (input: { scope?: "all" }) => Promise<ActionResult<PickableTemplate[]>>;

const selectClass = "rounded-md border border-slate-300 bg-white px-2 py-1 text-xs text-slate-800 disabled:bg-slate-100";

/**
 * A message body with templates and merge fields (SPEC §10, issue 17): "Insert template" and
 * "Insert field" lists above it, "/" followed by a template's name inside it (↑ ↓ choose, Enter
 * or Tab insert, Escape closes); the fields the text holds are marked where they stand (a
 * refused one in red) and listed below it, with any unknown one named. Inserting a template tells `onTemplate` its id; clearing the text forgets it.
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
  const backdrop = useRef<HTMLDivElement>(null);
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

  // The backdrop wraps its text as the textarea does: as wide, less the textarea's scrollbar once it has one.
  useLayoutEffect(() => {
    const el = ref.current;
    const marks = backdrop.current;
    if (!el || !marks) return;
    const scrollbar = el.offsetWidth - el.clientWidth - 2;
    marks.style.paddingRight = `calc(0.75rem + ${Math.max(0, scrollbar)}px)`;
    marks.scrollTop = el.scrollTop;
  }, [value]);

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
      <div className={`relative mt-1 rounded-md ${disabled ? "bg-slate-50" : "bg-white"}`}>
        {/* The same text behind the (transparent) textarea, with its merge fields marked: the
            fields read as fields where they stand, and a refused one (unknown, empty fallback) in red. */}
        {value.includes("{{") ? (
          <div
            ref={backdrop}
            aria-hidden="true"
            className="pointer-events-none absolute inset-0 overflow-hidden whitespace-pre-wrap break-words rounded-md border border-transparent px-3 py-2 text-sm text-transparent"
          >
            {highlightPlaceholders(value).map((piece, i) =>
              piece.placeholder ? (
                <mark key={i} className={`rounded-sm text-transparent ${piece.field ? "bg-indigo-100 ring-1 ring-indigo-300" : "bg-red-100 ring-1 ring-red-400"}`}>
                  {piece.text}
                </mark>
              ) : (
                <span key={i}>{piece.text}</span>
              ),
            )}
            {/* A last line break needs a character after it to take its height, as the textarea's does. */}
            {"\u200b"}
          </div>
        ) : null}
        <textarea
          ref={ref}
          id={id}
          rows={rows}
          value={value}
          disabled={disabled}
          onChange={(e) => changed(e.target.value, e.target.selectionStart)}
          onKeyDown={keyDown}
          onScroll={(e) => {
            if (backdrop.current) backdrop.current.scrollTop = e.currentTarget.scrollTop;
          }}
          onBlur={() => setSlash(null)}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? optionId(Math.min(active, matches.length - 1)) : undefined}
          className="relative block w-full resize-y rounded-md border border-slate-300 bg-transparent px-3 py-2 text-sm text-slate-900 aria-[invalid=true]:border-red-600 disabled:cursor-not-allowed"
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
