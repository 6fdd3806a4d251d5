import { ListSkeleton } from "@/components/ui/list-skeleton";

/** Shown while the Message Report renders (issue 15.14: a loading state on every list). */
export default function Loading() {
  return <ListSkeleton title="Message Report" label="Loading messages…" />;
}
