/** What status reconciliation did in the last 24 hours, in words: "3 delivered, 1 failed, 2 given up"; "nothing to do". */
export function reconciliationSummary(items: readonly { status: string; gaveUp: boolean; count: number }[]): string {
  if (items.length === 0) return "nothing to do";
  const found = new Map<string, number>();
  let gaveUp = 0;
  for (const item of items) {
    if (item.gaveUp) gaveUp += item.count;
    else found.set(item.status, (found.get(item.status) ?? 0) + item.count);
  }
  const parts = [...found].map(([status, count]) => `${count.toLocaleString("en-US")} ${status}`);
  if (gaveUp > 0) parts.push(`${gaveUp.toLocaleString("en-US")} given up`);
  return parts.join(", ");
}
