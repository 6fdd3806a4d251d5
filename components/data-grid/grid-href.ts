/** A grid's state as URL query values (search, filters, sort, cursor); undefined = absent. */
export type GridParams = Record<string, string | undefined>;

/** The grid's URL with `changes` applied to the current `params`; empty values are dropped. */
export function gridHref(basePath: string, params: GridParams, changes: GridParams = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...params, ...changes })) {
    if (value !== undefined && value !== "") query.set(key, value);
  }
  const text = query.toString();
  return text ? `${basePath}?${text}` : basePath;
}

/** Next's `searchParams` with one string per name (the first of repeated ones). */
export function firstValues(searchParams: Record<string, string | string[] | undefined>): GridParams {
  return Object.fromEntries(Object.entries(searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}
