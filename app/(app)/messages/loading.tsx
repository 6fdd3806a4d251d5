import { ListSkeleton } from "@/components/ui/list-skeleton";

/** Shown while the conversations or a conversation render (issue 15.14: a loading state on every list). */
export default function Loading() {
  return <ListSkeleton label="Loading…" />;
}
