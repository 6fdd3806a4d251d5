import type { Metadata } from "next";
import { z } from "zod";
import { GridSearch } from "@/components/data-grid/grid-search";
import { firstValues } from "@/components/data-grid/grid-href";
import { PhoneNumberUsageGrid, USAGE_GRID_PATH } from "@/components/settings/phone-number-usage-grid";
import { SettingsChanges } from "@/components/settings/settings-changes";
import { TwilioLimits } from "@/components/settings/twilio-limits";
import { Alert } from "@/components/ui/alert";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/policy";
import { isAppError } from "@/lib/errors";
import { listPhoneNumberUsage } from "@/lib/system-numbers/list-phone-number-usage";
import { formatPhone } from "@/lib/e164";
import { getTwilioUsage } from "@/lib/settings/get-twilio-usage";
import { listSettingsChanges } from "@/lib/settings/list-settings-changes";

export const metadata: Metadata = { title: "Twilio · SMS Configuration" };

const Search = z.object({
  q: z.string().max(200).optional().catch(undefined),
  sort: z.enum(["name", "number", "assigned"]).catch("name"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  cursor: z.string().optional(),
  removed: z.string().regex(/^\+[1-9]\d{6,14}$/).optional().catch(undefined),
});

export default async function TwilioPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("smsUsage.read");
  const { removed, ...grid } = Search.parse(firstValues(await searchParams));
  const ctx = { db: getDb(), actor, now: new Date() };
  const [usage, page, changes] = await Promise.all([
    getTwilioUsage({ ctx }),
    listPhoneNumberUsage({ ctx, input: grid }).catch((err: unknown) => {
      if (isAppError(err) && err.code === "VALIDATION") return listPhoneNumberUsage({ ctx, input: { ...grid, cursor: undefined } });
      throw err;
    }),
    listSettingsChanges({ ctx, input: { scopes: ["SMS_LIMITS", "PHONE_NUMBER_USAGE"] } }),
  ]);
  const params = { q: grid.q, sort: grid.sort, dir: grid.dir };
  return (
    <>
      <TwilioLimits usage={usage} canEdit={can(actor, "smsLimits.edit")} />
      <section aria-labelledby="usage-heading" className="mt-10">
        <h2 id="usage-heading" className="mb-3 text-lg font-semibold text-slate-900">
          Phone Number Usage
        </h2>
        {removed ? (
          <div className="mb-4">
            <Alert tone="success">{`${formatPhone(removed)} was removed and returned to the pool.`}</Alert>
          </div>
        ) : null}
        <GridSearch basePath={USAGE_GRID_PATH} label="Search by name, email or number" params={params} keep={["sort", "dir"]} />
        <PhoneNumberUsageGrid page={page} params={params} sort={{ key: grid.sort, dir: grid.dir }} timeZone={usage.timeZone} canRemove={can(actor, "numberAssignment.remove")} />
      </section>
      <SettingsChanges changes={changes} timeZone={usage.timeZone} />
    </>
  );
}
