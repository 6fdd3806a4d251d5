import "server-only";
import { getInstitutionSummary } from "@/db/queries/institutions";
import { countNumberUsage, listMonthlyUsage } from "@/db/queries/phone-number-usage";
import { authorize } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { monthStartInZone } from "@/lib/messaging/send/month";
import type { ServiceContext } from "@/lib/service-context";
import { loadSmsSettings } from "./get-sms-settings";
import { scopedInstitutionId } from "./scoped-institution";
import { monthsEndingWith } from "./usage-months";

export type TwilioUsage = {
  institution: { id: string; name: string };
  /** The current month (YYYY-MM-01) in the institution's time zone. */
  month: string;
  timeZone: string;
  sentThisMonth: number;
  smsMonthlyLimit: number;
  /** The last 12 months, oldest first, the current one last. */
  history: { month: string; sent: number }[];
  numbersAssigned: number;
  smsPhoneNumberLimit: number;
  /** ACTIVE numbers in the institution's pool. */
  poolSize: number;
};

/**
 * The Twilio tab's two meters (SPEC §3): texts counted this calendar month in the
 * institution's time zone against the SMS Message Limit, with the last 12 months, and system
 * numbers assigned against the SMS Phone Number Usage Limit. Administrators see their own
 * institution's; the platform operator any institution's (`institutionId`, default their own).
 */
export async function getTwilioUsage({ ctx, input }: { ctx: ServiceContext; input?: { institutionId?: string } }): Promise<TwilioUsage> {
  const { actor, db, now } = ctx;
  authorize(actor, "smsUsage.read");
  const institutionId = scopedInstitutionId(actor, input?.institutionId);
  const institution = await getInstitutionSummary(db, institutionId);
  if (!institution) throw new AppError("NOT_FOUND", "No such institution.");
  const month = monthStartInZone(now, institution.timeZone);
  const months = monthsEndingWith(month, 12);
  const [settings, sent, numbers] = await Promise.all([
    loadSmsSettings(db, institutionId),
    listMonthlyUsage(db, institutionId, months),
    countNumberUsage(db, institutionId),
  ]);
  return {
    institution: { id: institution.id, name: institution.name },
    month,
    timeZone: institution.timeZone,
    sentThisMonth: sent.get(month) ?? 0,
    smsMonthlyLimit: settings.smsMonthlyLimit,
    history: months.map((m) => ({ month: m, sent: sent.get(m) ?? 0 })),
    numbersAssigned: numbers.assigned,
    smsPhoneNumberLimit: settings.smsPhoneNumberLimit,
    poolSize: numbers.pool,
  };
}
