import { requirePermission } from "@/lib/auth/current-actor";

/**
 * Checks the permission before the list's loading.tsx starts streaming, so a refusal still
 * answers 403 (under a streamed boundary it would be a 200 with the 403 card). The page checks again.
 */
export default async function Layout({ children }: { children: React.ReactNode }) {
  await requirePermission("conversations.list");
  return children;
}
