import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireCapability } from "@/lib/auth/current-actor";

export const metadata: Metadata = { title: "Message Report" };

export default async function MessageReportPage() {
  await requireCapability("admin");
  return (
    <>
      <PageHeader title="Message Report" />
      <EmptyState />
    </>
  );
}
