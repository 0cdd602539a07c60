// The dashboard map's data requests, shared by the loader and the map. The loader starts
// the grid and measure requests as soon as it renders in the browser, so that they run
// while the Leaflet chunk downloads instead of after it; the map then takes the responses
// already under way (or asks itself when there is none).

export const layerQuery = (query: Record<string, string>, unitId: number) => new URLSearchParams({ ...query, unit: String(unitId) }).toString();

/** The grid layer; with the layer's version the URL names one content, which the browser may keep. */
export const gridsUrl = (unitId: number, version?: string) =>
  `/api/dashboard/map/grids?unit=${unitId}${version ? `&v=${encodeURIComponent(version)}` : ""}`;

export const measureUrl = (qs: string, measure: string) => `/api/dashboard/map/measure?${qs}&measure=${measure}`;

export async function requestJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { credentials: "same-origin" });
  if (!res.ok) throw new Error(String(res.status));
  return (await res.json()) as T;
}

const EARLY_MS = 15_000;
const early = new Map<string, { at: number; response: Promise<unknown> }>();

/** Starts a request now (once per URL) for the map to take later. */
export function requestEarly(url: string): void {
  if (early.has(url)) return;
  const response = requestJson(url);
  response.catch(() => undefined); // reported by whoever takes it
  early.set(url, { at: Date.now(), response });
}

/** The response of an early request of this URL (at most once, and only a recent one), or a new request. */
export function takeJson<T>(url: string): Promise<T> {
  const e = early.get(url);
  early.delete(url);
  return e && Date.now() - e.at < EARLY_MS ? (e.response as Promise<T>) : requestJson<T>(url);
}
