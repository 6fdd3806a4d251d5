/**
 * The frame every table sits in (issue 15.4): a table wider than the screen scrolls inside it,
 * never the page. `relative` keeps the table's absolutely placed pieces (screen-reader-only
 * labels) inside the frame — without it they widen the document. Named, with a
 * tab stop, so keyboard users can scroll it too (axe: scrollable-region-focusable); a group, not a
 * region, so it adds no landmark that could share a name with the section around it.
 */
export function TableFrame({ label, className = "", children }: { label: string; className?: string; children: React.ReactNode }) {
  return (
    <div role="group" aria-label={label} tabIndex={0} className={`relative overflow-x-auto rounded-lg border border-slate-200 bg-white ${className}`.trim()}>
      {children}
    </div>
  );
}
