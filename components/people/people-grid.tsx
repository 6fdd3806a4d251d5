import Link from "next/link";
import { DataGrid, type DataGridColumn, type DataGridSort } from "@/components/data-grid/data-grid";
import type { GridParams } from "@/components/data-grid/grid-href";
import type { PersonListItem, PersonListPage } from "@/lib/people/schemas";
import { RowSelect } from "./people-selection";
import { linkClassName } from "@/components/ui/text-link";

const columns: DataGridColumn<PersonListItem>[] = [
  {
    key: "name",
    header: "Name",
    rowHeader: true,
    sortable: true,
    cell: (p) => (
      <Link href={`/people/${p.id}/profile`} className={linkClassName()}>
        {p.lastName}, {p.preferredName ?? p.firstName}
      </Link>
    ),
  },
  { key: "kind", header: "Kind", cell: (p) => (p.kind === "staff" ? "Staff" : "Student") },
  { key: "roles", header: "Roles", cell: (p) => p.roles.map((r) => r.name).join(", ") || "—" },
  { key: "email", header: "Primary email", cell: (p) => p.primaryEmail ?? "—" },
  {
    key: "phone",
    header: "Phone",
    className: "whitespace-nowrap",
    cell: (p) =>
      p.mainPhone ? (
        <>
          {p.mainPhone.formatted} <span className="text-slate-500">({p.mainPhone.typeName})</span>
        </>
      ) : (
        "—"
      ),
  },
];

/** The name a row is selected and listed by: "Maya Patel". */
export function personRowName(p: PersonListItem): string {
  return `${p.preferredName ?? p.firstName} ${p.lastName}`;
}

const selectColumn: DataGridColumn<PersonListItem> = {
  key: "select",
  header: "Select",
  cell: (p) => <RowSelect id={p.id} name={personRowName(p)} />,
};

/** The People list: one keyset page, sortable by name, links to each profile; `selectable` adds recipient checkboxes. */
export function PeopleGrid({ page, params, sort, selectable = false }: { page: PersonListPage; params: GridParams; sort: DataGridSort; selectable?: boolean }) {
  return (
    <DataGrid
      caption="People"
      columns={selectable ? [selectColumn, ...columns] : columns}
      rows={page.items}
      rowKey={(p) => p.id}
      basePath="/people"
      params={params}
      sort={sort}
      page={page}
      empty="No people match your search."
      emptyHint="Check the spelling, search by ID, email or phone, or set the filters back to Everyone and Any."
    />
  );
}
