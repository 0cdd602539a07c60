// Planar geometry helpers for unit boundaries, shared by the server (validation, seed)
// and the browser (map). No dependencies and no Node APIs, so it bundles anywhere.
//
// Coordinates are GeoJSON positions in [lng, lat] order, treated as plane x/y. Over a
// county (~1°) the distortion of treating degrees as planar does not change any answer
// these helpers give (containment, overlap, label position), only absolute areas, which
// are never reported in square metres here.

export type Position = [number, number];
/** A closed ring: the first position is repeated as the last one (GeoJSON rule). */
export type Ring = Position[];

export interface Polygon {
  type: "Polygon";
  /** Outer ring first, then holes. */
  coordinates: Ring[];
}

export interface MultiPolygon {
  type: "MultiPolygon";
  coordinates: Ring[][];
}

export type PolygonalGeometry = Polygon | MultiPolygon;

/** [minLng, minLat, maxLng, maxLat] */
export type BBox = [number, number, number, number];

// Distance (in degrees, about 0.1 mm) below which a point counts as lying on a line.
// Boundaries are stored with 6 decimals (~0.1 m), so genuine gaps are far larger.
const EPS = 1e-9;

function polygonsOf(geometry: PolygonalGeometry): Ring[][] {
  return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
}

/** Edges of a ring, whether or not it repeats its first position at the end. */
function edgesOf(ring: Ring): [Position, Position][] {
  let n = ring.length;
  if (n >= 2 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) n--;
  if (n < 2) return [];
  const edges: [Position, Position][] = [];
  for (let i = 0; i < n; i++) edges.push([ring[i], ring[(i + 1) % n]]);
  return edges;
}

/**
 * Signed shoelace area in square degrees: positive when the ring runs counter-clockwise
 * (with lng as x and lat as y), negative when clockwise. Open or closed rings both work.
 */
export function ringArea(ring: Ring): number {
  let sum = 0;
  for (const [a, b] of edgesOf(ring)) sum += a[0] * b[1] - b[0] * a[1];
  return sum / 2;
}

/** Unsigned area of a polygon or multipolygon (outer rings minus holes), square degrees. */
export function polygonArea(geometry: PolygonalGeometry): number {
  let total = 0;
  for (const rings of polygonsOf(geometry)) {
    rings.forEach((ring, i) => {
      total += i === 0 ? Math.abs(ringArea(ring)) : -Math.abs(ringArea(ring));
    });
  }
  return total;
}

export function bbox(geometry: PolygonalGeometry): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rings of polygonsOf(geometry)) {
    for (const ring of rings) {
      for (const [x, y] of ring) {
        if (x < box[0]) box[0] = x;
        if (y < box[1]) box[1] = y;
        if (x > box[2]) box[2] = x;
        if (y > box[3]) box[3] = y;
      }
    }
  }
  return box;
}

/**
 * Area-weighted centroid (holes subtract). For a convex or mildly concave shape it lies
 * inside and serves as the label / map centre; a strongly concave shape can put it
 * outside, which callers needing a guaranteed interior point must check.
 * Degenerate (zero-area) input falls back to the mean of its vertices.
 */
export function centroid(geometry: PolygonalGeometry): Position {
  let area = 0;
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  let count = 0;
  for (const rings of polygonsOf(geometry)) {
    rings.forEach((ring, i) => {
      const signed = ringArea(ring);
      // Normalise orientation so outer rings add and holes subtract whatever their winding.
      const sign = (i === 0 ? 1 : -1) * (signed < 0 ? -1 : 1);
      // Shift to the first vertex so large absolute coordinates do not cost precision.
      const [ox, oy] = ring[0] ?? [0, 0];
      let a = 0;
      let x = 0;
      let y = 0;
      for (const [p, q] of edgesOf(ring)) {
        const px = p[0] - ox;
        const py = p[1] - oy;
        const qx = q[0] - ox;
        const qy = q[1] - oy;
        const cross = px * qy - qx * py;
        a += cross;
        x += (px + qx) * cross;
        y += (py + qy) * cross;
        sx += p[0];
        sy += p[1];
        count++;
      }
      // a/2 is the signed area; the ring's centroid is (x, y) / (3a) + origin.
      if (a !== 0) {
        const w = (sign * a) / 2;
        area += w;
        cx += w * (x / (3 * a) + ox);
        cy += w * (y / (3 * a) + oy);
      }
    });
  }
  if (area === 0 || !Number.isFinite(area)) return count ? [sx / count, sy / count] : [NaN, NaN];
  return [cx / area, cy / area];
}

/** Twice the signed area of triangle (a, b, c): > 0 when c is left of a→b. */
function cross(a: Position, b: Position, c: Position): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function onSegment(p: Position, a: Position, b: Position): boolean {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  if (len === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]) <= EPS;
  if (Math.abs(cross(a, b, p)) / len > EPS) return false;
  const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (len * len);
  return t >= -EPS / len && t <= 1 + EPS / len;
}

