import { DataGrid, type DataGridColumn } from "@/components/data-grid/data-grid";
import type { PhoneDto } from "@/lib/people/schemas";
import type { PhoneTypeOption } from "./phone-edit-dialog";
import { PhoneRowActions, VerifiedToggle } from "./phone-row-actions";
import { SmsStatusBadge } from "./sms-status-badge";

function columns(timeZone: string, canEdit: boolean, phoneTypes: PhoneTypeOption[]): DataGridColumn<PhoneDto>[] {
  const date = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium" });
  const verifiedNote = (p: PhoneDto) =>
    p.verified && p.verifiedAt ? `Yes, ${date.format(new Date(p.verifiedAt))}${p.verifiedBy ? ` by ${p.verifiedBy.displayName}` : ""}` : "No";
  const editable = (p: PhoneDto) => canEdit && !p.deleted && !p.isSystem;
  const list: DataGridColumn<PhoneDto>[] = [
    { key: "number", header: "Number", rowHeader: true, className: "whitespace-nowrap", cell: (p) => p.formatted },
    // On the holder's own profile a system number shows its type, "System" (SPEC §6).
    { key: "type", header: "Type", cell: (p) => p.typeName },
    {
      key: "sms",
      header: "SMS status",
      // SMS status does not apply to a system number: it is the sender, never a recipient.
      cell: (p) => (p.isSystem ? <span className="text-slate-600">Not applicable</span> : <SmsStatusBadge status={p.smsStatus} />),
    },
    {
      key: "verified",
      header: "Verified",
      cell: (p) => (editable(p) ? <VerifiedToggle phoneId={p.id} formatted={p.formatted} verified={p.verified} note={verifiedNote(p)} /> : verifiedNote(p)),
    },
    { key: "src", header: "Source id", cell: (p) => p.srcSystemId ?? "—" },
    { key: "deleted", header: "Deleted", cell: (p) => (p.deleted ? "Yes" : "No") },
  ];
  if (canEdit) {
    list.push({
      key: "actions",
      header: "Actions",
      cell: (p) =>
        editable(p) ? (
          <PhoneRowActions phone={{ id: p.id, formatted: p.formatted, phoneTypeSrcSystemId: p.phoneTypeSrcSystemId, srcSystemId: p.srcSystemId, smsStatus: p.smsStatus }} phoneTypes={phoneTypes} />
        ) : p.isSystem && !p.deleted ? (
          <span className="text-sm text-slate-600">Managed on the Twilio tab</span>
        ) : null,
    });
  }
  return list;
}

/**
 * The person's phone records (SPEC §2), deleted ones last. Administrators edit them here
 * ("phones.edit" in lib/auth/policy.ts); everyone else reads.
 */
export function PersonPhones({
  phones,
  personId,
  timeZone,
  canEdit = false,
  phoneTypes = [],
}: {
  phones: PhoneDto[];
  personId: string;
  timeZone: string;
  canEdit?: boolean;
  phoneTypes?: PhoneTypeOption[];
}) {
  return (
    <DataGrid
      caption="Phone numbers"
      columns={columns(timeZone, canEdit, phoneTypes)}
      rows={phones}
      rowKey={(p) => p.id}
      basePath={`/people/${personId}/profile`}
      empty="No phone numbers."
    />
  );
}
