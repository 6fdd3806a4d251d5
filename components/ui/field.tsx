import type { ReactNode } from "react";
import { FieldError } from "./field-error";
import { Label } from "./label";

/** What the control inside a `Field` carries so that the label, hint and error point at it. */
export type FieldControlProps = {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
};

/**
 * A form control's label, hint and error. The control, rendered by `children`, gets the id the
 * label is for, `aria-invalid` while there is an error, and `aria-describedby` naming the hint
 * (`<id>-hint`) and the error (`<id>-error`) that are shown.
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
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
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      <FieldError id={errorId} message={error} />
    </div>
  );
}
