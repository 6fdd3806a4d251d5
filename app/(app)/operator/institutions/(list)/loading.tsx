import { ListSkeleton } from "@/components/ui/list-skeleton";

/** Shown while the institutions render (issue 15.14: a loading state on every list). */
export default function Loading() {
  return <ListSkeleton title="Institutions" label="Loading institutions…" />;
}
