/**
 * What a list route shows while its server renders (the routes' `loading.tsx`, issue 15.14): the
 * page's title (left out where the boundary also covers child pages, as /people covers a
 * person) and grey rows in the shape of the table, announced once as busy to screen readers.
 */
export function ListSkeleton({ title, label, rows = 6 }: { title?: string; label: string; rows?: number }) {
  return (
    <div role="status" aria-live="polite" aria-busy="true">
      {title ? <h1 className="mb-4 text-2xl font-semibold text-slate-900">{title}</h1> : null}
      <span className="sr-only">{label}</span>
      <div aria-hidden="true" className="animate-pulse space-y-4">
        <div className="h-10 w-full max-w-xl rounded-md bg-slate-200" />
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
          <div className="h-9 bg-slate-100" />
          {Array.from({ length: rows }, (_, i) => (
            <div key={i} className="flex gap-4 border-t border-slate-100 px-4 py-3">
              <div className="h-4 w-1/4 rounded bg-slate-200" />
              <div className="h-4 w-1/3 rounded bg-slate-100" />
              <div className="h-4 w-1/5 rounded bg-slate-100" />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
