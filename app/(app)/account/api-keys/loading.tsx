import { ListSkeleton } from "@/components/ui/list-skeleton";

/** Shown while the API keys render (issue 15.14: a loading state on every list). */
export default function Loading() {
  return <ListSkeleton title="API keys" label="Loading API keys…" />;
}
