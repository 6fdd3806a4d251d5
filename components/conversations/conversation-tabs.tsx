import { TabNav } from "@/components/ui/tab-nav";

/** My conversations / Unmatched (administrators): nested routes, matched exactly (one is the other's parent). */
export function ConversationTabs({ showUnmatched }: { showUnmatched: boolean }) {
  const tabs = [{ href: "/messages", label: "My conversations" }, ...(showUnmatched ? [{ href: "/messages/unmatched", label: "Unmatched" }] : [])];
  return <TabNav label="Conversations" tabs={tabs} match="exact" className="mb-4" />;
}
