import Form from "next/form";
import Link from "next/link";
import { buttonClassName } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { GridParams } from "./grid-href";

/**
 * The grid's search box (and any filter controls passed as children) as a GET form: submitting
 * changes the URL, which starts again from the first page. `keep` names state carried along (sort).
 * Without `label` there is no search box, only the children (a filter form); `resetLabel` adds a
 * link back to the unfiltered grid.
 */
export function GridSearch({
  basePath,
  label,
  params,
  keep = [],
  submitLabel = "Search",
  resetLabel,
  children,
}: {
  basePath: string;
  label?: string;
  params: GridParams;
  keep?: readonly string[];
  submitLabel?: string;
  resetLabel?: string;
  children?: React.ReactNode;
}) {
  return (
    <Form action={basePath} role="search" aria-label={label ? undefined : submitLabel} className="mb-4 flex flex-wrap items-end gap-3">
      {label ? (
        <div className="min-w-64 flex-1">
          <Label htmlFor="grid-search-q">{label}</Label>
          <Input id="grid-search-q" type="search" name="q" defaultValue={params.q ?? ""} className="mt-1" />
        </div>
      ) : null}
      {children}
      {keep.map((name) => (params[name] ? <input key={name} type="hidden" name={name} value={params[name]} /> : null))}
      <button type="submit" className={buttonClassName("secondary")}>
        {submitLabel}
      </button>
      {resetLabel ? (
        <Link href={basePath} className={buttonClassName("ghost")}>
          {resetLabel}
        </Link>
      ) : null}
    </Form>
  );
}
