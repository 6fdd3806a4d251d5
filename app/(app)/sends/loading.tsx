import { ListSkeleton } from "@/components/ui/list-skeleton";

/** Shown while the sends render. */
export default function Loading() {
  return <ListSkeleton title="Sends" label="Loading sends…" />;
}
