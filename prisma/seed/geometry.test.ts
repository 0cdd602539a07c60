import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bbox, centroid, pointInPolygon, polygonArea, polygonsOverlap, ringArea } from "../../lib/geo";
import { readDivisionCsv, toSeedTownships } from "./divisions";
import {
  type GridShape,
  gridCountFor,
  isUrbanName,
  type Layout,
  layoutCounty,
  type SeedTownship,
  YUMEN_CENTRE,
} from "./geometry";

const csv = readFileSync(new URL("../data/divisions-620981.csv", import.meta.url), "utf8");
const { county, townships } = toSeedTownships(readDivisionCsv(csv));
const SEED = 1;
const layout = layoutCounty(townships, SEED);
const allVillages = townships.flatMap((t) => t.villages);
const allGrids = [...layout.grids.values()].flat();

function overlappingPairs(shapes: GridShape[]): [number, number][] {
  const boxes = shapes.map((s) => bbox(s.polygon));
  const pairs: [number, number][] = [];
  for (let i = 0; i < shapes.length; i++) {
    for (let j = i + 1; j < shapes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      if (a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1]) continue;
      if (polygonsOverlap(shapes[i].polygon, shapes[j].polygon)) pairs.push([i, j]);
    }
  }
  return pairs;
}

function areaOf(shapes: GridShape[]): number {
  return shapes.reduce((s, g) => s + polygonArea(g.polygon), 0);
}

function snapshot(l: Layout): unknown {
  return JSON.stringify([l.county, [...l.townships], [...l.villages], [...l.grids]]);
}

describe("division CSV", () => {
  it("holds Yumen with its 16 township-level units and 84 village-level units", () => {
    expect(county).toEqual({ code: "620981000000", name: "玉门市", parentCode: "620900000000" });
    expect(townships).toHaveLength(16);
    expect(allVillages).toHaveLength(84);
    expect(townships[0]).toMatchObject({ code: "620981002000", name: "新市区街道" });
    expect(townships[0].villages[0]).toEqual({ code: "620981002001", name: "南街社区居委会" });
  });

  it("rejects malformed files", () => {
    expect(() => readDivisionCsv("code,name\n620981000000,玉门市\n")).toThrow(/columns/);
    expect(() => readDivisionCsv("code,name,parent_code\n620981,玉门市,6209\n")).toThrow(/12 digits/);
    const dup = "code,name,parent_code\n620981000000,玉门市,620900000000\n620981000000,玉门市,620900000000\n";
    expect(() => readDivisionCsv(dup)).toThrow(/duplicate/);
  });

  it("reads a file with a byte-order mark and quoted names", () => {
    const rows = readDivisionCsv('\uFEFFcode,name,parent_code\n990101000000,"甲,县",990100000000\n');
    expect(rows).toEqual([{ code: "990101000000", name: "甲,县", parentCode: "990100000000" }]);
  });
});

describe("grid counts", () => {
  it("gives every village 3 to 8 grids, about 400 in all", () => {
    for (const v of allVillages) {
      const grids = layout.grids.get(v.code)!;
      expect(grids.length).toBe(gridCountFor(v.code));
      expect(grids.length).toBeGreaterThanOrEqual(3);
      expect(grids.length).toBeLessThanOrEqual(8);
    }
    expect(allGrids.length).toBe(408);
  });

  it("tells residents' committees from villages", () => {
    expect(isUrbanName("南街社区居委会")).toBe(true);
    expect(isUrbanName("和政社区")).toBe(true);
    expect(isUrbanName("南门村委会")).toBe(false);
    expect(isUrbanName("甘肃矿区虚拟社区")).toBe(false);
  });
});

