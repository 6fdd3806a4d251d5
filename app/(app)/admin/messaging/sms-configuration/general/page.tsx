import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireCapability } from "@/lib/auth/current-actor";

export const metadata: Metadata = { title: "SMS Configuration" };

export default async function SmsConfigurationPage() {
  await requireCapability("admin", "operator");
  return (
    <>
      <PageHeader title="SMS Configuration" />
      <EmptyState />
    </>
  );
}
