/**
 * Synthetic, plausible boundaries for the demo county: a county outline, one polygon per
 * township and village, and 3–8 grid polygons per village. The shapes are invented; only
 * the location (around Yumen's new city by default) and the hierarchy are real.
 *
 * Interface
 *   layoutCounty(townships, seed, options?) -> Layout
 *     county, townships (by code), villages (by code), grids (by village code, in
 *     north-to-south reading order). Every shape is a GeoJSON Polygon (one closed,
 *     counter-clockwise ring, [lng, lat], 6 decimals) plus a centre point inside it.
 *   gridCountFor(villageCode) -> 3..8, from a hash of the code alone (not the seed), so a
 *     village keeps its number of grids whatever the layout seed.
 *   isUrbanName(name) -> whether a village-level unit is a residents' committee (社区/居委会).
 *
 * Guarantees (checked by geometry.test.ts)
 *   - Same input and seed, same output; no Math.random.
 *   - Grids tile their village, villages their township, townships the county: no
 *     overlap, no gap, even after rounding, because all polygons are cut from one planar
 *     map whose vertices are shared (a polygon's ring holds every vertex on its border).
 *   - A grid has at most 12 distinct vertices, usually 5–7.
 *   - Residents' committees get small grids close to the city centre, villages larger
 *     ones further out.
 *
 * How
 *   1. One site per grid, placed by best-candidate (blue-noise) sampling whose density
 *      falls with the distance from the city centre, inside an irregular blob; a band of
 *      extra sites outside the blob closes the outermost cells.
 *   2. The Voronoi diagram of the sites (dual of a Bowyer–Watson Delaunay triangulation):
 *      each grid is one convex cell.
 *   3. The sites are split recursively, county -> townships -> villages. Each split grows
 *      one side as a connected patch of cells and accepts it only if both sides are
 *      connected and hole-free; the more urban side is the one next to the centre.
 *   4. Township, village and county polygons are the traced outlines of their cells.
 *   All of it happens in a plane that maps to lng/lat by a similarity transform scaled by
 *   cos(latitude), so straight edges stay straight and cells look round on the map.
 */
import { labelPoint, type Polygon, type Position } from "../../lib/geo";

export interface SeedTownship {
  code: string;
  name: string;
  villages: { code: string; name: string }[];
}

export interface GridShape {
  polygon: Polygon;
  /** [lng, lat]: the area-weighted centroid, or an interior point where that falls outside. */
  center: [number, number];
}

export interface Layout {
  county: GridShape;
  townships: Map<string, GridShape>;
  villages: Map<string, GridShape>;
  /** By village code. */
  grids: Map<string, GridShape[]>;
}

export interface LayoutOptions {
  /** City centre [lng, lat]: the densest, most urban spot. Default Yumen new city. */
  centre?: [number, number];
  /** [minLng, minLat, maxLng, maxLat] the county must fit in. Default Yumen's extent. */
  extent?: [number, number, number, number];
}

export const YUMEN_CENTRE: [number, number] = [97.05, 40.29];
export const YUMEN_EXTENT: [number, number, number, number] = [96.5, 39.7, 98.0, 40.9];

// --- Deterministic randomness --------------------------------------------------------

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Mean 4.75: Yumen's 84 villages are expected to get about 400 grids.
const GRID_COUNTS = [3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 7, 8];

