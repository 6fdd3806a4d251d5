import type { InputHTMLAttributes } from "react";
import { Field } from "./field";
import { Input } from "./input";

/** Label, input and error wired together (`aria-invalid`, `aria-describedby`). */
export function TextField({
  label,
  name,
  error,
  hint,
  id = name,
  ...inputProps
}: InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; error?: string; hint?: string }) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(control) => <Input {...control} name={name} className="mt-1" {...inputProps} />}
    </Field>
  );
}
