/** The dashboard's wording of numbers and dates (issue 18): shared by its server and client components. */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Dec 7" for a week's Monday (YYYY-MM-DD): the charts' axis. */
export function weekLabel(week: string): string {
  const [, m, d] = week.split("-").map(Number);
  return `${MONTHS[m - 1]} ${d}`;
}

/** "Dec 7, 2026": the week's Monday in tooltips and tables. */
export function weekOfLabel(week: string): string {
  return `${weekLabel(week)}, ${week.slice(0, 4)}`;
}

/** A share (0–1) as a percentage, one decimal under 10 %; "—" when there is none. */
export function formatShare(value: number | null): string {
  if (value === null) return "—";
  const pct = value * 100;
  return `${pct > 0 && pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`;
}

/** How long ago, in words ("3 min ago", "5 h ago", "2 days ago"); "never" for null. */
export function formatAgo(iso: string | null, now: Date): string {
  if (!iso) return "never";
  const minutes = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 60_000));
  if (minutes < 1) return "just now";
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

/** A time in the institution's zone, "Dec 7, 6:40 PM CST". */
export function formatTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" }).format(new Date(iso));
}

/**
 * The alerts the Health panel lists: a rule's warning (80 %) is left out while the same rule's
 * critical level (100 %) is open — one rule, one line, the worse (both are kept, and only the
 * critical one is emailed: lib/health/health-rules.ts `coveredBy`).
 */
export function alertsToShow<A extends { key: string; level: "warning" | "critical" }>(alerts: readonly A[]): A[] {
  const rule = (key: string) => key.replace(/^(number-pool|monthly-limit):\d+/, "$1");
  const critical = new Set(alerts.filter((a) => a.level === "critical").map((a) => rule(a.key)));
  return alerts.filter((a) => a.level === "critical" || !critical.has(rule(a.key)) || rule(a.key) === a.key);
}
