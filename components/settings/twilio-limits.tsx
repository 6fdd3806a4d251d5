import type { TwilioUsage } from "@/lib/settings/get-twilio-usage";
import { LimitForm } from "./limit-form";
import { MonthlyUsageChart } from "./monthly-usage-chart";
import { UsageMeter } from "./usage-meter";

const READ_ONLY_NOTE = "Provisioned by the platform operator. To increase it, contact your Client Success Manager.";

function monthLabel(month: string) {
  const [y, m] = month.split("-").map(Number);
  return new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, 1)));
}

/** The Twilio tab's two meters (SPEC §3); the limits are a form for the operator and text for everyone else. */
export function TwilioLimits({ usage, canEdit }: { usage: TwilioUsage; canEdit: boolean }) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section aria-labelledby="sms-message-limit-heading" className="min-w-0 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="sms-message-limit-heading" className="text-base font-semibold text-slate-900">
          SMS Message Limit
        </h2>
        <p className="mb-3 text-sm text-slate-600">
          Texts sent in {monthLabel(usage.month)} ({usage.timeZone}). At the limit, texts go by email instead.
        </p>
        <UsageMeter label="SMS Message Limit" used={usage.sentThisMonth} limit={usage.smsMonthlyLimit} unit="texts this month" />
        <MonthlyUsageChart history={usage.history} limit={usage.smsMonthlyLimit} />
        {canEdit ? (
          <LimitForm institutionId={usage.institution.id} name="smsMonthlyLimit" label="SMS Message Limit" value={usage.smsMonthlyLimit} />
        ) : (
          <p className="mt-4 text-sm text-slate-600">{READ_ONLY_NOTE}</p>
        )}
      </section>
      <section aria-labelledby="sms-number-limit-heading" className="min-w-0 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="sms-number-limit-heading" className="text-base font-semibold text-slate-900">
          SMS Phone Number Usage Limit
        </h2>
        <p className="mb-3 text-sm text-slate-600">
          System numbers assigned to users ({usage.poolSize.toLocaleString("en-US")} in your pool). At the limit, users without a
          number send by email.
        </p>
        <UsageMeter label="SMS Phone Number Usage Limit" used={usage.numbersAssigned} limit={usage.smsPhoneNumberLimit} unit="numbers assigned" />
        {canEdit ? (
          <LimitForm institutionId={usage.institution.id} name="smsPhoneNumberLimit" label="SMS Phone Number Usage Limit" value={usage.smsPhoneNumberLimit} />
        ) : (
          <p className="mt-4 text-sm text-slate-600">{READ_ONLY_NOTE}</p>
        )}
      </section>
    </div>
  );
}
