import { ListSkeleton } from "@/components/ui/list-skeleton";

/** Shown while a send's results are computed. */
export default function Loading() {
  return <ListSkeleton title="Results of a send" label="Loading the results…" />;
}
