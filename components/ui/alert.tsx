const TONES = {
  error: "border-red-300 bg-red-50 text-red-900",
  success: "border-green-300 bg-green-50 text-green-900",
  info: "border-blue-300 bg-blue-50 text-blue-900",
} as const;

/**
 * A message about the whole form or page. Errors are announced (`role="alert"`); give it an
 * id or select it by its text in tests, since Next's route announcer is an alert too.
 */
export function Alert({ tone = "info", id, children }: { tone?: keyof typeof TONES; id?: string; children: React.ReactNode }) {
  return (
    <div id={id} role={tone === "error" ? "alert" : "status"} className={`rounded-md border px-3 py-2 text-sm ${TONES[tone]}`}>
      {children}
    </div>
  );
}
