import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";

const SELECT =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 aria-[invalid=true]:border-red-600";

/** A labelled native select with its error (`aria-invalid`, `aria-describedby`). */
export function PhoneSelect({
  id,
  label,
  name,
  options,
  error,
  value,
  defaultValue,
  onChange,
}: {
  id: string;
  label: string;
  name: string;
  options: readonly { value: string; label: string }[];
  error?: string;
  value?: string;
  defaultValue?: string;
  onChange?: (value: string) => void;
}) {
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <select
        id={id}
        name={name}
        value={value}
        defaultValue={defaultValue}
        onChange={onChange ? (e) => onChange(e.target.value) : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={SELECT}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
