/** What an institution uses now of its two SMS limits (SPEC §3). */
export type LimitUsage = { institutionName: string; sentThisMonth: number; numbersAssigned: number; poolSize: number };

export type LimitValues = { smsMonthlyLimit: number; smsPhoneNumberLimit: number };

const n = (value: number) => value.toLocaleString("en-US");
const plural = (count: number, one: string, many: string) => `${n(count)} ${count === 1 ? one : many}`;

/**
 * The consequences the platform operator must confirm before a new limit is saved (issue 13.4),
 * one sentence each, for the limits that change:
 * - an SMS Message Limit below the texts already sent this month: every further text this
 *   month goes by email (SPEC §4 fallback MONTHLY_LIMIT_REACHED);
 * - an SMS Phone Number Usage Limit below the numbers already assigned: no user gets a number
 *   until enough are released (the assigned ones keep theirs);
 * - an SMS Phone Number Usage Limit above the pool's size: it cannot be reached until numbers
 *   are added to the pool.
 * Empty when the change is harmless.
 */
export function limitWarnings(usage: LimitUsage, before: LimitValues, requested: Partial<LimitValues>): string[] {
  const warnings: string[] = [];
  const { institutionName: name } = usage;
  const monthly = requested.smsMonthlyLimit;
  if (monthly !== undefined && monthly !== before.smsMonthlyLimit && monthly < usage.sentThisMonth) {
    warnings.push(
      `${name} has already sent ${plural(usage.sentThisMonth, "text", "texts")} this month; with a limit of ${n(monthly)} every further text this month goes by email.`,
    );
  }
  const numbers = requested.smsPhoneNumberLimit;
  if (numbers !== undefined && numbers !== before.smsPhoneNumberLimit) {
    if (numbers < usage.numbersAssigned) {
      warnings.push(
        `${name} already has ${plural(usage.numbersAssigned, "number", "numbers")} assigned; with a limit of ${n(numbers)} nobody else gets a number (they send by email) until assignments are removed.`,
      );
    }
    if (numbers > usage.poolSize) {
      warnings.push(
        `The pool has only ${plural(usage.poolSize, "number", "numbers")}; a limit of ${n(numbers)} cannot be reached until numbers are added.`,
      );
    }
  }
  return warnings;
}
