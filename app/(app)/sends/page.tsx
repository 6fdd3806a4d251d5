import type { Metadata } from "next";
import { LiveRefresh } from "@/components/conversations/live-refresh";
import { firstValues } from "@/components/data-grid/grid-href";
import { SendsTable } from "@/components/sends/sends-table";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/policy";
import { isAppError } from "@/lib/errors";
import { listSends } from "@/lib/messaging/send/sends";

export const metadata: Metadata = { title: "Sends" };

/** The signed-in staff member's sends (administrators: everyone's), newest first (SPEC §9). A cursor from elsewhere starts over. */
export default async function SendsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("sends.list");
  const { cursor } = firstValues(await searchParams);
  const ctx = { db: getDb(), actor, now: new Date() };
  const page = await listSends({ ctx, input: { cursor } }).catch((err: unknown) => {
    if (isAppError(err) && err.code === "VALIDATION") return listSends({ ctx, input: {} });
    throw err;
  });
  const all = can(actor, "sends.listAll");
  // Sends that can still change on their own (going out, waiting for their time, paused): the page re-renders when one does.
  const changing = page.items.filter((s) => s.state === "sending" || s.state === "scheduled" || s.state === "paused").map((s) => s.id);
  return (
    <>
      {changing.length > 0 ? <LiveRefresh watch={{ kind: "sends", batchIds: changing }} since={Date.now()} debounceMs={1000} /> : null}
      <PageHeader
        title="Sends"
        description={all ? "Every send of your institution, newest first: scheduled ones can be cancelled until they go; one paused for carrier filtering can be resumed or cancelled." : "Your sends, newest first: scheduled ones can be edited or cancelled until they go; one paused for carrier filtering can be resumed or cancelled."}
      />
      <SendsTable page={page} actorUserId={actor.userId} showSender={all} canCancelAny={can(actor, "send.cancel", {})} />
    </>
  );
}
