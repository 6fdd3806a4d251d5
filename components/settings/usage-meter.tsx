/**
 * A used-of-limit meter (role `meter`, with the figures also in text). Turns amber from 80 %
 * and red at the limit, where texts start going by email.
 */
export function UsageMeter({ label, used, limit, unit }: { label: string; used: number; limit: number; unit: string }) {
  const ratio = limit > 0 ? Math.min(used / limit, 1) : 1;
  const tone = used >= limit ? "bg-red-600" : ratio >= 0.8 ? "bg-amber-500" : "bg-blue-600";
  const text = `${used.toLocaleString("en-US")} of ${limit.toLocaleString("en-US")} ${unit}`;
  return (
    <div>
      <p className="text-sm text-slate-800">
        <span className="text-2xl font-semibold text-slate-900">{used.toLocaleString("en-US")}</span> / {limit.toLocaleString("en-US")} {unit}
      </p>
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={Math.min(used, limit)}
        aria-valuetext={text}
        className="mt-2 h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className={`h-full ${tone}`} style={{ width: `${Math.round(ratio * 100)}%` }} />
      </div>
    </div>
  );
}