describe("layoutCounty", () => {
  it("is deterministic and depends on the seed", () => {
    expect(snapshot(layoutCounty(townships, SEED))).toBe(snapshot(layout));
    expect(snapshot(layoutCounty(townships, SEED + 1))).not.toBe(snapshot(layout));
  });

  it("returns a shape for every unit", () => {
    expect([...layout.townships.keys()]).toEqual(townships.map((t) => t.code));
    expect([...layout.villages.keys()]).toEqual(allVillages.map((v) => v.code));
  });

  it("writes closed counter-clockwise rings of 6-decimal positions inside Yumen's extent", () => {
    const shapes = [layout.county, ...layout.townships.values(), ...layout.villages.values(), ...allGrids];
    for (const { polygon, center } of shapes) {
      expect(polygon.type).toBe("Polygon");
      expect(polygon.coordinates).toHaveLength(1);
      const ring = polygon.coordinates[0];
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(new Set(ring.map((p) => p.join())).size).toBe(ring.length - 1);
      expect(ringArea(ring)).toBeGreaterThan(0);
      for (const [lng, lat] of [...ring, center]) {
        expect(Number(lng.toFixed(6))).toBe(lng);
        expect(Number(lat.toFixed(6))).toBe(lat);
        expect(lng).toBeGreaterThanOrEqual(96.5);
        expect(lng).toBeLessThanOrEqual(98.0);
        expect(lat).toBeGreaterThanOrEqual(39.7);
        expect(lat).toBeLessThanOrEqual(40.9);
      }
      expect(pointInPolygon(center[0], center[1], polygon)).toBe(true);
    }
  });

  it("keeps grids small: at most 12 vertices, all 400 well under 200 KB of GeoJSON", () => {
    for (const g of allGrids) expect(g.polygon.coordinates[0].length - 1).toBeLessThanOrEqual(12);
    const features = allGrids.map((g) => ({ type: "Feature", properties: {}, geometry: g.polygon }));
    expect(JSON.stringify({ type: "FeatureCollection", features }).length).toBeLessThan(150_000);
  });

  it("puts each grid's centroid in its village and each village's in its township", () => {
    for (const t of townships) {
      const township = layout.townships.get(t.code)!.polygon;
      for (const v of t.villages) {
        const village = layout.villages.get(v.code)!.polygon;
        const [x, y] = centroid(village);
        expect(pointInPolygon(x, y, township), v.name).toBe(true);
        for (const g of layout.grids.get(v.code)!) {
          const [gx, gy] = centroid(g.polygon);
          expect(pointInPolygon(gx, gy, village)).toBe(true);
        }
      }
      const [tx, ty] = centroid(township);
      expect(pointInPolygon(tx, ty, layout.county.polygon)).toBe(true);
    }
  });

  it("lets no two grids of a village overlap", () => {
    for (const v of allVillages) expect(overlappingPairs(layout.grids.get(v.code)!)).toEqual([]);
  });

  it("lets no two grids, villages or townships overlap anywhere in the county", () => {
    expect(overlappingPairs(allGrids)).toEqual([]);
    expect(overlappingPairs([...layout.villages.values()])).toEqual([]);
    expect(overlappingPairs([...layout.townships.values()])).toEqual([]);
  });

  it("tiles every level exactly: the parts' areas add up to the whole", () => {
    for (const t of townships) {
      const township = polygonArea(layout.townships.get(t.code)!.polygon);
      const villages = t.villages.map((v) => layout.villages.get(v.code)!);
      expect(areaOf(villages) / township).toBeCloseTo(1, 9);
      for (const v of t.villages) {
        const village = polygonArea(layout.villages.get(v.code)!.polygon);
        expect(areaOf(layout.grids.get(v.code)!) / village).toBeCloseTo(1, 9);
      }
    }
    expect(areaOf([...layout.townships.values()]) / polygonArea(layout.county.polygon)).toBeCloseTo(1, 9);
    expect(areaOf(allGrids) / polygonArea(layout.county.polygon)).toBeCloseTo(1, 9);
  });

  it("makes residents' committees' grids small and close to the city centre", () => {
    const urban = allVillages.filter((v) => isUrbanName(v.name)).flatMap((v) => layout.grids.get(v.code)!);
    const rural = allVillages.filter((v) => !isUrbanName(v.name)).flatMap((v) => layout.grids.get(v.code)!);
    const meanArea = (g: GridShape[]) => areaOf(g) / g.length;
    expect(meanArea(urban) * 5).toBeLessThan(meanArea(rural));
    const [cx, cy] = YUMEN_CENTRE;
    const distance = (g: GridShape) => Math.hypot(g.center[0] - cx, g.center[1] - cy);
    const meanDistance = (g: GridShape[]) => g.reduce((s, x) => s + distance(x), 0) / g.length;
    expect(meanDistance(urban) * 2).toBeLessThan(meanDistance(rural));
    // The street office of the new city sits at the centre.
    const newCity = layout.townships.get("620981002000")!;
    expect(Math.hypot(newCity.center[0] - cx, newCity.center[1] - cy)).toBeLessThan(0.15);
  });

  it("lays out any small county, also a township without villages", () => {
    const small: SeedTownship[] = [
      { code: "990101001000", name: "甲街道", villages: [{ code: "990101001001", name: "一社区居委会" }] },
      {
        code: "990101100000",
        name: "乙镇",
        villages: [
          { code: "990101100200", name: "二村委会" },
          { code: "990101100201", name: "三村委会" },
        ],
      },
      { code: "990101400000", name: "丙农场", villages: [] },
    ];
    const l = layoutCounty(small, 7, { centre: [100, 30], extent: [99.8, 29.8, 100.3, 30.2] });
    expect(l.townships.size).toBe(3);
    expect(l.villages.size).toBe(3);
    const total = small.flatMap((t) => t.villages).reduce((s, v) => s + gridCountFor(v.code), 0);
    expect([...l.grids.values()].flat()).toHaveLength(total);
    const [minLng, minLat, maxLng, maxLat] = bbox(l.county.polygon);
    expect(minLng).toBeGreaterThanOrEqual(99.8);
    expect(maxLng).toBeLessThanOrEqual(100.3);
    expect(minLat).toBeGreaterThanOrEqual(29.8);
    expect(maxLat).toBeLessThanOrEqual(30.2);
    expect(overlappingPairs([...l.townships.values()])).toEqual([]);
    expect(areaOf([...l.townships.values()]) / polygonArea(l.county.polygon)).toBeCloseTo(1, 9);
  });

  it("rejects duplicate codes", () => {
    const twice: SeedTownship[] = [
      { code: "990101100000", name: "乙镇", villages: [{ code: "990101100200", name: "二村委会" }] },
      { code: "990101101000", name: "丁镇", villages: [{ code: "990101100200", name: "二村委会" }] },
    ];
    expect(() => layoutCounty(twice, 1)).toThrow(/duplicate/);
  });
});
