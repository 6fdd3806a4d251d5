import { listOptOutsOfPhones } from "@/db/queries/phone-history";
import { authorize } from "@/lib/auth/policy";
import type { ServiceContext } from "@/lib/service-context";
import type { PersonDto } from "./schemas";

export type PersonOptOut = {
  /** The number they texted STOP from, formatted. */
  formatted: string;
  /** When the STOP arrived (the SMS status change it caused). */
  at: Date;
};

/**
 * Whether the person opted out of texts by texting STOP (SPEC §2, §5: the keyword disables every
 * phone holding that number), read from the phones' SMS status history — the newest change of a
 * current, SMS_DISABLED phone is the system's OPT_OUT_KEYWORD. The latest such opt-out, or null.
 * Issue 15.5: the person's header says so, where advisors look, instead of a bare NO_SMS_NUMBER
 * in the composer. Same read rule as getPerson.
 */
export async function getOptOut({ ctx, input }: { ctx: ServiceContext; input: { person: PersonDto } }): Promise<PersonOptOut | null> {
  const { person } = input;
  authorize(ctx.actor, "person.read", { personId: person.id });
  const disabled = person.phones.filter((p) => !p.deleted && !p.isSystem && p.smsStatus === "SMS_DISABLED");
  const optOuts = await listOptOutsOfPhones(ctx.db, { institutionId: ctx.actor.institutionId, phoneIds: disabled.map((p) => p.id) });
  const latest = optOuts.sort((a, b) => b.changedAt.getTime() - a.changedAt.getTime())[0];
  if (!latest) return null;
  return { formatted: disabled.find((p) => p.id === latest.phoneId)!.formatted, at: latest.changedAt };
}
