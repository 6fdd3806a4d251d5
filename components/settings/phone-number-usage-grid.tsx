import Link from "next/link";
import { DataGrid, type DataGridColumn, type DataGridSort } from "@/components/data-grid/data-grid";
import type { GridParams } from "@/components/data-grid/grid-href";
import type { PhoneNumberUsageItem, PhoneNumberUsagePage } from "@/lib/system-numbers/list-phone-number-usage";
import { RemoveAssignmentButton } from "./remove-assignment-button";
import { linkClassName } from "@/components/ui/text-link";

export const USAGE_GRID_PATH = "/admin/messaging/sms-configuration/twilio";

/** Phone Number Usage (SPEC §3): holders of system numbers, sortable, with the trash can for administrators. */
export function PhoneNumberUsageGrid({
  page,
  params,
  sort,
  timeZone,
  canRemove,
}: {
  page: PhoneNumberUsagePage;
  params: GridParams;
  sort: DataGridSort;
  timeZone: string;
  canRemove: boolean;
}) {
  const date = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium" });
  const columns: DataGridColumn<PhoneNumberUsageItem>[] = [
    {
      key: "name",
      header: "User",
      rowHeader: true,
      sortable: true,
      cell: (u) => (
        <>
          <Link href={`/people/${u.personId}/profile`} className={linkClassName()}>
            {u.name}
          </Link>
          {u.isStaff ? null : <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">Student</span>}
        </>
      ),
    },
    { key: "email", header: "Email", cell: (u) => u.email },
    { key: "number", header: "Phone number", sortable: true, className: "whitespace-nowrap", cell: (u) => u.formatted },
    { key: "assigned", header: "Assigned", sortable: true, className: "whitespace-nowrap", cell: (u) => date.format(u.assignedAt) },
    ...(canRemove
      ? [
          {
            key: "remove",
            header: "Remove",
            className: "w-16 text-right",
            cell: (u: PhoneNumberUsageItem) => <RemoveAssignmentButton assignmentId={u.assignmentId} number={u.formatted} holder={u.name} />,
          },
        ]
      : []),
  ];
  return (
    <DataGrid
      caption="Phone Number Usage"
      columns={columns}
      rows={page.items}
      rowKey={(u) => u.assignmentId}
      basePath={USAGE_GRID_PATH}
      params={params}
      sort={sort}
      page={page}
      empty={params.q ? "No one holding a number matches your search." : "No phone numbers are assigned."}
    />
  );
}