type Where = "inside" | "boundary" | "outside";

function classifyInRing(p: Position, ring: Ring): Where {
  let inside = false;
  for (const [a, b] of edgesOf(ring)) {
    if (onSegment(p, a, b)) return "boundary";
    // Half-open rule (one endpoint counted) so a ray through a vertex is counted once.
    if (a[1] > p[1] !== b[1] > p[1]) {
      const x = a[0] + ((p[1] - a[1]) * (b[0] - a[0])) / (b[1] - a[1]);
      if (x > p[0]) inside = !inside;
    }
  }
  return inside ? "inside" : "outside";
}

function classify(p: Position, geometry: PolygonalGeometry): Where {
  let result: Where = "outside";
  for (const rings of polygonsOf(geometry)) {
    if (rings.length === 0) continue;
    const outer = classifyInRing(p, rings[0]);
    if (outer === "outside") continue;
    let here: Where = outer;
    for (let h = 1; h < rings.length && here !== "outside"; h++) {
      const inHole = classifyInRing(p, rings[h]);
      if (inHole === "inside") here = "outside";
      else if (inHole === "boundary") here = "boundary";
    }
    if (here === "inside") return "inside";
    if (here === "boundary") result = "boundary";
  }
  return result;
}

/**
 * Whether (lng, lat) lies in the polygon: ray casting with holes. Points on any edge,
 * outer or hole, count as inside: the polygon is taken as a closed set, so a point on the
 * shared border of two grids belongs to both and is never lost between them.
 */
export function pointInPolygon(lng: number, lat: number, geometry: PolygonalGeometry): boolean {
  return classify([lng, lat], geometry) !== "outside";
}

/**
 * A point guaranteed to lie inside the shape, for labels and map markers: the centroid
 * when that is inside, otherwise the middle of the widest stretch of the horizontal line
 * through the centroid that lies inside (a concave shape's centroid can fall outside).
 * A MultiPolygon is labelled in its largest part.
 */
export function labelPoint(geometry: PolygonalGeometry): Position {
  const parts = polygonsOf(geometry);
  let rings = parts[0] ?? [];
  let best = -Infinity;
  for (const p of parts) {
    const a = polygonArea({ type: "Polygon", coordinates: p });
    if (a > best) {
      best = a;
      rings = p;
    }
  }
  const part: Polygon = { type: "Polygon", coordinates: rings };
  const c = centroid(part);
  if (classify(c, part) === "inside") return c;
  const y = c[1];
  const xs: number[] = [];
  for (const ring of rings) {
    for (const [a, b] of edgesOf(ring)) {
      if (a[1] > y !== b[1] > y) xs.push(a[0] + ((y - a[1]) * (b[0] - a[0])) / (b[1] - a[1]));
    }
  }
  xs.sort((p, q) => p - q);
  let mid = c;
  let width = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1] - xs[i] > width) {
      width = xs[i + 1] - xs[i];
      mid = [(xs[i] + xs[i + 1]) / 2, y];
    }
  }
  return mid;
}

interface Edge {
  a: Position;
  b: Position;
  /** +1 when the polygon's interior lies left of a→b, -1 when right. */
  interiorSide: 1 | -1;
}

function edgesWithSides(geometry: PolygonalGeometry): Edge[] {
  const out: Edge[] = [];
  for (const rings of polygonsOf(geometry)) {
    rings.forEach((ring, i) => {
      const ccw = ringArea(ring) > 0;
      // Interior is left of a counter-clockwise outer ring and right of a clockwise one;
      // for holes it is the other way round.
      const left = i === 0 ? ccw : !ccw;
      for (const [a, b] of edgesOf(ring)) out.push({ a, b, interiorSide: left ? 1 : -1 });
    });
  }
  return out;
}

function boxesOverlap(a: BBox, b: BBox): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

function sideOf(value: number, scale: number): number {
  if (Math.abs(value) / scale <= EPS) return 0;
  return value > 0 ? 1 : -1;
}

