import { describe, expect, it } from "vitest";
import { geometryProblem, normaliseGeometry, reviewBoundary, ringSelfIntersects } from "./boundaries";

const square = (x: number, y: number, s = 1) => ({ type: "Polygon" as const, coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]] as [number, number][]] });

describe("grid boundary checks", () => {
  it("closes rings, rounds to 6 decimals and drops repeated points", () => {
    const g = normaliseGeometry({ type: "Polygon", coordinates: [[[0, 0], [1.00000049, 0], [1.00000049, 0], [1, 1], [0, 1]]] });
    expect(g.coordinates[0]).toEqual([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]);
  });

  it("finds self-intersecting and degenerate rings", () => {
    expect(ringSelfIntersects([[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]])).toBe(true);
    expect(ringSelfIntersects(square(0, 0).coordinates[0])).toBe(false);
    expect(geometryProblem(normaliseGeometry({ type: "Polygon", coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1]]] }))?.key).toBe("adminGeometrySelfIntersects");
    expect(geometryProblem(normaliseGeometry({ type: "Polygon", coordinates: [[[0, 0], [1, 1], [0, 0]]] }))?.key).toBe("adminGeometryTooFewPoints");
    expect(geometryProblem(normaliseGeometry({ type: "Polygon", coordinates: [[[0, 0], [1, 0], [2, 0], [0, 0]]] }))?.key).toBe("adminGeometryEmpty");
    expect(geometryProblem(square(0, 0))).toBeNull();
  });

  it("refuses overlaps, accepts shared edges, and warns about gaps and reaching outside the parent", () => {
    const parent = square(0, 0, 2);
    const sibling = { id: 2, name: "B", geometry: square(1, 0) };
    const overlap = reviewBoundary(square(0.5, 0), [sibling], parent, [sibling]);
    expect(overlap.overlaps).toEqual([{ id: 2, name: "B" }]);
    const sharing = reviewBoundary(square(0, 0), [sibling], parent, [sibling]);
    expect(sharing.overlaps).toEqual([]);
    // Two unit squares cover half the 2×2 parent.
    expect(sharing.warnings).toEqual([{ key: "adminBoundaryGap", values: { percent: 50 } }]);
    const outside = reviewBoundary(square(-0.5, 1.5), [sibling], parent, [sibling]);
    expect(outside.warnings.map((w) => w.key)).toEqual(["adminBoundaryOutsideParent"]);
    const full = reviewBoundary(square(0, 0, 2), [], parent, []);
    expect(full.warnings).toEqual([]);
  });
});
