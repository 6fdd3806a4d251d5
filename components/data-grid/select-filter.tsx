import { SelectField } from "@/components/ui/select-field";

/**
 * One filter of a grid's GET form: a labelled select (`SelectField`) whose first choice, "Any",
 * leaves the filter out of the URL. `id` is the control's id; the value comes from the URL's params.
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
      <SelectField id={id} name={name} label={label} defaultValue={value ?? ""} options={[{ value: "", label: "Any" }, ...options]} />
    </div>
  );
}
