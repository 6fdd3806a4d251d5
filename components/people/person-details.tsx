import { stateName } from "@/lib/people/location";
import type { PersonDto } from "@/lib/people/schemas";

function Item({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-sm font-medium text-slate-600">{term}</dt>
      <dd className="mt-0.5 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** Names, emails, where the person is (SPEC §9) and security roles, read-only. */
export function PersonDetails({ person }: { person: PersonDto }) {
  return (
    <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      <Item term="First name">{person.firstName}</Item>
      <Item term="Last name">{person.lastName}</Item>
      <Item term="Preferred name">{person.preferredName ?? "—"}</Item>
      <Item term="Source id">{person.srcSystemId ?? "—"}</Item>
      <Item term="Emails">
        {person.emails.length ? (
          <ul>
            {person.emails.map((e) => (
              <li key={e.email}>
                {e.email}
                {e.isPrimary ? <span className="ml-2 rounded bg-blue-50 px-1.5 py-0.5 text-xs font-medium text-blue-800">Primary</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          "—"
        )}
      </Item>
      <Item term="Time zone">{person.timeZone?.replaceAll("_", " ") ?? "Not recorded"}</Item>
      <Item term="State">{person.state ? `${stateName(person.state)} (${person.state})` : "Not recorded"}</Item>
      <Item term="Roles">
        {person.roles.length ? person.roles.map((r) => `${r.name} (${r.kind === "STAFF" ? "staff" : "student"})`).join(", ") : "—"}
      </Item>
    </dl>
  );
}