export function gridCountFor(villageCode: string): number {
  // fnv1a's low bits mix poorly for codes that differ only in the last digits.
  const h = Math.imul(fnv1a(villageCode) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  return GRID_COUNTS[(h >>> 16) % GRID_COUNTS.length];
}

/**
 * Residents' committees (社区, 居委会). The statistics' virtual units (虚拟社区, 虚拟生活区)
 * stand for the staff of state farms and mines, which are rural, so they do not count.
 */
export function isUrbanName(name: string): boolean {
  return /(社区|居委会|居民委员会)$/.test(name) && !name.includes("虚拟");
}

// --- Sites ------------------------------------------------------------------------------
// Plane units: the blob has radius ~1; the city centre sits west of the blob's middle,
// as Yumen's new city sits in the west of the county.

type Pt = [number, number];

const CITY: Pt = [-0.25, 0];
/** Density falls as 1 / (CORE + distance)^2: uniform within ~CORE of the centre. */
const CORE = 0.06;
const CANDIDATES = 16;

interface Blob {
  radius(theta: number): number;
}

function makeBlob(rng: () => number): Blob {
  const harmonics = [2, 3, 4, 5, 7].map((k, i) => ({
    k,
    amp: [0.07, 0.05, 0.03, 0.025, 0.015][i] * (0.5 + rng()),
    phase: rng() * 2 * Math.PI,
  }));
  return {
    radius(theta) {
      let r = 1;
      for (const h of harmonics) r += h.amp * Math.sin(h.k * theta + h.phase);
      return r;
    },
  };
}

function blobRatio(blob: Blob, p: Pt): number {
  return Math.hypot(p[0], p[1]) / blob.radius(Math.atan2(p[1], p[0]));
}

function spacing(p: Pt): number {
  return CORE + Math.hypot(p[0] - CITY[0], p[1] - CITY[1]);
}

// Distance from the centre drawn with density r / (CORE + r)^2 (that is, 1 / (CORE + r)^2
// per unit area), by bisection on its cumulative distribution.
function drawRadius(u: number, rMax: number): number {
  const cdf = (r: number) => Math.log((CORE + r) / CORE) + CORE / (CORE + r) - 1;
  const target = u * cdf(rMax);
  let lo = 0;
  let hi = rMax;
  for (let i = 0; i < 48; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

// Mitchell's best-candidate sampling: of several candidates drawn from the target
// density, keep the one farthest (relative to the local spacing) from the sites so far.
function placeSites(count: number, blob: Blob, rng: () => number): { real: Pt[]; outer: Pt[] } {
  const sites: Pt[] = [];
  const draw = (inside: (p: Pt) => boolean): Pt => {
    for (;;) {
      const r = drawRadius(rng(), 2.2);
      const a = rng() * 2 * Math.PI;
      const p: Pt = [CITY[0] + r * Math.cos(a), CITY[1] + r * Math.sin(a)];
      if (inside(p)) return p;
    }
  };
  const score = (p: Pt): number => {
    let best = Infinity;
    for (const s of sites) {
      const d = (p[0] - s[0]) ** 2 + (p[1] - s[1]) ** 2;
      if (d < best) best = d;
    }
    return Math.sqrt(best) / spacing(p);
  };
  const pick = (inside: (p: Pt) => boolean): [Pt, number] => {
    let best: Pt = draw(inside);
    let bestScore = score(best);
    for (let i = 1; i < CANDIDATES; i++) {
      const c = draw(inside);
      const s = score(c);
      if (s > bestScore) {
        best = c;
        bestScore = s;
      }
    }
    return [best, bestScore];
  };

  const inBlob = (p: Pt) => blobRatio(blob, p) <= 1;
  const recent: number[] = [];
  for (let i = 0; i < count; i++) {
    const [p, s] = pick(inBlob);
    sites.push(p);
    recent.push(s);
  }
  // Keep adding sites in a band outside the blob until it is as full as the inside.
  const filled = recent.slice(-Math.max(5, Math.floor(count / 10)));
  const typical = filled.reduce((a, b) => a + b, 0) / filled.length;
  const inBand = (p: Pt) => {
    const q = blobRatio(blob, p);
    return q > 1 && q <= 1 + 0.2 + 0.6 * spacing(p);
  };
  const outer: Pt[] = [];
  for (let misses = 0; misses < 40 && outer.length < 4 * count; ) {
    const [p, s] = pick(inBand);
    if (s < 0.85 * typical) {
      misses++;
      continue;
    }
    misses = 0;
    sites.push(p);
    outer.push(p);
  }
  return { real: sites.slice(0, count), outer };
}

// --- Delaunay / Voronoi ---------------------------------------------------------------

interface Tri {
  a: number;
  b: number;
  c: number;
  cx: number;
  cy: number;
  r2: number;
}

function circumscribe(p: Pt[], a: number, b: number, c: number): Tri {
  const [ax, ay] = p[a];
  const [bx, by] = p[b];
  const [cx, cy] = p[c];
  const d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by));
  const a2 = ax * ax + ay * ay;
  const b2 = bx * bx + by * by;
  const c2 = cx * cx + cy * cy;
  const ux = (a2 * (by - cy) + b2 * (cy - ay) + c2 * (ay - by)) / d;
  const uy = (a2 * (cx - bx) + b2 * (ax - cx) + c2 * (bx - ax)) / d;
  // Counter-clockwise vertex order, so Voronoi cells come out counter-clockwise too.
  const ccw = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax) > 0;
  return ccw
    ? { a, b, c, cx: ux, cy: uy, r2: (ax - ux) ** 2 + (ay - uy) ** 2 }
    : { a, b: c, c: b, cx: ux, cy: uy, r2: (ax - ux) ** 2 + (ay - uy) ** 2 };
}

