/**
 * The `count` calendar months ending with `currentMonth` (a `YYYY-MM-01` month start, as
 * `monthStartInZone` gives it), oldest first: the SMS Message Limit chart's bars.
 */
export function monthsEndingWith(currentMonth: string, count: number): string[] {
  const match = /^(\d{4})-(\d{2})-01$/.exec(currentMonth);
  if (!match) throw new Error(`Not a month start: ${currentMonth}`);
  const index = Number(match[1]) * 12 + Number(match[2]) - 1;
  return Array.from({ length: count }, (_, i) => {
    const m = index - (count - 1) + i;
    return `${String(Math.floor(m / 12)).padStart(4, "0")}-${String((m % 12) + 1).padStart(2, "0")}-01`;
  });
}
