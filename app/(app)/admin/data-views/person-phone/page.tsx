import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireCapability } from "@/lib/auth/current-actor";

export const metadata: Metadata = { title: "Person Phone" };

export default async function PersonPhonePage() {
  await requireCapability("admin");
  return (
    <>
      <PageHeader title="Person Phone" />
      <EmptyState />
    </>
  );
}