// Bowyer–Watson; quadratic, which is instant for a few hundred sites.
function delaunay(points: Pt[]): Tri[] {
  const n = points.length;
  const p: Pt[] = [...points, [-1e3, -1e3], [1e3, -1e3], [0, 1e3]];
  let tris: Tri[] = [circumscribe(p, n, n + 1, n + 2)];
  for (let i = 0; i < n; i++) {
    const [x, y] = p[i];
    const keep: Tri[] = [];
    const edges = new Map<string, [number, number]>();
    for (const t of tris) {
      if ((x - t.cx) ** 2 + (y - t.cy) ** 2 < t.r2) {
        for (const [u, v] of [
          [t.a, t.b],
          [t.b, t.c],
          [t.c, t.a],
        ] as [number, number][]) {
          const back = `${v},${u}`;
          if (edges.has(back)) edges.delete(back);
          else edges.set(`${u},${v}`, [u, v]);
        }
      } else keep.push(t);
    }
    for (const [u, v] of edges.values()) keep.push(circumscribe(p, u, v, i));
    tris = keep;
  }
  return tris.filter((t) => t.a < n && t.b < n && t.c < n);
}

interface Cells {
  /** Vertex positions in the plane, by vertex id. */
  vertices: Pt[];
  /** Counter-clockwise vertex ids of each real site's cell. */
  rings: number[][];
  /** "from,to" directed edge -> the cell it belongs to. */
  edgeOwner: Map<string, number>;
  neighbours: number[][];
}

// Shorter Voronoi edges are contracted: they would vanish or flip when rounded to 6
// decimals (1e-6° is about 2e-6 plane units).
const MIN_EDGE = 2e-5;
const MAX_GRID_VERTICES = 12;

function voronoi(real: Pt[], outer: Pt[]): Cells {
  const points = [...real, ...outer];
  const tris = delaunay(points);
  const incident: number[][] = real.map(() => []);
  tris.forEach((t, id) => {
    for (const v of [t.a, t.b, t.c]) if (v < real.length) incident[v].push(id);
  });

  const parent = tris.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const rawRings = incident.map((ids, site) => {
    const [sx, sy] = real[site];
    const ring = ids
      .map((id) => ({ id, angle: Math.atan2(tris[id].cy - sy, tris[id].cx - sx) }))
      .sort((a, b) => a.angle - b.angle)
      .map((e) => e.id);
    // A closed cell has as many triangles around its site as Delaunay neighbours.
    const around = new Set<number>();
    for (const id of ids) for (const v of [tris[id].a, tris[id].b, tris[id].c]) if (v !== site) around.add(v);
    if (around.size !== ids.length) throw new Error("layout: a grid cell is not closed by outer sites");
    return ring;
  });
  for (const ring of rawRings) {
    for (let i = 0; i < ring.length; i++) {
      const a = tris[ring[i]];
      const b = tris[ring[(i + 1) % ring.length]];
      if (Math.hypot(a.cx - b.cx, a.cy - b.cy) < MIN_EDGE) parent[find(ring[i])] = find(ring[(i + 1) % ring.length]);
    }
  }
  const rings = rawRings.map((ring) => {
    const ids = ring.map(find).filter((id, i, all) => id !== all[(i + all.length - 1) % all.length]);
    if (ids.length < 3) throw new Error("layout: degenerate cell");
    return ids;
  });
  const edgeOwner = new Map<string, number>();
  rings.forEach((ring, cell) => {
    ring.forEach((v, i) => edgeOwner.set(`${v},${ring[(i + 1) % ring.length]}`, cell));
  });
  const neighbours = rings.map((ring) => {
    const out = new Set<number>();
    ring.forEach((v, i) => {
      const other = edgeOwner.get(`${ring[(i + 1) % ring.length]},${v}`);
      if (other !== undefined) out.add(other);
    });
    return [...out];
  });
  return { vertices: tris.map((t) => [t.cx, t.cy]), rings, edgeOwner, neighbours };
}

