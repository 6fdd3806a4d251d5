import { ListSkeleton } from "@/components/ui/list-skeleton";

/** Shown while the People list or a person renders (issue 15.14: a loading state on every list). */
export default function Loading() {
  return <ListSkeleton label="Loading…" />;
}
