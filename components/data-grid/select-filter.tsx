import { Label } from "@/components/ui/label";

/**
 * One filter of a grid's GET form: a labelled select whose first choice, "Any", leaves the
 * filter out of the URL. `id` is the control's id; the value comes from the URL's params.
 */
export function SelectFilter({
  id,
  name,
  label,
  value,
  options,
  className,
}: {
  id: string;
  name: string;
  label: string;
  value?: string;
  options: readonly { value: string; label: string }[];
  /** Classes of the wrapper (its width). */
  className?: string;
}) {
  return (
    <div className={className}>
      <Label htmlFor={id}>{label}</Label>
      <select
        id={id}
        name={name}
        defaultValue={value ?? ""}
        className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900"
      >
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
