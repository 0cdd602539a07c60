// The compact wire format of the map's grid layer: boundaries simplified (Douglas-Peucker,
// about 5 metres, below what a county or township view can show: a pixel is 10 m at zoom 14), rounded to 1e-5°
// (about a metre) and delta-encoded as integers. A grid polygon of 10 vertices costs about
// 80 bytes instead of about 400 as GeoJSON, so 400 grids stay far below 200 KB even with
// real, dense boundaries. Pure: the server encodes, the browser decodes.
import type { PolygonalGeometry, Position, Ring } from "@/lib/geo";

export const QUANTUM = 1e5;
export const SIMPLIFY_TOLERANCE = 5e-5;

/** Polygons → rings → [x0, y0, dx1, dy1, …] in 1e-5° units, the closing vertex left out. */
export type Encoded = number[][][];

function sqSegDist(p: Position, a: Position, b: Position): number {
  let x = a[0];
  let y = a[1];
  let dx = b[0] - x;
  let dy = b[1] - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((p[0] - x) * dx + (p[1] - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = b[0];
      y = b[1];
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = p[0] - x;
  dy = p[1] - y;
  return dx * dx + dy * dy;
}

/** Douglas-Peucker on an open polyline; keeps both ends. */
export function simplifyLine(points: Position[], tolerance: number): Position[] {
  if (points.length <= 2) return points.slice();
  const sq = tolerance * tolerance;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop()!;
    let max = sq;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = sqSegDist(points[i], points[first], points[last]);
      if (d > max) {
        max = d;
        index = i;
      }
    }
    if (index >= 0) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

/** A ring simplified; never fewer than 3 distinct vertices (a tiny ring is kept as it is). */
export function simplifyRing(ring: Ring, tolerance: number): Position[] {
  const open = ring.length > 1 && ring[0][0] === ring.at(-1)![0] && ring[0][1] === ring.at(-1)![1] ? ring.slice(0, -1) : ring.slice();
  if (open.length <= 4) return open;
  // Split at the vertex farthest from the first, so the closed ring keeps its extent.
  let far = 1;
  let best = -1;
  for (let i = 1; i < open.length; i++) {
    const d = (open[i][0] - open[0][0]) ** 2 + (open[i][1] - open[0][1]) ** 2;
    if (d > best) {
      best = d;
      far = i;
    }
  }
  const a = simplifyLine(open.slice(0, far + 1), tolerance);
  const b = simplifyLine([...open.slice(far), open[0]], tolerance);
  const out = [...a, ...b.slice(1, -1)];
  return out.length >= 3 ? out : open;
}

function encodeRing(ring: Position[]): number[] {
  const out: number[] = [];
  let px = 0;
  let py = 0;
  for (const [lng, lat] of ring) {
    const x = Math.round(lng * QUANTUM);
    const y = Math.round(lat * QUANTUM);
    if (out.length && x === px && y === py) continue;
    out.push(x - px, y - py);
    px = x;
    py = y;
  }
  return out;
}

export function encodeGeometry(geometry: PolygonalGeometry, tolerance = SIMPLIFY_TOLERANCE): Encoded {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((rings) => rings.map((r) => encodeRing(simplifyRing(r, tolerance))));
}

/** Back to [lng, lat] rings (closed), for Leaflet or GeoJSON. */
export function decodeGeometry(encoded: Encoded): Position[][][] {
  return encoded.map((rings) =>
    rings.map((flat) => {
      const ring: Position[] = [];
      let x = 0;
      let y = 0;
      for (let i = 0; i + 1 < flat.length; i += 2) {
        x += flat[i];
        y += flat[i + 1];
        ring.push([x / QUANTUM, y / QUANTUM]);
      }
      if (ring.length) ring.push(ring[0]);
      return ring;
    }),
  );
}

/** Whether a stored boundary looks like a GeoJSON Polygon or MultiPolygon. */
export function isPolygonal(g: unknown): g is PolygonalGeometry {
  if (!g || typeof g !== "object") return false;
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  return (type === "Polygon" || type === "MultiPolygon") && Array.isArray(coordinates);
}