function properlyCross(p: Edge, q: Edge): boolean {
  const lp = Math.hypot(p.b[0] - p.a[0], p.b[1] - p.a[1]) || 1;
  const lq = Math.hypot(q.b[0] - q.a[0], q.b[1] - q.a[1]) || 1;
  const d1 = sideOf(cross(p.a, p.b, q.a), lp);
  const d2 = sideOf(cross(p.a, p.b, q.b), lp);
  const d3 = sideOf(cross(q.a, q.b, p.a), lq);
  const d4 = sideOf(cross(q.a, q.b, p.b), lq);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

// Looks for interior overlap witnessed by the boundary of `a`: each edge of `a` is cut at
// the vertices of `b` lying on it, so each piece lies wholly inside `b`, wholly outside,
// or wholly along an edge of `b`; the piece's midpoint tells which.
function aBoundaryWitnessesOverlap(aEdges: Edge[], b: PolygonalGeometry, bEdges: Edge[]): boolean {
  for (const e of aEdges) {
    const dx = e.b[0] - e.a[0];
    const dy = e.b[1] - e.a[1];
    const len2 = dx * dx + dy * dy;
    if (len2 === 0) continue;
    const cuts = [0, 1];
    for (const f of bEdges) {
      for (const v of [f.a, f.b]) {
        if (onSegment(v, e.a, e.b)) {
          const t = ((v[0] - e.a[0]) * dx + (v[1] - e.a[1]) * dy) / len2;
          if (t > 0 && t < 1) cuts.push(t);
        }
      }
    }
    cuts.sort((x, y) => x - y);
    for (let i = 0; i + 1 < cuts.length; i++) {
      if (cuts[i + 1] - cuts[i] <= EPS / Math.sqrt(len2)) continue;
      const t = (cuts[i] + cuts[i + 1]) / 2;
      const m: Position = [e.a[0] + t * dx, e.a[1] + t * dy];
      const where = classify(m, b);
      // Just beside m, on a's interior side, are points of a's interior that lie in b.
      if (where === "inside") return true;
      if (where === "boundary") {
        // The piece runs along an edge of b: the two interiors meet there only if they
        // lie on the same side of it.
        for (const f of bEdges) {
          if (!onSegment(m, f.a, f.b)) continue;
          const sameDirection = dx * (f.b[0] - f.a[0]) + dy * (f.b[1] - f.a[1]) > 0;
          const fSideInAFrame = sameDirection ? f.interiorSide : -f.interiorSide;
          if (fSideInAFrame === e.interiorSide) return true;
        }
      }
    }
  }
  return false;
}

/**
 * Whether the interiors of two polygonal geometries overlap by a positive area. Sharing
 * an edge or a vertex is not overlap; identical shapes, containment and any crossing of
 * the boundaries are. Exact for simple rings (no self-intersections) up to a tolerance of
 * about 1e-9°; the parts of one MultiPolygon are assumed not to overlap each other.
 * O(n·m) in the vertex counts, meant for boundaries of up to a few thousand vertices.
 */
export function polygonsOverlap(a: PolygonalGeometry, b: PolygonalGeometry): boolean {
  if (!boxesOverlap(bbox(a), bbox(b))) return false;
  const ea = edgesWithSides(a);
  const eb = edgesWithSides(b);
  for (const p of ea) for (const q of eb) if (properlyCross(p, q)) return true;
  return aBoundaryWitnessesOverlap(ea, b, eb) || aBoundaryWitnessesOverlap(eb, a, ea);
}

// --- WGS-84 <-> GCJ-02 ------------------------------------------------------------------
// Chinese web map tiles (AutoNavi/Gaode, Tencent, ...) are drawn in GCJ-02, a datum with a
// deliberate, position-dependent offset of a few hundred metres. The forward formula
// below is the widely published one (Krasovsky ellipsoid constants); it has no closed
// inverse, so gcj02ToWgs84 iterates the forward one.

const KRASOVSKY_A = 6378245.0;
const KRASOVSKY_EE = 0.00669342162296594323;

/**
 * The usual rough rectangle for "mainland China": outside it GCJ-02 equals WGS-84.
 * It also covers Hong Kong, Macau, Taiwan and bits of neighbouring countries, where the
 * offset is (wrongly) applied; tile providers that use GCJ-02 do the same, so the
 * rectangle is kept rather than a true border.
 */
export function outOfChina(lng: number, lat: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function offset(lng: number, lat: number): Position {
  const x = lng - 105.0;
  const y = lat - 35.0;
  const common = ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x)) + common;
  dLat += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLat += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  let dLng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x)) + common;
  dLng += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLng += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - KRASOVSKY_EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180.0) / ((KRASOVSKY_A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [dLng, dLat];
}

export function wgs84ToGcj02(lng: number, lat: number): Position {
  if (outOfChina(lng, lat)) return [lng, lat];
  const [dLng, dLat] = offset(lng, lat);
  return [lng + dLng, lat + dLat];
}

/** Inverse of wgs84ToGcj02, iterated until the round trip is within 1e-9° (≈0.1 mm). */
export function gcj02ToWgs84(lng: number, lat: number): Position {
  if (outOfChina(lng, lat)) return [lng, lat];
  // The offset changes by well under 1% per degree, so each step gains 2+ digits.
  let wLng = lng;
  let wLat = lat;
  for (let i = 0; i < 30; i++) {
    const [gLng, gLat] = wgs84ToGcj02(wLng, wLat);
    const eLng = gLng - lng;
    const eLat = gLat - lat;
    wLng -= eLng;
    wLat -= eLat;
    if (Math.abs(eLng) < 1e-9 && Math.abs(eLat) < 1e-9) break;
  }
  return [wLng, wLat];
}
