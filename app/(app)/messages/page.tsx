import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/current-actor";

export const metadata: Metadata = { title: "Messages" };

export default async function MessagesPage() {
  await requireActor();
  return (
    <>
      <PageHeader title="Messages" description="Your text conversations with students and staff." />
      <EmptyState title="No conversations yet." />
    </>
  );
}
