import { describeTemplateProblems, parseTemplate } from "@/lib/messaging/templates/render";

/**
 * The merge fields a body holds, shown as fields (SPEC §10), each with its fallback, or the
 * problem that would refuse the body (an unknown field, named). Nothing for plain text.
 */
export function FieldChips({ body }: { body: string }) {
  if (!body.includes("{{") && !body.includes("}}")) return null;
  const { template, problems } = parseTemplate(body);
  if (!template) {
    return (
      <p className="mt-1 text-xs font-medium text-red-700" role="status">
        {describeTemplateProblems(problems)}
      </p>
    );
  }
  const parts = template.parts.filter((p) => typeof p !== "string");
  const seen = new Set<string>();
  return (
    <p className="mt-1 flex flex-wrap items-center gap-1 text-xs text-slate-600">
      <span>Filled in for each recipient:</span>
      {parts.map((p) => {
        if (seen.has(p.source)) return null;
        seen.add(p.source);
        return (
          <span key={p.source} className="rounded bg-indigo-50 px-1.5 py-0.5 font-mono text-indigo-800 ring-1 ring-indigo-200">
            {p.field}
            {p.fallback !== null ? <span className="text-indigo-600"> or “{p.fallback}”</span> : null}
          </span>
        );
      })}
    </p>
  );
}
