import { ListSkeleton } from "@/components/ui/list-skeleton";

/**
 * Shown while the People list renders (issue 15.14: a loading state on every list). In the
 * (list) group so it covers only the list: a person's page keeps its own 404/403 status and
 * redirect, which a boundary above it would turn into a streamed 200.
 */
export default function Loading() {
  return <ListSkeleton title="People" label="Loading people…" />;
}
