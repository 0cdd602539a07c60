// Links of the dashboard keep its filters (period, category, unit) unless told otherwise.
// They are never prefetched (`prefetch={false}`): one view shows dozens of links to
// server-rendered lists, and prefetching them would run as many database-backed renders on
// every view, competing with the page's own map requests.
export type Keep = { period?: string; category?: number; unit?: number; trend?: string; measure?: string };

export function dashHref(path: string, keep: Keep, extra: Record<string, string | number | undefined> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...keep, ...extra })) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}
