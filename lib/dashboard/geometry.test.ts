import { describe, expect, it } from "vitest";
import { polygonArea, type Polygon } from "@/lib/geo";
import { decodeGeometry, encodeGeometry, simplifyLine } from "./geometry";

function circle(n: number, cx = 97.5, cy = 40.2, r = 0.01): Polygon {
  const ring: [number, number][] = [];
  for (let i = 0; i < n; i++) ring.push([+(cx + r * Math.cos((2 * Math.PI * i) / n)).toFixed(6), +(cy + r * Math.sin((2 * Math.PI * i) / n)).toFixed(6)]);
  ring.push(ring[0]);
  return { type: "Polygon", coordinates: [ring] };
}

describe("grid layer encoding", () => {
  it("round-trips a polygon within a metre", () => {
    const p: Polygon = { type: "Polygon", coordinates: [[[97.1, 40.1], [97.12345, 40.1], [97.12345, 40.11111], [97.1, 40.11111], [97.1, 40.1]]] };
    const [[ring]] = decodeGeometry(encodeGeometry(p));
    expect(ring).toHaveLength(5);
    ring.forEach((v, i) => {
      expect(v[0]).toBeCloseTo(p.coordinates[0][i][0], 5);
      expect(v[1]).toBeCloseTo(p.coordinates[0][i][1], 5);
    });
  });

  it("simplifies dense boundaries without changing their area much", () => {
    const dense = circle(2000);
    const encoded = encodeGeometry(dense);
    const decoded = { type: "Polygon" as const, coordinates: decodeGeometry(encoded)[0] };
    expect(decoded.coordinates[0].length).toBeLessThan(200);
    expect(Math.abs(polygonArea(decoded) - polygonArea(dense)) / polygonArea(dense)).toBeLessThan(0.01);
    expect(JSON.stringify(encoded).length).toBeLessThan(JSON.stringify(dense).length / 10);
  });

  it("keeps the ends of a line and drops collinear points", () => {
    expect(simplifyLine([[0, 0], [1, 0.000001], [2, 0]], 0.001)).toEqual([[0, 0], [2, 0]]);
    expect(simplifyLine([[0, 0], [1, 1], [2, 0]], 0.001)).toHaveLength(3);
  });

  it("encodes multipolygons part by part", () => {
    const a = circle(8, 97, 40).coordinates;
    const b = circle(8, 98, 40).coordinates;
    const decoded = decodeGeometry(encodeGeometry({ type: "MultiPolygon", coordinates: [a, b] }));
    expect(decoded).toHaveLength(2);
    expect(decoded[1][0][0][0]).toBeCloseTo(b[0][0][0], 5);
  });
});
