// Editing the unit tree and grid boundaries.
import { describe, expect, it } from "vitest";
import { addUnit, assignGridWorker, importBoundaries, moveUnit, renameUnit, retireUnit, setGridBoundary } from "@/lib/admin/data";
import { moveUnitSchema, setBoundarySchema } from "@/lib/admin/schemas";
import { normaliseGeometry } from "@/lib/admin/boundaries";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { fixture, viewerFor } from "../support/fixtures";

const unit = (id: number) => db.unit.findUniqueOrThrow({ where: { id }, select: { id: true, version: true, pathIds: true, depth: true, parentId: true, name: true, boundary: true, retiredAt: true } });
// Fixture grids are 0.01° squares side by side along x = 100 + i·0.01 (see tests/support/fixtures.ts).
const square = (x0: number, y0: number, size = 0.01) =>
  normaliseGeometry({ type: "Polygon", coordinates: [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]] });

describe("the unit tree", () => {
  it("adds a grid with its own code and renames it", async () => {
    const admin = await viewerFor("admin");
    const { id, code } = await addUnit(admin, { parentId: fixture().units.V11, name: "东村第3网格", code: "" });
    expect(code).toBe("990101100001003");
    const created = await unit(id);
    expect(created.pathIds).toEqual([fixture().units.A, fixture().units.T1, fixture().units.V11, id]);
    await renameUnit(admin, { id, version: created.version, name: "东村新网格" });
    expect((await unit(id)).name).toBe("东村新网格");
    await expect(addUnit(admin, { parentId: fixture().units.V11, name: "乱码", code: "123" })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(addUnit(admin, { parentId: id, name: "网格下面", code: "" })).rejects.toMatchObject({ detail: { key: "adminGridHasNoChildren" } });
  });

  it("moves a village with its whole subtree in one go", async () => {
    const admin = await viewerFor("admin");
    const v12 = await unit(fixture().units.V12);
    const { moved } = await moveUnit(admin, { id: v12.id, version: v12.version, parentId: fixture().units.T2 });
    expect(moved).toBe(2);
    expect((await unit(fixture().units.V12)).pathIds).toEqual([fixture().units.A, fixture().units.T2, fixture().units.V12]);
    const g121 = await unit(fixture().units.G121);
    expect(g121.pathIds).toEqual([fixture().units.A, fixture().units.T2, fixture().units.V12, fixture().units.G121]);
    expect(g121.depth).toBe(3);
    // The township officer of T1 no longer sees the moved grid.
    const township = await viewerFor("township");
    expect(await db.unit.count({ where: { id: fixture().units.G121, pathIds: { has: township.unitId } } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "territory.move", targetId: String(v12.id) } })).toBe(1);
  });

  it("refuses a unit moved under its own descendant or under the wrong level, changing nothing", async () => {
    const admin = await viewerFor("admin");
    const t1 = await unit(fixture().units.T1);
    const before = await db.unit.findMany({ orderBy: { id: "asc" }, select: { id: true, pathIds: true, parentId: true } });
    const r = await runAction(admin, moveUnitSchema, moveUnit, { id: t1.id, version: t1.version, parentId: fixture().units.V11 });
    expect(r).toMatchObject({ ok: false, code: "VALIDATION", message: "不能把单位移到它自己的下级单位之下。未作任何更改。" });
    const g111 = await unit(fixture().units.G111);
    await expect(moveUnit(admin, { id: g111.id, version: g111.version, parentId: fixture().units.T2 })).rejects.toMatchObject({ detail: { key: "adminMoveWrongLevel" } });
    await expect(moveUnit(admin, { id: g111.id, version: g111.version, parentId: fixture().units.VB })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(moveUnit(admin, { id: g111.id, version: g111.version + 5, parentId: fixture().units.V12 })).rejects.toMatchObject({ code: "STALE" });
    expect(await db.unit.findMany({ orderBy: { id: "asc" }, select: { id: true, pathIds: true, parentId: true } })).toEqual(before);
  });

  it("retires a unit only when no one and nothing is left in it", async () => {
    const admin = await viewerFor("admin");
    const v21 = await unit(fixture().units.V21);
    await retireUnit(admin, { id: v21.id, version: v21.version });
    expect((await unit(fixture().units.G211)).retiredAt).not.toBeNull();
    const v11 = await unit(fixture().units.V11);
    await expect(retireUnit(admin, { id: v11.id, version: v11.version })).rejects.toMatchObject({ detail: { key: "adminRetireHasUsers" } });
    expect((await unit(fixture().units.V11)).retiredAt).toBeNull();
  });

  it("places a grid worker on another grid and ends their session", async () => {
    const admin = await viewerFor("admin");
    const before = await db.user.findUniqueOrThrow({ where: { username: "grid" }, select: { id: true, sessionVersion: true } });
    await assignGridWorker(admin, { userId: before.id, gridId: fixture().units.G121 });
    const after = await db.user.findUniqueOrThrow({ where: { id: before.id }, select: { unitId: true, sessionVersion: true } });
    expect(after).toEqual({ unitId: fixture().units.G121, sessionVersion: before.sessionVersion + 1 });
    await expect(assignGridWorker(admin, { userId: fixture().users.community, gridId: fixture().units.G121 })).rejects.toMatchObject({ detail: { key: "adminNotGridWorker" } });
  });
});

describe("grid boundaries", () => {
  it("saves a boundary, warning about gaps in the parent, and refuses overlaps without changing anything", async () => {
    const admin = await viewerFor("admin");
    // Give the village a boundary covering its two grids with room to spare.
    await db.unit.update({ where: { id: fixture().units.V11 }, data: { boundary: square(100.03, 30, 0.03) as never } });
    const g111 = await unit(fixture().units.G111);
    const { warnings } = await setGridBoundary(admin, { id: g111.id, version: g111.version, geometry: square(100.03, 30, 0.009) });
    expect(warnings.map((w) => w.key)).toContain("adminBoundaryGap");
    const saved = await unit(g111.id);
    expect(saved.boundary).toEqual(square(100.03, 30, 0.009));
    expect(await db.auditLog.count({ where: { action: "territory.boundary" } })).toBe(1);

    // G112 sits at x = 100.04…100.05: a shape reaching into G111 overlaps it.
    const g112 = await unit(fixture().units.G112);
    const r = await runAction(admin, setBoundarySchema, setGridBoundary, { id: g112.id, version: g112.version, geometry: square(100.035, 30, 0.01) });
    expect(r).toMatchObject({ ok: false, code: "VALIDATION" });
    if (!r.ok) expect(r.message).toContain("东村第1网格");
    expect((await unit(g112.id)).boundary).toEqual(g112.boundary);
    // Sharing an edge is not an overlap.
    await setGridBoundary(admin, { id: g112.id, version: g112.version, geometry: square(100.039, 30, 0.011) });
  });

  it("refuses shapes that are not simple polygons", async () => {
    const admin = await viewerFor("admin");
    const g = await unit(fixture().units.G121);
    const bowtie = { type: "Polygon", coordinates: [[[100, 31], [100.01, 31.01], [100.01, 31], [100, 31.01], [100, 31]]] };
    await expect(setGridBoundary(admin, { id: g.id, version: g.version, geometry: bowtie })).rejects.toMatchObject({ detail: { key: "adminGeometrySelfIntersects" } });
    const r = await runAction(admin, setBoundarySchema, setGridBoundary, { id: g.id, version: g.version, geometry: { type: "Point", coordinates: [100, 31] } });
    expect(r).toMatchObject({ ok: false, code: "VALIDATION" });
    expect((await unit(g.id)).version).toBe(g.version);
  });

  it("imports boundaries from GeoJSON all or nothing, creating new grids with a parent code", async () => {
    const admin = await viewerFor("admin");
    const fc = (features: unknown[]) => JSON.stringify({ type: "FeatureCollection", features });
    const feature = (code: string, geometry: unknown, extra: object = {}) => ({ type: "Feature", properties: { code, ...extra }, geometry });
    const g121 = await unit(fixture().units.G121);
    const ok = await importBoundaries(admin, {
      geojson: fc([feature("990101100002001", square(100.2, 31)), feature("990101100002002", square(100.21, 31), { name: "西村第2网格", parentCode: "990101100002" })]),
    });
    expect(ok).toMatchObject({ updated: 1, created: 1 });
    expect((await unit(g121.id)).boundary).toEqual(square(100.2, 31));
    const created = await db.unit.findUniqueOrThrow({ where: { code: "990101100002002" }, select: { parentId: true, level: true } });
    expect(created).toEqual({ parentId: fixture().units.V12, level: "GRID" });

    const snapshot = await db.unit.findMany({ orderBy: { id: "asc" }, select: { id: true, boundary: true } });
    // Overlapping each other: refused, nothing saved.
    await expect(importBoundaries(admin, { geojson: fc([feature("990101100002001", square(100.3, 31)), feature("990101100002002", square(100.305, 31))]) })).rejects.toMatchObject({
      detail: { key: "adminBoundaryOverlap" },
    });
    // Not GeoJSON, a point, a grid of another county, an unknown grid without parent: refused.
    await expect(importBoundaries(admin, { geojson: "{ not json" })).rejects.toMatchObject({ detail: { key: "adminGeoJsonInvalid" } });
    await expect(importBoundaries(admin, { geojson: fc([feature("990101100002001", { type: "Point", coordinates: [1, 2] })]) })).rejects.toMatchObject({ detail: { key: "adminGeoJsonInvalid" } });
    await expect(importBoundaries(admin, { geojson: fc([feature("990102100001001", square(100.4, 31))]) })).rejects.toMatchObject({ detail: { key: "adminGeoJsonUnknownGrid" } });
    await expect(importBoundaries(admin, { geojson: fc([feature("990101100002009", square(100.5, 31))]) })).rejects.toMatchObject({ detail: { key: "adminGeoJsonUnknownGrid" } });
    expect(await db.unit.findMany({ orderBy: { id: "asc" }, select: { id: true, boundary: true } })).toEqual(snapshot);
  });
});
