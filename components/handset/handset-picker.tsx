import Link from "next/link";
import { SmsStatusBadge } from "@/components/people/sms-status-badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { HandsetPhone } from "@/db/queries/handset";
import type { SmsStatus } from "@/db/schema/constants";
import { formatPhone } from "@/lib/e164";
import { linkClassName } from "@/components/ui/text-link";

/** Choose the phone to act as: search people by name or number; a typed number may be on nobody's record. */
export function HandsetPicker({
  q,
  matches,
  typedNumber,
  chosen,
}: {
  q: string;
  matches: HandsetPhone[];
  typedNumber: string | null;
  chosen: string | null;
}) {
  const href = (number: string) => `/dev/handset?${new URLSearchParams({ q, number })}`;
  return (
    <section aria-labelledby="picker-heading" className="space-y-3">
      <h2 id="picker-heading" className="text-lg font-semibold text-slate-900">
        Choose a phone
      </h2>
      <form method="get" action="/dev/handset" role="search" className="flex items-end gap-2">
        <div className="flex-1">
          <Label htmlFor="handset-q">Person or number</Label>
          <Input id="handset-q" name="q" defaultValue={q} className="mt-1" />
        </div>
        {chosen ? <input type="hidden" name="number" value={chosen} /> : null}
        <Button type="submit" variant="secondary">
          Find
        </Button>
      </form>
      {q && matches.length === 0 && !typedNumber ? <p className="text-sm text-slate-600">No phones match.</p> : null}
      <ul aria-label="Phones" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
        {typedNumber && !matches.some((m) => m.number === typedNumber) ? (
          <li className="px-3 py-2 text-sm">
            <Link href={href(typedNumber)} aria-current={chosen === typedNumber ? "true" : undefined} className={linkClassName("font-medium")}>
              {formatPhone(typedNumber)}
            </Link>{" "}
            <span className="text-slate-600">(not on anyone&apos;s record)</span>
          </li>
        ) : null}
        {matches.map((m) => (
          <li key={`${m.personId}-${m.number}`} className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm">
            <Link href={href(m.number)} aria-current={chosen === m.number ? "true" : undefined} className={linkClassName("font-medium")}>
              {m.name} — {formatPhone(m.number)}
            </Link>
            <span className="text-slate-600">{m.typeName}</span>
            <SmsStatusBadge status={m.smsStatus as SmsStatus} />
          </li>
        ))}
      </ul>
    </section>
  );
}
