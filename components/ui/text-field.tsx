import type { InputHTMLAttributes } from "react";
import { FieldError } from "./field-error";
import { Input } from "./input";
import { Label } from "./label";

/** Label, input and error wired together (`aria-invalid`, `aria-describedby`). */
export function TextField({
  label,
  name,
  error,
  hint,
  id = name,
  ...inputProps
}: InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; error?: string; hint?: string }) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      {hint ? (
        <p id={hintId} className="mt-0.5 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <Input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className="mt-1" {...inputProps} />
      <FieldError id={errorId} message={error} />
    </div>
  );
}
