// Server-side clustering of event markers, so that the browser draws a few hundred markers
// whatever the number of events in view. Pure: the database bins the events of the view
// into square cells of the Web Mercator pixel plane at the map's zoom (one aggregate
// statement: count, centroid, counts by status, and the id when a cell holds one event),
// and `mergeCells` joins neighbouring cells whose centroids lie within the cluster radius,
// greedily from the largest. `clusterPoints` does both steps in memory: it is the
// reference the tests compare the database's binning with.
//
// Coordinates are WGS-84 as stored; the browser shifts them for GCJ-02 tiles itself.

export const TILE_SIZE = 256;
/** Side of a binning cell, in screen pixels. */
export const CELL_PX = 40;
/** Cells whose centroids are closer than this (pixels) end up in one cluster marker. */
export const CLUSTER_RADIUS_PX = 60;
/** Side of a heat-map cell, in screen pixels. */
export const HEAT_CELL_PX = 12;
export const MIN_ZOOM = 3;
export const MAX_ZOOM = 19;

export const STATUSES = ["overdue", "warning", "open", "closed"] as const;
export type Status = (typeof STATUSES)[number];
/** Counts by status, in STATUSES order. */
export type StatusCounts = [number, number, number, number];

export function clampZoom(zoom: number): number {
  return Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, Math.round(zoom)));
}

/** Web Mercator pixel coordinates of (lng, lat) at a zoom level. */
export function project(lng: number, lat: number, zoom: number): [number, number] {
  const scale = TILE_SIZE * 2 ** zoom;
  const sin = Math.min(Math.max(Math.sin((lat * Math.PI) / 180), -0.9999), 0.9999);
  return [((lng + 180) / 360) * scale, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale];
}

export function unproject(x: number, y: number, zoom: number): [number, number] {
  const scale = TILE_SIZE * 2 ** zoom;
  const lng = (x / scale) * 360 - 180;
  const n = Math.PI - (2 * Math.PI * y) / scale;
  return [lng, (180 / Math.PI) * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n)))];
}

/** A binning cell as the database returns it. */
export interface Cell {
  cx: number;
  cy: number;
  n: number;
  /** Centroid of the cell's events. */
  lng: number;
  lat: number;
  counts: StatusCounts;
  /** The event's id when the cell holds exactly one. */
  id: string | null;
}

export interface Cluster {
  lng: number;
  lat: number;
  n: number;
  counts: StatusCounts;
  /** Set when the cluster is a single event: the marker links to it. */
  id: string | null;
}

/**
 * Joins cells into clusters: the largest cell not yet taken seeds a cluster and takes
 * every untaken cell of its 3×3 neighbourhood whose centroid lies within `radiusPx` of the
 * seed's centroid. The result's centroid is the count-weighted mean. Every event lands in
 * exactly one cluster, so counts are conserved.
 */
export function mergeCells(cells: readonly Cell[], zoom: number, radiusPx = CLUSTER_RADIUS_PX): Cluster[] {
  const byKey = new Map<string, Cell>();
  for (const c of cells) byKey.set(`${c.cx}:${c.cy}`, c);
  const taken = new Set<string>();
  const order = [...cells].sort((a, b) => b.n - a.n || a.cx - b.cx || a.cy - b.cy);
  const out: Cluster[] = [];
  const r2 = radiusPx * radiusPx;
  for (const seed of order) {
    const seedKey = `${seed.cx}:${seed.cy}`;
    if (taken.has(seedKey)) continue;
    taken.add(seedKey);
    const [sx, sy] = project(seed.lng, seed.lat, zoom);
    let n = seed.n;
    let lng = seed.lng * seed.n;
    let lat = seed.lat * seed.n;
    const counts = [...seed.counts] as StatusCounts;
    let id = seed.n === 1 ? seed.id : null;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        if (!dx && !dy) continue;
        const key = `${seed.cx + dx}:${seed.cy + dy}`;
        const other = byKey.get(key);
        if (!other || taken.has(key)) continue;
        const [ox, oy] = project(other.lng, other.lat, zoom);
        if ((ox - sx) ** 2 + (oy - sy) ** 2 > r2) continue;
        taken.add(key);
        n += other.n;
        lng += other.lng * other.n;
        lat += other.lat * other.n;
        for (let i = 0; i < counts.length; i++) counts[i] += other.counts[i];
        id = null;
      }
    }
    out.push({ lng: lng / n, lat: lat / n, n, counts, id });
  }
  return out;
}

export interface Point {
  id: string;
  lng: number;
  lat: number;
  status: Status;
}

/** The binning the database does, in memory: cells of `cellPx` screen pixels. */
export function binPoints(points: readonly Point[], zoom: number, cellPx = CELL_PX): Cell[] {
  const cells = new Map<string, Cell & { sumLng: number; sumLat: number }>();
  for (const p of points) {
    const [x, y] = project(p.lng, p.lat, zoom);
    const cx = Math.floor(x / cellPx);
    const cy = Math.floor(y / cellPx);
    const key = `${cx}:${cy}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { cx, cy, n: 0, lng: 0, lat: 0, sumLng: 0, sumLat: 0, counts: [0, 0, 0, 0], id: null }));
    c.n++;
    c.sumLng += p.lng;
    c.sumLat += p.lat;
    c.counts[STATUSES.indexOf(p.status)]++;
    c.id = c.n === 1 ? p.id : null;
  }
  return [...cells.values()].map(({ sumLng, sumLat, ...c }) => ({ ...c, lng: sumLng / c.n, lat: sumLat / c.n }));
}

export function clusterPoints(points: readonly Point[], zoom: number): Cluster[] {
  return mergeCells(binPoints(points, zoom), zoom);
}

/** The status of an event on the map; null for events the map leaves out (rejected, merged). */
export function statusOf(e: { state: string; isOpen: boolean; dueAt: Date | null; warnAt: Date | null }, now: Date): Status | null {
  if (e.state === "REJECTED" || e.state === "MERGED") return null;
  if (!e.isOpen) return "closed";
  if (e.dueAt && e.dueAt < now) return "overdue";
  if (e.warnAt && e.warnAt <= now) return "warning";
  return "open";
}

export type BBox = [west: number, south: number, east: number, north: number];

/** A bounding box from "w,s,e,n", clamped to the world; null when malformed or empty. */
export function parseBBox(raw: string | undefined | null): BBox | null {
  if (!raw) return null;
  const parts = raw.split(",").map(Number);
  if (parts.length !== 4 || parts.some((x) => !Number.isFinite(x))) return null;
  const [w, s, e, n] = parts;
  const box: BBox = [Math.max(-180, w), Math.max(-85, s), Math.min(180, e), Math.min(85, n)];
  return box[0] < box[2] && box[1] < box[3] ? box : null;
}
