import { TabNav } from "@/components/ui/tab-nav";

/** The person's tabs (nested routes). */
export function PersonTabs({ personId }: { personId: string }) {
  return (
    <TabNav
      label="Person"
      tabs={[
        { href: `/people/${personId}/profile`, label: "Profile" },
        { href: `/people/${personId}/messages`, label: "Messages" },
      ]}
    />
  );
}
