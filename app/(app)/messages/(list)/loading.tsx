import { ListSkeleton } from "@/components/ui/list-skeleton";

/**
 * Shown while the conversations render (issue 15.14: a loading state on every list). In the
 * (list) group so it covers only the list: a conversation keeps its own 404 status.
 */
export default function Loading() {
  return <ListSkeleton title="Messages" label="Loading conversations…" />;
}
