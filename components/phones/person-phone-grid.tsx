import Link from "next/link";
import { DataGrid, type DataGridColumn, type DataGridSort } from "@/components/data-grid/data-grid";
import type { GridParams } from "@/components/data-grid/grid-href";
import { SmsStatusBadge } from "@/components/people/sms-status-badge";
import type { PersonPhoneViewItem, PersonPhoneViewPage } from "@/lib/person-phones/person-phone-view-schema";
import { linkClassName } from "@/components/ui/text-link";

export const PERSON_PHONE_PATH = "/admin/data-views/person-phone";

const columns: DataGridColumn<PersonPhoneViewItem>[] = [
  {
    key: "number",
    header: "Number",
    rowHeader: true,
    sortable: true,
    className: "whitespace-nowrap",
    cell: (p) => (
      <>
        {p.formatted}
        <span className="block text-xs font-normal text-slate-600">{p.number}</span>
      </>
    ),
  },
  {
    key: "person",
    header: "Person",
    sortable: true,
    cell: (p) => (
      <Link href={`/people/${p.personId}/profile`} className={linkClassName()}>
        {p.personName}
      </Link>
    ),
  },
  { key: "type", header: "Type", cell: (p) => p.typeName },
  { key: "sms", header: "SMS status", cell: (p) => <SmsStatusBadge status={p.smsStatus} /> },
  { key: "verified", header: "Verified", cell: (p) => (p.verified ? "true" : "false") },
  { key: "src", header: "src_system_id", className: "min-w-32 [overflow-wrap:anywhere]", cell: (p) => p.srcSystemId ?? "—" },
  { key: "typeSrc", header: "phone_type_src_system_id", cell: (p) => p.phoneTypeSrcSystemId },
  { key: "deleted", header: "deleted", cell: (p) => (p.deleted ? "true" : "false") },
];

/** Administration → Data views → Person Phone: one keyset page, sortable by number or person. */
export function PersonPhoneGrid({ page, params, sort }: { page: PersonPhoneViewPage; params: GridParams; sort: DataGridSort }) {
  return (
    <DataGrid
      caption="Person Phone"
      columns={columns}
      rows={page.items}
      rowKey={(p) => p.id}
      basePath={PERSON_PHONE_PATH}
      params={params}
      sort={sort}
      page={page}
      empty="No phone records match."
    />
  );
}
