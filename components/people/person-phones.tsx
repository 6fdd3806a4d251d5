import { DataGrid, type DataGridColumn } from "@/components/data-grid/data-grid";
import type { PhoneDto } from "@/lib/people/schemas";
import { SmsStatusBadge } from "./sms-status-badge";

function columns(timeZone: string): DataGridColumn<PhoneDto>[] {
  const date = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium" });
  return [
    { key: "number", header: "Number", rowHeader: true, className: "whitespace-nowrap", cell: (p) => p.formatted },
    { key: "type", header: "Type", cell: (p) => p.typeName },
    { key: "sms", header: "SMS status", cell: (p) => <SmsStatusBadge status={p.smsStatus} /> },
    {
      key: "verified",
      header: "Verified",
      cell: (p) =>
        p.verified && p.verifiedAt
          ? `Yes, ${date.format(new Date(p.verifiedAt))}${p.verifiedBy ? ` by ${p.verifiedBy.displayName}` : ""}`
          : "No",
    },
    { key: "src", header: "Source id", cell: (p) => p.srcSystemId ?? "—" },
    { key: "deleted", header: "Deleted", cell: (p) => (p.deleted ? "Yes" : "No") },
  ];
}

/** The person's phone records (SPEC §2), read-only; deleted ones listed last. */
export function PersonPhones({ phones, personId, timeZone }: { phones: PhoneDto[]; personId: string; timeZone: string }) {
  return (
    <DataGrid
      caption="Phone numbers"
      columns={columns(timeZone)}
      rows={phones}
      rowKey={(p) => p.id}
      basePath={`/people/${personId}/profile`}
      empty="No phone numbers."
    />
  );
}
