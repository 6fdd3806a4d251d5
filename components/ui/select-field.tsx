import type { SelectHTMLAttributes } from "react";
import { Field } from "./field";

/** Label, native select and error wired together (`aria-invalid`, `aria-describedby`). */
export function SelectField({
  label,
  name,
  error,
  hint,
  id = name,
  options,
  className = "",
  ...selectProps
}: SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(control) => (
        <select
          {...control}
          name={name}
          className={`mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 aria-[invalid=true]:border-red-600 disabled:bg-slate-100 ${className}`.trim()}
          {...selectProps}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
