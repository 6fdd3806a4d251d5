import type { TextareaHTMLAttributes } from "react";
import { Field } from "./field";

/** Label, textarea and error wired together (`aria-invalid`, `aria-describedby`). */
export function TextareaField({
  label,
  name,
  error,
  hint,
  id = name,
  className = "",
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; name: string; error?: string; hint?: string }) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(control) => (
        <textarea
          {...control}
          name={name}
          className={`mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm text-slate-900 aria-[invalid=true]:border-red-600 disabled:bg-slate-100 ${className}`.trim()}
          {...props}
        />
      )}
    </Field>
  );
}