/**
 * The outline of a set of cells as rings of vertex ids: the cells' edges whose reverse
 * belongs to no cell of the set. Null where two outline edges leave one vertex (the set
 * touches itself at a point), which a GeoJSON ring cannot express.
 */
function outline(cells: Cells, members: Iterable<number>): number[][] | null {
  const inSet = new Set(members);
  const next = new Map<number, number>();
  for (const c of inSet) {
    const ring = cells.rings[c];
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i];
      const b = ring[(i + 1) % ring.length];
      const other = cells.edgeOwner.get(`${b},${a}`);
      if (other !== undefined && inSet.has(other)) continue;
      if (next.has(a)) return null;
      next.set(a, b);
    }
  }
  const rings: number[][] = [];
  while (next.size > 0) {
    const start = next.keys().next().value as number;
    const ring: number[] = [];
    let v = start;
    do {
      ring.push(v);
      const w = next.get(v);
      if (w === undefined) return null;
      next.delete(v);
      v = w;
    } while (v !== start);
    rings.push(ring);
  }
  return rings;
}

function isConnected(cells: Cells, members: number[]): boolean {
  if (members.length === 0) return false;
  const inSet = new Set(members);
  const seen = new Set([members[0]]);
  const stack = [members[0]];
  while (stack.length) {
    const c = stack.pop()!;
    for (const n of cells.neighbours[c]) {
      if (inSet.has(n) && !seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return seen.size === inSet.size;
}

// --- Recursive partition ----------------------------------------------------------------

interface Part {
  key: string;
  count: number;
  /** 0..1+, higher goes nearer the centre. */
  urban: number;
}

interface Ctx {
  cells: Cells;
  sites: Pt[];
  /** The real site nearest the city centre. */
  centreSite: number;
  rng: () => number;
}

function simple(ctx: Ctx, members: number[]): boolean {
  if (!isConnected(ctx.cells, members)) return false;
  const rings = outline(ctx.cells, members);
  return rings !== null && rings.length === 1;
}

// Grows a connected patch of `size` cells from the cell with the lowest priority,
// always adding the lowest-priority cell adjacent to the patch.
function grow(ctx: Ctx, members: number[], size: number, priority: (site: number) => number): number[] | null {
  const allowed = new Set(members);
  let start = members[0];
  for (const m of members) if (priority(m) < priority(start)) start = m;
  const patch = new Set([start]);
  const frontier = new Set<number>();
  const addNeighbours = (c: number) => {
    for (const n of ctx.cells.neighbours[c]) if (allowed.has(n) && !patch.has(n)) frontier.add(n);
  };
  addNeighbours(start);
  while (patch.size < size) {
    let best = -1;
    for (const f of frontier) if (best < 0 || priority(f) < priority(best)) best = f;
    if (best < 0) return null;
    frontier.delete(best);
    patch.add(best);
    addNeighbours(best);
  }
  return [...patch];
}

const dist = (p: Pt, q: Pt) => Math.hypot(p[0] - q[0], p[1] - q[1]);

function sum(parts: Part[]): number {
  return parts.reduce((a, p) => a + p.count, 0);
}

function byUrbanness(parts: Part[]): Part[] {
  return [...parts].sort((a, b) => b.urban - a.urban || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Prefixes of the urban-first order, most balanced first. */
function prefixSplits(parts: Part[]): [Part[], Part[]][] {
  const ordered = byUrbanness(parts);
  const total = sum(ordered);
  const splits: [Part[], Part[]][] = [];
  for (let k = 1; k < ordered.length; k++) splits.push([ordered.slice(0, k), ordered.slice(k)]);
  return splits.sort((x, y) => Math.abs(sum(x[0]) - total / 2) - Math.abs(sum(y[0]) - total / 2));
}

/** Alternating greedy split: balanced, and spreads the urban parts over both sides. */
function balancedSplit(parts: Part[]): [Part[], Part[]] {
  const a: Part[] = [];
  const b: Part[] = [];
  for (const p of byUrbanness(parts)) (sum(a) <= sum(b) ? a : b).push(p);
  return [a, b];
}

function principalAxis(points: Pt[]): Pt {
  const mx = points.reduce((s, p) => s + p[0], 0) / points.length;
  const my = points.reduce((s, p) => s + p[1], 0) / points.length;
  let xx = 0;
  let xy = 0;
  let yy = 0;
  for (const [x, y] of points) {
    xx += (x - mx) ** 2;
    xy += (x - mx) * (y - my);
    yy += (y - my) ** 2;
  }
  const angle = 0.5 * Math.atan2(2 * xy, xx - yy);
  return [Math.cos(angle), Math.sin(angle)];
}

type Candidate = () => number[] | null;

// Ways to cut `members` so that the side holding `near` (the more urban parts) is the one
// next to the city centre, best first.
function cuts(ctx: Ctx, members: number[], nearSize: number, depth: number): Candidate[] {
  const pos = (s: number) => ctx.sites[s];
  const out: Candidate[] = [];
  const farSize = members.length - nearSize;

  if (depth === 0) {
    // The whole county: pie slices around the centre, so every township of the first
    // split reaches the city.
    const theta0 = ctx.rng() * 2 * Math.PI;
    for (let j = 0; j < 12; j++) {
      const t0 = theta0 + (j * Math.PI) / 6;
      out.push(() => {
        const angle = (s: number) => {
          const a = Math.atan2(pos(s)[1] - CITY[1], pos(s)[0] - CITY[0]) - t0;
          return ((a % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
        };
        return [...members].sort((x, y) => angle(x) - angle(y)).slice(0, nearSize);
      });
    }
  }
  if (members.includes(ctx.centreSite)) {
    // The city itself: the urban side is a disc around the centre.
    for (const shift of [0, 0.02, 0.05]) {
      const a = ctx.rng() * 2 * Math.PI;
      const anchor: Pt = [CITY[0] + shift * Math.cos(a), CITY[1] + shift * Math.sin(a)];
      out.push(() => grow(ctx, members, nearSize, (s) => dist(pos(s), anchor)));
    }
  }
  // Elsewhere: cut across the long axis, growing the smaller side from its own end.
  const points = members.map(pos);
  const base = principalAxis(points);
  const mean: Pt = [
    points.reduce((s, p) => s + p[0], 0) / points.length,
    points.reduce((s, p) => s + p[1], 0) / points.length,
  ];
  for (const turn of [0, 0.35, -0.35, 0.8, -0.8, Math.PI / 2]) {
    let u: Pt = [
      base[0] * Math.cos(turn) - base[1] * Math.sin(turn),
      base[0] * Math.sin(turn) + base[1] * Math.cos(turn),
    ];
    // Orient u away from the centre: the low end of the axis is the urban end.
    if (u[0] * (mean[0] - CITY[0]) + u[1] * (mean[1] - CITY[1]) < 0) u = [-u[0], -u[1]];
    const proj = (s: number) => pos(s)[0] * u[0] + pos(s)[1] * u[1];
    let lo = Infinity;
    let hi = -Infinity;
    for (const m of members) {
      lo = Math.min(lo, proj(m));
      hi = Math.max(hi, proj(m));
    }
    const length = hi - lo;
    const growNear = nearSize <= farSize;
    const share = Math.min(nearSize, farSize) / members.length;
    // A far-away anchor cuts almost straight across; a close one bites off a round patch,
    // which keeps a small side compact instead of a sliver along the edge.
    const reach = length * Math.max(0.2, 2 * share) * (0.8 + 0.4 * ctx.rng());
    const sideways = (ctx.rng() - 0.5) * 0.3 * length;
    const along = growNear ? lo - reach : hi + reach;
    const centreOffset = mean[0] * u[0] + mean[1] * u[1];
    const anchor: Pt = [
      mean[0] + u[0] * (along - centreOffset) - u[1] * sideways,
      mean[1] + u[1] * (along - centreOffset) + u[0] * sideways,
    ];
    out.push(() => {
      const patch = grow(ctx, members, growNear ? nearSize : farSize, (s) => dist(pos(s), anchor));
      if (!patch || growNear) return patch;
      const far = new Set(patch);
      return members.filter((m) => !far.has(m));
    });
  }
  return out;
}

function partition(ctx: Ctx, members: number[], parts: Part[], depth: number, out: Map<string, number[]>): void {
  if (parts.length === 1) {
    out.set(parts[0].key, members);
    return;
  }
  const splits = depth === 0 ? [balancedSplit(parts), ...prefixSplits(parts)] : prefixSplits(parts);
  for (const [near, far] of splits.slice(0, 4)) {
    for (const cut of cuts(ctx, members, sum(near), depth)) {
      const nearCells = cut();
      if (!nearCells || nearCells.length !== sum(near)) continue;
      const chosen = new Set(nearCells);
      const farCells = members.filter((m) => !chosen.has(m));
      if (!simple(ctx, nearCells) || !simple(ctx, farCells)) continue;
      partition(ctx, nearCells, near, depth + 1, out);
      partition(ctx, farCells, far, depth + 1, out);
      return;
    }
  }
  throw new Error(`layout: cannot split ${parts.map((p) => p.key).join(",")}`);
}

// --- Output -----------------------------------------------------------------------------

interface Projection {
  toLngLat(p: Pt): Position;
}

// Similarity transform that puts the plane's city centre on `centre` and the whole
// county inside `extent`, with x scaled by 1/cos(latitude) so plane distances are true.
function fitProjection(points: Pt[], centre: [number, number], extent: [number, number, number, number]): Projection {
  const k = Math.cos((centre[1] * Math.PI) / 180);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of points) {
    minX = Math.min(minX, x - CITY[0]);
    maxX = Math.max(maxX, x - CITY[0]);
    minY = Math.min(minY, y - CITY[1]);
    maxY = Math.max(maxY, y - CITY[1]);
  }
  const margin = 0.98;
  const scale =
    margin *
    Math.min(
      ((extent[2] - centre[0]) * k) / maxX,
      ((centre[0] - extent[0]) * k) / -minX,
      (extent[3] - centre[1]) / maxY,
      (centre[1] - extent[1]) / -minY,
    );
  if (!(scale > 0)) throw new Error("layout: the centre must lie inside the extent");
  return {
    toLngLat: ([x, y]) => [
      Math.round((centre[0] + ((x - CITY[0]) * scale) / k) * 1e6) / 1e6,
      Math.round((centre[1] + (y - CITY[1]) * scale) * 1e6) / 1e6,
    ],
  };
}

function shapeOf(ring: number[], lngLat: Position[]): GridShape {
  const positions: Position[] = [];
  for (const v of ring) {
    const p = lngLat[v];
    const last = positions[positions.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) positions.push(p);
  }
  if (positions.length > 1) {
    const [f, l] = [positions[0], positions[positions.length - 1]];
    if (f[0] === l[0] && f[1] === l[1]) positions.pop();
  }
  positions.push([positions[0][0], positions[0][1]]);
  const polygon: Polygon = { type: "Polygon", coordinates: [positions] };
  const c = labelPoint(polygon);
  return { polygon, center: [Math.round(c[0] * 1e6) / 1e6, Math.round(c[1] * 1e6) / 1e6] };
}

function layoutOnce(townships: SeedTownship[], seed: number, options: LayoutOptions): Layout {
  const rng = mulberry32(seed);
  const townshipParts: Part[] = townships.map((t) => {
    const urbanVillages = t.villages.filter((v) => isUrbanName(v.name)).length;
    // Streets (乡级 code 001-099) are urban by definition.
    const isStreet = Number(t.code.slice(6, 9)) < 100;
    return {
      key: t.code,
      // A township without villages still needs land: give it the room of one village.
      count: t.villages.length ? t.villages.reduce((s, v) => s + gridCountFor(v.code), 0) : 4,
      urban: (t.villages.length ? urbanVillages / t.villages.length : 0) + (isStreet ? 1 : 0),
    };
  });
  const total = sum(townshipParts);
  const blob = makeBlob(rng);
  const { real, outer } = placeSites(total, blob, rng);
  const cells = voronoi(real, outer);
  let centreSite = 0;
  real.forEach((p, i) => {
    if (dist(p, CITY) < dist(real[centreSite], CITY)) centreSite = i;
  });
  const ctx: Ctx = { cells, sites: real, centreSite, rng };

  const all = real.map((_, i) => i);
  const byTownship = new Map<string, number[]>();
  partition(ctx, all, townshipParts, 0, byTownship);
  const byVillage = new Map<string, number[]>();
  for (const t of townships) {
    if (t.villages.length === 0) continue;
    const parts = t.villages.map((v) => ({
      key: v.code,
      count: gridCountFor(v.code),
      urban: isUrbanName(v.name) ? 1 : 0,
    }));
    partition(ctx, byTownship.get(t.code)!, parts, 1, byVillage);
  }

  const countyRing = outline(cells, all);
  if (!countyRing || countyRing.length !== 1) throw new Error("layout: county outline is not one ring");
  const used = new Set(cells.rings.flat());
  const projection = fitProjection(
    [...used].map((v) => cells.vertices[v]),
    options.centre ?? YUMEN_CENTRE,
    options.extent ?? YUMEN_EXTENT,
  );
  const lngLat: Position[] = cells.vertices.map((p) => projection.toLngLat(p));
  const outlineShape = (members: number[]): GridShape => {
    const rings = outline(cells, members);
    if (!rings || rings.length !== 1) throw new Error("layout: outline is not one ring");
    return shapeOf(rings[0], lngLat);
  };

  const layout: Layout = {
    county: shapeOf(countyRing[0], lngLat),
    townships: new Map(),
    villages: new Map(),
    grids: new Map(),
  };
  for (const t of townships) {
    layout.townships.set(t.code, outlineShape(byTownship.get(t.code)!));
    for (const v of t.villages) {
      const members = byVillage.get(v.code)!;
      layout.villages.set(v.code, outlineShape(members));
      const grids = members.map((m) => shapeOf(cells.rings[m], lngLat));
      // Keeps the map payload small; a rare crowded cell just sends us to the next seed.
      if (grids.some((g) => g.polygon.coordinates[0].length - 1 > MAX_GRID_VERTICES)) {
        throw new Error("layout: a grid has too many vertices");
      }
      // North to south, then west to east: a stable, readable numbering.
      grids.sort((a, b) => b.center[1] - a.center[1] || a.center[0] - b.center[0]);
      layout.grids.set(v.code, grids);
    }
  }
  return layout;
}

export function layoutCounty(townships: SeedTownship[], seed: number, options: LayoutOptions = {}): Layout {
  const codes = new Set<string>();
  for (const code of townships.flatMap((t) => [t.code, ...t.villages.map((v) => v.code)])) {
    if (codes.has(code)) throw new Error(`layout: duplicate code ${code}`);
    codes.add(code);
  }
  if (townships.length === 0) throw new Error("layout: no townships");
  // A split can fail on an unlucky sample; the next derived seed is just as deterministic.
  let lastError: unknown;
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      return layoutOnce(townships, (seed + attempt * 0x9e3779b1) >>> 0, options);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
