import { EmptyState } from "@/components/ui/empty-state";
import { TableFrame } from "@/components/ui/table-frame";
import Link from "next/link";
import type { InstitutionLimits } from "@/lib/settings/institution-limits";
import { linkClassName } from "@/components/ui/text-link";

const n = (value: number) => value.toLocaleString("en-US");

function Usage({ used, limit, unit }: { used: number; limit: number; unit: string }) {
  const over = used > limit;
  return (
    <span className={over ? "font-medium text-red-800" : undefined}>
      {`${n(used)} of ${n(limit)} ${unit}`}
      {over ? <span className="block text-xs">over the limit</span> : null}
    </span>
  );
}

/** The operator's list of institutions (SPEC §3): usage against both limits and the pool, each linking to its Twilio tab. */
export function InstitutionLimitsTable({ institutions }: { institutions: readonly InstitutionLimits[] }) {
  if (institutions.length === 0) return <EmptyState title="No institutions yet.">Institutions appear here once they are set up on the platform.</EmptyState>;
  const headers = ["Institution", "SMS Message Limit (this month)", "SMS Phone Number Usage Limit", "Pool"];
  return (
    <TableFrame label="Institutions">
      <table className="min-w-full divide-y divide-slate-200 text-left text-sm">
        <caption className="sr-only">Institutions</caption>
        <thead className="bg-slate-50">
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col" className="px-4 py-2 font-semibold text-slate-700">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {institutions.map((i) => (
            <tr key={i.id} className="align-top">
              <th scope="row" className="px-4 py-2 font-medium text-slate-900">
                <Link href={`/operator/institutions/${i.id}/twilio`} className={linkClassName()}>
                  {i.name}
                </Link>
                <span className="block text-xs font-normal text-slate-600">{i.timeZone}</span>
              </th>
              <td className="px-4 py-2 text-slate-700">
                <Usage used={i.sentThisMonth} limit={i.smsMonthlyLimit} unit="texts" />
              </td>
              <td className="px-4 py-2 text-slate-700">
                <Usage used={i.numbersAssigned} limit={i.smsPhoneNumberLimit} unit="numbers assigned" />
              </td>
              <td className="px-4 py-2 text-slate-700">{`${n(i.poolSize)} ${i.poolSize === 1 ? "number" : "numbers"}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}
