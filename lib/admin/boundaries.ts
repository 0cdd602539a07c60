// Checks of grid boundaries, pure so that the boundary editor can run them in the browser
// before saving and the server runs them again: a valid simple polygon, no overlap with
// neighbouring grids (refused), and, as warnings, a grid reaching outside its parent or
// leaving part of the parent covered by no grid.
import { bbox, labelPoint, pointInPolygon, polygonArea, polygonsOverlap, type PolygonalGeometry, type Position, type Ring } from "@/lib/geo";

/** Problems are i18n keys under `errors.` (with values). */
export interface GeometryProblem {
  key: string;
  values?: Record<string, string | number>;
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

function normaliseRing(ring: Position[]): Ring {
  const out: Position[] = [];
  for (const [x, y] of ring) {
    const p: Position = [round6(x), round6(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0], first[1]]);
  return out;
}

/** Rounds to 6 decimals (~0.1 m), drops repeated points and closes the rings. */
export function normaliseGeometry(g: PolygonalGeometry): PolygonalGeometry {
  if (g.type === "Polygon") return { type: "Polygon", coordinates: g.coordinates.map(normaliseRing) };
  return { type: "MultiPolygon", coordinates: g.coordinates.map((p) => p.map(normaliseRing)) };
}

function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const orient = (p: Position, q: Position, r: Position) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) return true;
  // Collinear overlapping pieces count as touching the ring twice: also a bad ring.
  const within = (p: Position, q: Position, r: Position) =>
    Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1]);
  if (o1 === 0 && within(a, b, c) && o2 === 0 && within(a, b, d)) return true;
  return false;
}

/** Whether a closed ring crosses itself (non-adjacent edges meet). O(n²), fine for a grid's few hundred vertices. */
export function ringSelfIntersects(ring: Ring): boolean {
  const n = ring.length - 1;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      const a = ring[i];
      const b = ring[i + 1];
      const c = ring[j];
      const d = ring[j + 1];
      if (segmentsCross(a, b, c, d)) return true;
      // Non-adjacent edges sharing a vertex: the ring touches itself.
      const same = (p: Position, q: Position) => p[0] === q[0] && p[1] === q[1];
      if (same(a, c) || same(a, d) || same(b, c) || same(b, d)) return true;
    }
  }
  return false;
}

export const MAX_VERTICES = 5000;

/** What is wrong with a (normalised) geometry as a grid boundary, or null. */
export function geometryProblem(g: PolygonalGeometry): GeometryProblem | null {
  const polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  let vertices = 0;
  for (const rings of polygons) {
    if (rings.length === 0) return { key: "adminGeometryEmpty" };
    for (const ring of rings) {
      vertices += ring.length;
      if (ring.length < 4) return { key: "adminGeometryTooFewPoints" };
      if (ringSelfIntersects(ring)) return { key: "adminGeometrySelfIntersects" };
    }
    if (polygonArea({ type: "Polygon", coordinates: rings }) <= 0) return { key: "adminGeometryEmpty" };
  }
  if (vertices > MAX_VERTICES) return { key: "adminGeometryTooLarge", values: { max: MAX_VERTICES } };
  return null;
}

export interface Neighbour {
  id: number;
  name: string;
  geometry: PolygonalGeometry;
}

export interface BoundaryReview {
  /** Grids the new boundary overlaps: the save is refused while any are listed. */
  overlaps: { id: number; name: string }[];
  /** Advice only: saved anyway. */
  warnings: GeometryProblem[];
}

/**
 * Reviews a grid's new boundary against the other grids of the county and its parent's
 * boundary. `siblings` are the parent's other grids (for the gap check), a subset of
 * `neighbours` (every other grid that could overlap).
 */
export function reviewBoundary(
  geometry: PolygonalGeometry,
  neighbours: Neighbour[],
  parent: PolygonalGeometry | null,
  siblings: Neighbour[],
): BoundaryReview {
  const box = bbox(geometry);
  const overlaps = neighbours
    .filter((n) => {
      const b = bbox(n.geometry);
      return b[0] < box[2] && box[0] < b[2] && b[1] < box[3] && box[1] < b[3];
    })
    .filter((n) => polygonsOverlap(geometry, n.geometry))
    .map((n) => ({ id: n.id, name: n.name }));
  const warnings: GeometryProblem[] = [];
  if (parent) {
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    const outside = polygons.some((rings) => rings[0].some(([x, y]) => !pointInPolygon(x, y, parent)));
    if (outside) warnings.push({ key: "adminBoundaryOutsideParent" });
    const parentArea = polygonArea(parent);
    if (parentArea > 0 && overlaps.length === 0) {
      const covered = polygonArea(geometry) + siblings.reduce((sum, s) => sum + polygonArea(s.geometry), 0);
      const gap = (parentArea - covered) / parentArea;
      // Below 1% is drawing noise along shared borders.
      if (gap > 0.01 && !outside) warnings.push({ key: "adminBoundaryGap", values: { percent: Math.round(gap * 1000) / 10 } });
    }
  }
  return { overlaps, warnings };
}

/** Where to put the unit's centre: a point surely inside its boundary, [lat, lng]. */
export function centreOf(g: PolygonalGeometry): { lat: number; lng: number } {
  const [lng, lat] = labelPoint(g);
  return { lat: round6(lat), lng: round6(lng) };
}
