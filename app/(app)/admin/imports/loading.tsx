import { ListSkeleton } from "@/components/ui/list-skeleton";

/** Shown while the imports render (issue 15.14: a loading state on every list). */
export default function Loading() {
  return <ListSkeleton title="Imports" label="Loading imports…" />;
}
