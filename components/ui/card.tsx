export function Card({ className = "", children }: { className?: string; children: React.ReactNode }) {
  return <div className={`rounded-lg border border-slate-200 bg-white p-6 shadow-sm ${className}`.trim()}>{children}</div>;
}
