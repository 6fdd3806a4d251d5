import type { PersonOptOut } from "@/lib/people/get-opt-out";
import type { PersonDto } from "@/lib/people/schemas";
import { VerifiedCheck } from "./verified-check";

/** The most recently verified current phone (SPEC §2: shown under the person's id with a check mark). */
function lastVerifiedPhone(person: PersonDto) {
  return person.phones
    .filter((p) => !p.deleted && p.verified && p.verifiedAt)
    .sort((a, b) => b.verifiedAt!.localeCompare(a.verifiedAt!))[0];
}

/**
 * Name, kind and source id of the person, with the last-verified number; hovering or focusing the
 * check says who and when; `actions` (Send message) at the right. `optOut`: they texted STOP —
 * said plainly with the date (issue 15.5), since every message to them now goes by email.
 */
export function PersonHeader({
  person,
  timeZone,
  optOut = null,
  actions,
}: {
  person: PersonDto;
  timeZone: string;
  optOut?: PersonOptOut | null;
  actions?: React.ReactNode;
}) {
  const verified = lastVerifiedPhone(person);
  const when = verified && new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium" }).format(new Date(verified.verifiedAt!));
  const note = verified && `Verified${verified.verifiedBy ? ` by ${verified.verifiedBy.displayName}` : ""} on ${when}`;
  return (
    <div className="mb-4 flex flex-wrap items-start justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">
        {person.firstName} {person.lastName}
        {person.deleted ? <span className="ml-2 align-middle text-sm font-medium text-red-700">(deleted)</span> : null}
      </h1>
      <p className="mt-1 text-sm text-slate-600">
        {person.kind === "staff" ? "Staff" : "Student"}
        {person.srcSystemId ? <> · ID {person.srcSystemId}</> : null}
      </p>
      {verified ? (
        <p className="mt-1 text-sm text-slate-800">
          {verified.formatted}{" "}
          <VerifiedCheck note={note!} />
        </p>
      ) : null}
      {optOut ? (
        <p className="mt-2 inline-block rounded-md border border-amber-300 bg-amber-50 px-2.5 py-1 text-sm font-medium text-amber-900">
          Opted out of texts — texted STOP on{" "}
          <time dateTime={optOut.at.toISOString()}>{new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium" }).format(optOut.at)}</time>
          <span className="font-normal"> from {optOut.formatted}. Messages go by email.</span>
        </p>
      ) : null}
      </div>
      {actions ? <div className="flex gap-2">{actions}</div> : null}
    </div>
  );
}
