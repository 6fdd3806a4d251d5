import Link from "next/link";
import type { SuccessTeamMember } from "@/lib/people/get-profile-details";
import { linkClassName } from "@/components/ui/text-link";

/** A system number seen away from its holder's own profile (SPEC §6): it takes texts, never calls. */
export function TextMsgOnlyBadge() {
  return <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">Text Msg Only</span>;
}

/** The student's success team: each staff member with their current numbers (SPEC §6 badges). */
export function SuccessTeam({ members }: { members: SuccessTeamMember[] }) {
  return (
    <ul className="grid gap-3 sm:grid-cols-2">
      {members.map((m) => (
        <li key={m.personId} className="rounded-lg border border-slate-200 bg-white p-4">
          <p className="font-medium text-slate-900">
            <Link href={`/people/${m.personId}/profile`} className={linkClassName()}>
              {m.name}
            </Link>
            <span className="ml-2 text-sm font-normal text-slate-600">{m.teamRole}</span>
          </p>
          {m.phones.length ? (
            <ul className="mt-2 space-y-1 text-sm text-slate-800" aria-label={`Numbers of ${m.name}`}>
              {m.phones.map((p) => (
                <li key={p.id}>
                  {p.formatted}
                  {p.textOnly ? <TextMsgOnlyBadge /> : <span className="ml-2 text-slate-600">({p.typeName})</span>}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-sm text-slate-600">No phone numbers.</p>
          )}
        </li>
      ))}
    </ul>
  );
}
