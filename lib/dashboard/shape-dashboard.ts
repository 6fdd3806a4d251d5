import { z } from "zod";
import type { WeeklyCountRow } from "@/db/queries/dashboard";
import { reasonLabel } from "@/lib/messaging/reason-labels";
import type { DashboardCalendar } from "./weeks";

const rate = z.number().min(0).max(1).nullable().describe("A share from 0 to 1; null when there is nothing to divide by.");

export const weekFiguresSchema = z.object({
  week: z.string().describe("The week's Monday (YYYY-MM-DD) in the institution's time zone."),
  texts: z.number().int().describe("Texts sent (refused ones apart)."),
  emails: z.number().int().describe("Emails sent (UNDELIVERABLE, no address, apart)."),
  delivered: z.number().int(),
  failed: z.number().int().describe("Texts failed or undelivered."),
  deliveryRate: rate.describe("delivered ÷ (delivered + failed): of the texts with a final status, the share delivered."),
  replied: z.number().int().describe("Texts whose recipient texted back within 24 hours."),
  replyRate: rate.describe("replied ÷ texts."),
  replies: z.number().int().describe("Inbound texts received."),
  optOuts: z.number().int().describe("People who opted out (texted STOP, or Twilio 21610)."),
});

export const dashboardSchema = z.object({
  timeZone: z.string(),
  asOf: z.string().nullable().describe("When the figures were computed (the worker recomputes them every 5 minutes)."),
  month: weekFiguresSchema.omit({ week: true }).extend({ start: z.string().describe("The month's first day (YYYY-MM-DD).") }),
  weeks: z.array(weekFiguresSchema).describe("The last 12 weeks, oldest first; the last is the current week so far."),
  failureReasons: z
    .array(z.object({ code: z.string(), label: z.string(), total: z.number().int(), weekly: z.array(z.number().int()) }))
    .describe("Reasons of failed, undelivered and refused messages over the 12 weeks, most frequent first; `weekly` follows `weeks`."),
  staff: z
    .array(
      z.object({
        personId: z.string(),
        name: z.string(),
        sends: z.number().int(),
        messages: z.number().int(),
        weeklySends: z.array(z.number().int()),
      }),
    )
    .describe("Each staff member's sends (one press of Send each) and messages sent over the 12 weeks, most sends first."),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
export type WeekFigures = z.infer<typeof weekFiguresSchema>;

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

type Totals = { texts: number; emails: number; delivered: number; failed: number; replied: number; replies: number; optOuts: number };
const FIGURE_OF: Partial<Record<WeeklyCountRow["metric"], keyof Totals>> = {
  texts: "texts",
  emails: "emails",
  texts_delivered: "delivered",
  texts_failed: "failed",
  texts_replied: "replied",
  replies: "replies",
  opt_outs: "optOuts",
};

function withRates(t: Totals) {
  return { ...t, deliveryRate: share(t.delivered, t.delivered + t.failed), replyRate: share(t.replied, t.texts) };
}

const zero = (): Totals => ({ texts: 0, emails: 0, delivered: 0, failed: 0, replied: 0, replies: 0, optOuts: 0 });

/**
 * The weekly rows of db/queries/dashboard.ts as the dashboard shows them: every one of the 12
 * weeks (a week with no row is zeros), rates where they can be computed, reasons in words
 * (lib/messaging/reason-labels.ts) and staff by name, most frequent first. Pure.
 */
export function shapeDashboard(p: {
  rows: readonly WeeklyCountRow[];
  calendar: DashboardCalendar;
  timeZone: string;
  names: ReadonlyMap<string, string>;
  asOf: Date | null;
}): Dashboard {
  const index = new Map(p.calendar.weeks.map((w, i) => [w, i]));
  const weeks = p.calendar.weeks.map(zero);
  const month = zero();
  const reasons = new Map<string, number[]>();
  const staff = new Map<string, { sends: number[]; messages: number }>();
  const weeklyOf = <T>(map: Map<string, T>, key: string, make: () => T) => map.get(key) ?? map.set(key, make()).get(key)!;
  for (const row of p.rows) {
    const i = index.get(row.week);
    if (i === undefined) continue;
    const figure = FIGURE_OF[row.metric];
    if (figure) {
      weeks[i][figure] += row.count;
      month[figure] += row.monthCount;
    } else if (row.metric === "failure_reason") {
      weeklyOf(reasons, row.key, () => p.calendar.weeks.map(() => 0))[i] += row.count;
    } else if (row.metric === "staff_sends") {
      weeklyOf(staff, row.key, () => ({ sends: p.calendar.weeks.map(() => 0), messages: 0 })).sends[i] += row.count;
    } else if (row.metric === "staff_messages") {
      weeklyOf(staff, row.key, () => ({ sends: p.calendar.weeks.map(() => 0), messages: 0 })).messages += row.count;
    }
  }
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    timeZone: p.timeZone,
    asOf: p.asOf?.toISOString() ?? null,
    month: { start: p.calendar.monthStart, ...withRates(month) },
    weeks: weeks.map((t, i) => ({ week: p.calendar.weeks[i], ...withRates(t) })),
    failureReasons: [...reasons]
      .map(([code, weekly]) => ({ code, label: reasonLabel(code), total: sum(weekly), weekly }))
      .sort((a, b) => b.total - a.total || a.code.localeCompare(b.code)),
    staff: [...staff]
      .map(([personId, s]) => ({ personId, name: p.names.get(personId) ?? "Unknown", sends: sum(s.sends), messages: s.messages, weeklySends: s.sends }))
      .sort((a, b) => b.sends - a.sends || b.messages - a.messages || a.name.localeCompare(b.name)),
  };
}
