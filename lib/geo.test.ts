import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bbox,
  centroid,
  gcj02ToWgs84,
  labelPoint,
  type MultiPolygon,
  outOfChina,
  pointInPolygon,
  type Polygon,
  polygonArea,
  polygonsOverlap,
  type Position,
  ringArea,
  wgs84ToGcj02,
} from "./geo";

function rect(x0: number, y0: number, x1: number, y1: number, clockwise = false): Position[] {
  const ring: Position[] = [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
  return clockwise ? ring.reverse() : ring;
}

function poly(...rings: Position[][]): Polygon {
  return { type: "Polygon", coordinates: rings };
}

const square = poly(rect(0, 0, 2, 2));
// L shape: a 2x1 bar along the bottom plus a 1x1 block on its left end.
const lShape = poly([
  [0, 0],
  [2, 0],
  [2, 1],
  [1, 1],
  [1, 2],
  [0, 2],
  [0, 0],
]);
const donut = poly(rect(0, 0, 4, 4), rect(1, 1, 2, 2, true));
const diamond = poly([
  [0, -1],
  [1, 0],
  [0, 1],
  [-1, 0],
  [0, -1],
]);

describe("ringArea", () => {
  it("is positive counter-clockwise and negative clockwise", () => {
    expect(ringArea(rect(0, 0, 2, 3))).toBe(6);
    expect(ringArea(rect(0, 0, 2, 3, true))).toBe(-6);
  });

  it("accepts open rings", () => {
    expect(ringArea([[0, 0], [2, 0], [2, 2]])).toBe(2);
  });

  it("gives polygonArea net of holes", () => {
    expect(polygonArea(lShape)).toBe(3);
    expect(polygonArea(donut)).toBe(15);
    expect(polygonArea({ type: "MultiPolygon", coordinates: [[rect(0, 0, 1, 1)], [rect(5, 5, 7, 6, true)]] })).toBe(3);
  });
});

describe("bbox", () => {
  it("covers every part", () => {
    expect(bbox(lShape)).toEqual([0, 0, 2, 2]);
    const multi: MultiPolygon = { type: "MultiPolygon", coordinates: [[rect(0, 0, 1, 1)], [rect(5, -2, 7, 6)]] };
    expect(bbox(multi)).toEqual([0, -2, 7, 6]);
  });
});

describe("centroid", () => {
  it("is the centre of a rectangle in either winding", () => {
    expect(centroid(poly(rect(96, 40, 98, 41)))).toEqual([97, 40.5]);
    expect(centroid(poly(rect(96, 40, 98, 41, true)))).toEqual([97, 40.5]);
  });

  it("weights by area: L shape at (5/6, 5/6)", () => {
    const [x, y] = centroid(lShape);
    expect(x).toBeCloseTo(5 / 6, 12);
    expect(y).toBeCloseTo(5 / 6, 12);
  });

  it("subtracts holes: (16·2 − 1·1.5) / 15", () => {
    const [x, y] = centroid(donut);
    expect(x).toBeCloseTo(30.5 / 15, 12);
    expect(y).toBeCloseTo(30.5 / 15, 12);
  });

  it("combines the parts of a multipolygon", () => {
    const multi: MultiPolygon = { type: "MultiPolygon", coordinates: [[rect(0, 0, 1, 1)], [rect(2, 0, 5, 1)]] };
    // (1·0.5 + 3·3.5) / 4 = 2.75
    expect(centroid(multi)).toEqual([2.75, 0.5]);
  });

  it("falls back to the vertex mean for a degenerate ring", () => {
    expect(centroid(poly([[0, 0], [2, 0], [4, 0], [0, 0]]))).toEqual([2, 0]);
  });
});

describe("pointInPolygon", () => {
  it("separates inside from outside", () => {
    expect(pointInPolygon(1, 1, square)).toBe(true);
    expect(pointInPolygon(3, 1, square)).toBe(false);
    expect(pointInPolygon(1.5, 1.5, lShape)).toBe(false);
    expect(pointInPolygon(0.5, 1.5, lShape)).toBe(true);
  });

  it("counts edges and vertices as inside", () => {
    expect(pointInPolygon(2, 1, square)).toBe(true);
    expect(pointInPolygon(0, 0, square)).toBe(true);
    expect(pointInPolygon(1.5, 1, lShape)).toBe(true);
    expect(pointInPolygon(0.5, 0.5, diamond)).toBe(true);
  });

  it("is not fooled by a ray through a vertex", () => {
    // The rightward ray from these points passes exactly through a vertex of the diamond.
    expect(pointInPolygon(-0.5, 1, diamond)).toBe(false);
    expect(pointInPolygon(-2, 0, diamond)).toBe(false);
    expect(pointInPolygon(0.5, 0, diamond)).toBe(true);
    expect(pointInPolygon(-0.5, -1, diamond)).toBe(false);
  });

  it("excludes holes but keeps their edges", () => {
    expect(pointInPolygon(1.5, 1.5, donut)).toBe(false);
    expect(pointInPolygon(1, 1.5, donut)).toBe(true);
    expect(pointInPolygon(3, 3, donut)).toBe(true);
  });

  it("handles multipolygons", () => {
    const multi: MultiPolygon = { type: "MultiPolygon", coordinates: [[rect(0, 0, 1, 1)], donut.coordinates] };
    expect(pointInPolygon(0.5, 0.5, multi)).toBe(true);
    expect(pointInPolygon(1.5, 1.5, multi)).toBe(false);
    expect(pointInPolygon(3.5, 0.5, multi)).toBe(true);
    expect(pointInPolygon(5, 5, multi)).toBe(false);
  });

  it("works at real coordinates", () => {
    const cell = poly(rect(97.01, 40.27, 97.09, 40.31));
    expect(pointInPolygon(97.05, 40.29, cell)).toBe(true);
    expect(pointInPolygon(97.0899999, 40.29, cell)).toBe(true);
    expect(pointInPolygon(97.0900011, 40.29, cell)).toBe(false);
  });
});

describe("polygonsOverlap", () => {
  it("is false for disjoint shapes, shared edges and shared vertices", () => {
    expect(polygonsOverlap(square, poly(rect(5, 5, 6, 6)))).toBe(false);
    expect(polygonsOverlap(square, poly(rect(2, 0, 4, 2)))).toBe(false);
    expect(polygonsOverlap(square, poly(rect(2, 0.5, 3, 1.5)))).toBe(false);
    expect(polygonsOverlap(square, poly(rect(2, 2, 3, 3)))).toBe(false);
    // Winding must not matter.
    expect(polygonsOverlap(square, poly(rect(2, 0, 4, 2, true)))).toBe(false);
    expect(polygonsOverlap(poly(rect(0, 0, 2, 2, true)), poly(rect(0, 2, 2, 3, true)))).toBe(false);
  });

  it("is false for the two halves of a zig-zag cut", () => {
    const cut: Position[] = [
      [0, 0.9],
      [0.7, 1.2],
      [1.4, 0.8],
      [2, 1.1],
    ];
    const lower = poly([[0, 0], [2, 0], ...cut.slice().reverse(), [0, 0]]);
    const upper = poly([...cut, [2, 2], [0, 2], [0, 0.9]]);
    expect(polygonArea(lower) + polygonArea(upper)).toBeCloseTo(4, 12);
    expect(polygonsOverlap(lower, upper)).toBe(false);
    expect(polygonsOverlap(lower, square)).toBe(true);
  });

  it("is true when boundaries cross", () => {
    expect(polygonsOverlap(square, poly(rect(1, 1, 3, 3)))).toBe(true);
    expect(polygonsOverlap(square, poly(rect(1, -1, 1.5, 3)))).toBe(true);
  });

  it("is true for containment either way and for identical shapes", () => {
    const inner = poly(rect(0.5, 0.5, 1, 1));
    expect(polygonsOverlap(square, inner)).toBe(true);
    expect(polygonsOverlap(inner, square)).toBe(true);
    expect(polygonsOverlap(square, square)).toBe(true);
    expect(polygonsOverlap(square, poly(rect(0, 0, 2, 2, true)))).toBe(true);
  });

  it("is true when a shape lies inside along a shared edge", () => {
    expect(polygonsOverlap(square, poly(rect(0, 0, 1, 2)))).toBe(true);
    expect(polygonsOverlap(square, poly(rect(0, 0, 2, 1, true)))).toBe(true);
    // The overlap's whole boundary runs along the two shapes' edges: no crossing at all.
    expect(polygonsOverlap(lShape, poly(rect(0, 0, 1, 1)))).toBe(true);
  });

  it("respects holes", () => {
    expect(polygonsOverlap(donut, poly(rect(1.2, 1.2, 1.8, 1.8)))).toBe(false);
    expect(polygonsOverlap(donut, poly(rect(1, 1, 2, 2)))).toBe(false);
    expect(polygonsOverlap(donut, poly(rect(1, 1, 2, 1.5)))).toBe(false);
    expect(polygonsOverlap(donut, poly(rect(0.5, 0.5, 1.5, 1.5)))).toBe(true);
  });

  it("is false for a shape touching another's edge at one point only", () => {
    const triangle = poly([[1, 2], [2, 3], [0, 3], [1, 2]]);
    expect(polygonsOverlap(square, triangle)).toBe(false);
  });

  it("agrees with exact rectangle intersection, touching included", () => {
    // Small integer coordinates make shared edges and corners common.
    const at = fc.integer({ min: 0, max: 6 });
    const size = fc.integer({ min: 1, max: 4 });
    const box = fc
      .tuple(at, at, size, size, fc.boolean())
      .map(([x, y, w, h, cw]) => ({ x0: x, y0: y, x1: x + w, y1: y + h, cw }));
    fc.assert(
      fc.property(box, box, (a, b) => {
        const expected = Math.min(a.x1, b.x1) > Math.max(a.x0, b.x0) && Math.min(a.y1, b.y1) > Math.max(a.y0, b.y0);
        const pa = poly(rect(a.x0, a.y0, a.x1, a.y1, a.cw));
        const pb = poly(rect(b.x0, b.y0, b.x1, b.y1, b.cw));
        return polygonsOverlap(pa, pb) === expected && polygonsOverlap(pb, pa) === expected;
      }),
      { numRuns: 2000, seed: 20240601 },
    );
  });
});

describe("labelPoint", () => {
  it("is the centroid when that lies inside", () => {
    expect(labelPoint(square)).toEqual([1, 1]);
  });

  it("moves into a shape whose centroid lies outside", () => {
    // A U shape: the centroid (2, ~1.3) falls in the notch.
    const u = poly([[0, 0], [4, 0], [4, 3], [3, 3], [3, 1], [1, 1], [1, 3], [0, 3], [0, 0]]);
    const [cx, cy] = centroid(u);
    expect(pointInPolygon(cx, cy, u)).toBe(false);
    const [x, y] = labelPoint(u);
    expect(pointInPolygon(x, y, u)).toBe(true);
    expect(y).toBe(cy);
  });

  it("labels a multipolygon in its largest part", () => {
    const multi: MultiPolygon = { type: "MultiPolygon", coordinates: [[rect(0, 0, 1, 1)], [rect(5, 5, 8, 8)]] };
    expect(labelPoint(multi)).toEqual([6.5, 6.5]);
  });
});

describe("WGS-84 / GCJ-02", () => {
  // Published reference values of the standard formula (the eviltransform and
  // coordtransform test suites).
  const cases: [string, Position, Position][] = [
    ["Beijing", [116.404, 39.915], [116.41024449916938, 39.91640428150164]],
    ["Beijing 2", [116.377817, 39.911954], [116.38404722455657, 39.91334545536069]],
    ["Shanghai", [121.5272106, 31.1774276], [121.531541859215, 31.17530398364597]],
    ["Shenzhen", [113.912316, 22.543847], [113.9171764808363, 22.540796131694766]],
  ];

  it.each(cases)("matches the reference for %s", (_name, wgs, gcj) => {
    const [lng, lat] = wgs84ToGcj02(wgs[0], wgs[1]);
    expect(lng).toBeCloseTo(gcj[0], 10);
    expect(lat).toBeCloseTo(gcj[1], 10);
  });

  it.each(cases)("inverts %s to better than 1e-6°", (_name, wgs, gcj) => {
    const [lng, lat] = gcj02ToWgs84(gcj[0], gcj[1]);
    expect(Math.abs(lng - wgs[0])).toBeLessThan(1e-6);
    expect(Math.abs(lat - wgs[1])).toBeLessThan(1e-6);
  });

  it("shifts Yumen by a few hundred metres, and back", () => {
    const [lng, lat] = wgs84ToGcj02(97.05, 40.29);
    expect(lng - 97.05).toBeGreaterThan(0.0003);
    expect(lng - 97.05).toBeLessThan(0.002);
    expect(lat - 40.29).toBeGreaterThan(0.0003);
    expect(lat - 40.29).toBeLessThan(0.002);
    for (let x = 96.5; x <= 98; x += 0.25) {
      for (let y = 39.7; y <= 40.9; y += 0.2) {
        const g = wgs84ToGcj02(x, y);
        const w = gcj02ToWgs84(g[0], g[1]);
        expect(Math.abs(w[0] - x)).toBeLessThan(1e-6);
        expect(Math.abs(w[1] - y)).toBeLessThan(1e-6);
      }
    }
  });

  it("leaves points outside China unchanged", () => {
    expect(outOfChina(2.35, 48.85)).toBe(true);
    expect(wgs84ToGcj02(2.35, 48.85)).toEqual([2.35, 48.85]);
    expect(gcj02ToWgs84(-74.0, 40.7)).toEqual([-74.0, 40.7]);
    expect(outOfChina(97.05, 40.29)).toBe(false);
  });
});
