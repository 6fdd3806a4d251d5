import { ListSkeleton } from "@/components/ui/list-skeleton";

/** Shown while the Mail outbox renders (issue 15.14: a loading state on every list). */
export default function Loading() {
  return <ListSkeleton title="Mail outbox" label="Loading email…" />;
}
