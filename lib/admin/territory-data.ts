import "server-only";
import type { Prisma, UnitLevel } from "@/lib/generated/prisma/client.ts";
import type { PolygonalGeometry } from "@/lib/geo";
import { auditActor, authorize, type Viewer } from "@/lib/server/auth";
import { writeAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import type { Tx } from "@/lib/server/prisma";
import { unitsWithin } from "@/lib/server/scope";
import { createUnit } from "@/lib/territory/data";
import { levelOfCode } from "@/lib/territory/levels";
import { centreOf, geometryProblem, normaliseGeometry, reviewBoundary, type GeometryProblem, type Neighbour } from "./boundaries";
import { geometrySchema } from "./schemas";

// Editing the unit tree: add, rename, move (with the subtree), retire; grid boundaries
// drawn on the map or imported from GeoJSON; grid workers placed on grids. Every change
// is one transaction with its audit entry.

const CHILD_LEVEL: Partial<Record<UnitLevel, UnitLevel>> = { COUNTY: "TOWNSHIP", TOWNSHIP: "VILLAGE", VILLAGE: "GRID" };
const PARENT_LEVEL: Partial<Record<UnitLevel, UnitLevel>> = { TOWNSHIP: "COUNTY", VILLAGE: "TOWNSHIP", GRID: "VILLAGE" };

/** Tree moves take this lock, so two moves at once cannot make a cycle between them. */
const TREE_LOCK = 1447510358;

async function unitInScope(tx: Tx | typeof db, viewer: Viewer, id: number) {
  const unit = await tx.unit.findFirst({
    where: { id, ...unitsWithin(viewer), retiredAt: null },
    select: { id: true, code: true, name: true, level: true, parentId: true, pathIds: true, depth: true, version: true, boundary: true },
  });
  if (!unit) throw notFound();
  return unit;
}

/** One unit for the editor: itself, its children, and the boundaries around it. */
export async function unitDetail(viewer: Viewer, id: number) {
  await authorize(viewer, "territory.edit");
  const unit = await unitInScope(db, viewer, id);
  const countyId = unit.pathIds[0];
  const [parent, children, grids, workers, candidates] = await Promise.all([
    unit.parentId ? db.unit.findFirst({ where: { id: unit.parentId }, select: { id: true, name: true, level: true, boundary: true } }) : null,
    db.unit.findMany({ where: { parentId: unit.id, retiredAt: null }, orderBy: [{ sortOrder: "asc" }, { code: "asc" }], select: { id: true, name: true, code: true, level: true } }),
    // The county's grids near this one, for the map and the overlap check in the browser.
    unit.level === "GRID"
      ? db.unit.findMany({
          where: { pathIds: { has: countyId }, level: "GRID", retiredAt: null, id: { not: unit.id } },
          select: { id: true, name: true, parentId: true, boundary: true },
        })
      : Promise.resolve([]),
    unit.level === "GRID" ? gridWorkersOf(unit.id) : Promise.resolve([]),
    unit.level === "GRID" ? gridWorkerCandidates(viewer, unit.id) : Promise.resolve([]),
  ]);
  return {
    unit: { id: unit.id, code: unit.code, name: unit.name, level: unit.level, parentId: unit.parentId, version: unit.version, boundary: unit.boundary as PolygonalGeometry | null },
    parent: parent ? { id: parent.id, name: parent.name, level: parent.level, boundary: parent.boundary as PolygonalGeometry | null } : null,
    children,
    neighbours: grids.filter((g) => g.boundary !== null).map((g) => ({ id: g.id, name: g.name, sibling: g.parentId === unit.parentId, geometry: g.boundary as unknown as PolygonalGeometry })),
    workers,
    candidates,
    childLevel: CHILD_LEVEL[unit.level] ?? null,
  };
}

/** Units the viewer may pick as a new parent for `id`: the right level, inside the territory, not in its own subtree. */
export async function moveTargets(viewer: Viewer, id: number) {
  await authorize(viewer, "territory.edit");
  const unit = await unitInScope(db, viewer, id);
  const level = PARENT_LEVEL[unit.level];
  if (!level) return [];
  return db.unit.findMany({
    where: { ...unitsWithin(viewer), retiredAt: null, level, NOT: { pathIds: { has: unit.id } } },
    orderBy: [{ depth: "asc" }, { code: "asc" }],
    select: { id: true, name: true, code: true },
    take: 2000,
  });
}

async function nextGridCode(tx: Tx, parent: { id: number; code: string }): Promise<string> {
  const codes = await tx.unit.findMany({ where: { code: { startsWith: parent.code }, level: "GRID" }, select: { code: true } });
  const used = codes.map((c) => Number(c.code.slice(parent.code.length))).filter(Number.isFinite);
  const next = (used.length ? Math.max(...used) : 0) + 1;
  if (next > 999) throw new AppError("CONFLICT", { key: "adminGridCodesExhausted" });
  return `${parent.code}${String(next).padStart(3, "0")}`;
}

export async function addUnit(viewer: Viewer, input: { parentId: number; name: string; code: string }) {
  await authorize(viewer, "territory.edit");
  return db.$transaction(async (tx) => {
    const parent = await unitInScope(tx, viewer, input.parentId);
    const level = CHILD_LEVEL[parent.level];
    if (!level) throw new AppError("VALIDATION", { key: "adminGridHasNoChildren" });
    let code = input.code;
    if (level === "GRID") {
      if (!code) code = await nextGridCode(tx, parent);
      else if (!/^\d{15}$/.test(code) || !code.startsWith(parent.code)) throw new AppError("VALIDATION", undefined, { code: "validation.adminGridCode" });
    } else {
      // Townships and villages carry their national division code, under their parent's.
      const prefix = parent.level === "COUNTY" ? parent.code.slice(0, 6) : parent.code.slice(0, 9);
      if (!/^\d{12}$/.test(code) || levelOfCode(code) !== level || !code.startsWith(prefix))
        throw new AppError("VALIDATION", undefined, { code: "validation.adminUnitCode" });
    }
    if (await tx.unit.findUnique({ where: { code }, select: { id: true } })) throw new AppError("CONFLICT", { key: "adminUnitCodeTaken" }, { code: "validation.adminUnitCodeTaken" });
    const order = await tx.unit.count({ where: { parentId: parent.id } });
    const created = await createUnit(tx, { code, name: input.name, level, parent, sortOrder: order + 1 });
    await writeAudit(tx, { ...auditActor(viewer), action: "territory.add", result: "success", targetType: "unit", targetId: created.id, details: { code, name: input.name, level, parentId: parent.id } });
    return { id: created.id, code };
  });
}

export async function renameUnit(viewer: Viewer, input: { id: number; version: number; name: string }) {
  await authorize(viewer, "territory.edit");
  await db.$transaction(async (tx) => {
    const unit = await unitInScope(tx, viewer, input.id);
    if (unit.name === input.name) return;
    const { count } = await tx.unit.updateMany({ where: { id: unit.id, version: input.version }, data: { name: input.name, version: { increment: 1 } } });
    if (count === 0) throw new AppError("STALE");
    await writeAudit(tx, { ...auditActor(viewer), action: "territory.rename", result: "success", targetType: "unit", targetId: unit.id, details: { changes: { name: [unit.name, input.name] } } });
  });
}

/**
 * Moves a unit and its whole subtree under another parent of the right level: the path
 * and depth of every unit below are rewritten by one UPDATE. Refused (nothing changes)
 * for a parent inside the unit's own subtree, a parent of the wrong level, or a unit
 * the viewer administers from (their own unit).
 */
export async function moveUnit(viewer: Viewer, input: { id: number; version: number; parentId: number }) {
  await authorize(viewer, "territory.edit");
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${TREE_LOCK})`;
    const unit = await unitInScope(tx, viewer, input.id);
    if (unit.id === viewer.unitId || !unit.parentId) throw new AppError("VALIDATION", { key: "adminMoveRoot" });
    const parent = await unitInScope(tx, viewer, input.parentId);
    if (parent.pathIds.includes(unit.id)) throw new AppError("VALIDATION", { key: "adminMoveIntoOwnSubtree" }, { parentId: "validation.adminMoveIntoOwnSubtree" });
    if (PARENT_LEVEL[unit.level] !== parent.level)
      throw new AppError("VALIDATION", { key: "adminMoveWrongLevel" }, { parentId: "validation.adminMoveWrongLevel" });
    if (parent.id === unit.parentId) return { moved: 0 };
    const keep = unit.pathIds.length; // the unit's own position in its subtree's paths (1-based)
    const moved = await tx.$executeRaw`
      UPDATE "Unit" SET
        "pathIds" = ${parent.pathIds}::int[] || "pathIds"[${keep}:],
        depth = depth + ${parent.depth + 1 - unit.depth},
        "parentId" = CASE WHEN id = ${unit.id} THEN ${parent.id} ELSE "parentId" END,
        version = CASE WHEN id = ${unit.id} THEN version + 1 ELSE version END,
        "updatedAt" = now()
      WHERE "pathIds" @> ARRAY[${unit.id}]::int[]
        AND EXISTS (SELECT 1 FROM "Unit" u WHERE u.id = ${unit.id} AND u.version = ${input.version})`;
    if (moved === 0) throw new AppError("STALE");
    await writeAudit(tx, {
      ...auditActor(viewer),
      action: "territory.move",
      result: "success",
      targetType: "unit",
      targetId: unit.id,
      details: { name: unit.name, changes: { parentId: [unit.parentId, parent.id] }, subtreeUnits: moved },
    });
    return { moved };
  });
}

/**
 * Retires a unit with its subtree (they vanish from the tree, their users can no longer
 * sign in). Refused while enabled users or live registry records are in the subtree:
 * move them first.
 */
export async function retireUnit(viewer: Viewer, input: { id: number; version: number }) {
  await authorize(viewer, "territory.edit");
  await db.$transaction(async (tx) => {
    const unit = await unitInScope(tx, viewer, input.id);
    if (unit.id === viewer.unitId || !unit.parentId) throw new AppError("VALIDATION", { key: "adminRetireRoot" });
    const inSubtree = { pathIds: { has: unit.id } };
    const [users, residents, households, houses, places] = await Promise.all([
      tx.user.count({ where: { enabled: true, unit: inSubtree } }),
      tx.resident.count({ where: { deletedAt: null, grid: inSubtree } }),
      tx.household.count({ where: { deletedAt: null, grid: inSubtree } }),
      tx.house.count({ where: { deletedAt: null, grid: inSubtree } }),
      tx.place.count({ where: { deletedAt: null, grid: inSubtree } }),
    ]);
    if (users > 0) throw new AppError("CONFLICT", { key: "adminRetireHasUsers", values: { count: users } });
    const records = residents + households + houses + places;
    if (records > 0) throw new AppError("CONFLICT", { key: "adminRetireHasRecords", values: { count: records } });
    const now = new Date();
    const { count } = await tx.unit.updateMany({ where: { id: unit.id, version: input.version }, data: { retiredAt: now, version: { increment: 1 } } });
    if (count === 0) throw new AppError("STALE");
    const below = await tx.unit.updateMany({ where: { ...inSubtree, retiredAt: null, id: { not: unit.id } }, data: { retiredAt: now } });
    await writeAudit(tx, { ...auditActor(viewer), action: "territory.retire", result: "success", targetType: "unit", targetId: unit.id, details: { name: unit.name, subtreeUnits: below.count + 1 } });
  });
}

function boundarySummary(g: PolygonalGeometry | null) {
  if (!g) return null;
  const polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  const vertices = polygons.reduce((n, rings) => n + rings.reduce((m, r) => m + r.length, 0), 0);
  // Small shapes are kept whole (old and new value); large ones as a size only.
  return vertices <= 500 ? g : { type: g.type, vertices };
}

async function neighboursFor(tx: Tx, countyId: number, exclude: number[]) {
  const rows = await tx.unit.findMany({
    where: { pathIds: { has: countyId }, level: "GRID", retiredAt: null, id: { notIn: exclude } },
    select: { id: true, name: true, parentId: true, boundary: true },
  });
  return rows.filter((r) => r.boundary !== null).map((r) => ({ id: r.id, name: r.name, parentId: r.parentId, geometry: r.boundary as unknown as PolygonalGeometry }));
}

function checkedGeometry(raw: unknown): PolygonalGeometry {
  const parsed = geometrySchema.safeParse(raw);
  if (!parsed.success) throw new AppError("VALIDATION", { key: "adminGeometryInvalid" });
  const geometry = normaliseGeometry(parsed.data as PolygonalGeometry);
  const problem = geometryProblem(geometry);
  if (problem) throw new AppError("VALIDATION", problem);
  return geometry;
}

function refuseOverlaps(review: { overlaps: { name: string }[] }, name: string) {
  if (review.overlaps.length)
    throw new AppError("VALIDATION", { key: "adminBoundaryOverlap", values: { grid: name, others: review.overlaps.map((o) => o.name).slice(0, 5).join("、") } });
}

/** Sets a grid's boundary as drawn on the map. Overlaps are refused; outside-parent and gaps come back as warnings. */
export async function setGridBoundary(viewer: Viewer, input: { id: number; version: number; geometry: unknown }): Promise<{ warnings: GeometryProblem[] }> {
  await authorize(viewer, "territory.edit");
  const geometry = checkedGeometry(input.geometry);
  return db.$transaction(async (tx) => {
    // Boundary edits of one county are serialised, so two overlapping shapes cannot pass the check side by side.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${TREE_LOCK})`;
    const unit = await unitInScope(tx, viewer, input.id);
    if (unit.level !== "GRID") throw new AppError("VALIDATION", { key: "adminBoundaryGridOnly" });
    const neighbours = await neighboursFor(tx, unit.pathIds[0], [unit.id]);
    const parent = unit.parentId ? await tx.unit.findUnique({ where: { id: unit.parentId }, select: { boundary: true } }) : null;
    const review = reviewBoundary(
      geometry,
      neighbours,
      (parent?.boundary as PolygonalGeometry | null) ?? null,
      neighbours.filter((n) => n.parentId === unit.parentId),
    );
    refuseOverlaps(review, unit.name);
    if (JSON.stringify(unit.boundary) === JSON.stringify(geometry)) return { warnings: review.warnings };
    const centre = centreOf(geometry);
    const { count } = await tx.unit.updateMany({
      where: { id: unit.id, version: input.version },
      data: { boundary: geometry as unknown as Prisma.InputJsonValue, centerLat: centre.lat, centerLng: centre.lng, version: { increment: 1 } },
    });
    if (count === 0) throw new AppError("STALE");
    await writeAudit(tx, {
      ...auditActor(viewer),
      action: "territory.boundary",
      result: "success",
      targetType: "unit",
      targetId: unit.id,
      details: { name: unit.name, changes: { boundary: [boundarySummary(unit.boundary as PolygonalGeometry | null), boundarySummary(geometry)] }, warnings: review.warnings.map((w) => w.key) } as Prisma.InputJsonValue,
    });
    return { warnings: review.warnings };
  });
}

interface ImportFeature {
  code: string;
  name: string | null;
  parentCode: string | null;
  geometry: PolygonalGeometry;
}

/** Reads a GeoJSON FeatureCollection (or one Feature) of grid boundaries; throws a clear error on anything else. */
export function parseBoundaryGeoJson(text: string): ImportFeature[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AppError("VALIDATION", { key: "adminGeoJsonInvalid", values: { reason: "JSON" } });
  }
  const obj = data as { type?: string; features?: unknown[] };
  const features = obj?.type === "FeatureCollection" && Array.isArray(obj.features) ? obj.features : obj?.type === "Feature" ? [obj] : null;
  if (!features) throw new AppError("VALIDATION", { key: "adminGeoJsonInvalid", values: { reason: "FeatureCollection" } });
  if (features.length === 0) throw new AppError("VALIDATION", { key: "adminGeoJsonEmpty" });
  if (features.length > 2000) throw new AppError("VALIDATION", { key: "adminGeoJsonInvalid", values: { reason: "> 2000 features" } });
  return features.map((f, i) => {
    const feature = f as { type?: string; properties?: Record<string, unknown> | null; geometry?: unknown };
    const where = `#${i + 1}`;
    if (feature?.type !== "Feature") throw new AppError("VALIDATION", { key: "adminGeoJsonInvalid", values: { reason: `${where}: Feature` } });
    const props = feature.properties ?? {};
    const code = String(props.code ?? props.CODE ?? "").trim();
    if (!/^\d{15}$/.test(code)) throw new AppError("VALIDATION", { key: "adminGeoJsonCode", values: { feature: where } });
    const parsed = geometrySchema.safeParse(feature.geometry);
    if (!parsed.success) throw new AppError("VALIDATION", { key: "adminGeoJsonInvalid", values: { reason: `${where} (${code}): Polygon / MultiPolygon` } });
    const geometry = normaliseGeometry(parsed.data as PolygonalGeometry);
    const problem = geometryProblem(geometry);
    if (problem) throw new AppError("VALIDATION", { key: "adminGeoJsonFeature", values: { feature: `${where} (${code})`, problem: problem.key } });
    const name = props.name ? String(props.name).trim().slice(0, 100) : null;
    const parentCode = props.parentCode ? String(props.parentCode).trim() : null;
    return { code, name, parentCode, geometry };
  });
}

/**
 * Imports grid boundaries: a feature whose `code` names a grid of the viewer's territory
 * replaces its boundary; an unknown code with `name` and `parentCode` (a village of the
 * territory) creates the grid. All or nothing, with the same overlap rule as drawing.
 */
export async function importBoundaries(viewer: Viewer, input: { geojson: string }) {
  await authorize(viewer, "territory.edit");
  const features = parseBoundaryGeoJson(input.geojson);
  const codes = new Set<string>();
  for (const f of features) {
    if (codes.has(f.code)) throw new AppError("VALIDATION", { key: "adminGeoJsonDuplicate", values: { code: f.code } });
    codes.add(f.code);
  }
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${TREE_LOCK})`;
      const existing = new Map(
        (
          await tx.unit.findMany({
            where: { code: { in: [...codes] } },
            select: { id: true, code: true, name: true, level: true, pathIds: true, retiredAt: true, parentId: true, boundary: true },
          })
        ).map((u) => [u.code, u]),
      );
      const planned: { feature: ImportFeature; id: number | null; name: string; parentId: number; countyId: number }[] = [];
      for (const f of features) {
        const unit = existing.get(f.code);
        if (unit) {
          if (unit.level !== "GRID" || unit.retiredAt || !unit.pathIds.includes(viewer.unitId))
            throw new AppError("VALIDATION", { key: "adminGeoJsonUnknownGrid", values: { code: f.code } });
          planned.push({ feature: f, id: unit.id, name: unit.name, parentId: unit.parentId!, countyId: unit.pathIds[0] });
          continue;
        }
        const parent = f.parentCode
          ? await tx.unit.findFirst({ where: { code: f.parentCode, level: "VILLAGE", retiredAt: null, ...unitsWithin(viewer) }, select: { id: true, code: true, pathIds: true } })
          : null;
        if (!parent || !f.name || !f.code.startsWith(parent.code)) throw new AppError("VALIDATION", { key: "adminGeoJsonUnknownGrid", values: { code: f.code } });
        planned.push({ feature: f, id: null, name: f.name, parentId: parent.id, countyId: parent.pathIds[0] });
      }
      // Against each other, and against the grids the file does not touch.
      const touched = planned.map((p) => p.id).filter((id): id is number => id !== null);
      const counties = [...new Set(planned.map((p) => p.countyId))];
      const others: (Neighbour & { parentId: number | null })[] = (await Promise.all(counties.map((c) => neighboursFor(tx, c, touched)))).flat();
      const parents = new Map(
        (await tx.unit.findMany({ where: { id: { in: [...new Set(planned.map((p) => p.parentId))] } }, select: { id: true, boundary: true } })).map((p) => [p.id, p.boundary as PolygonalGeometry | null]),
      );
      const warnings: { code: string; key: string; values?: Record<string, string | number> }[] = [];
      for (const [i, p] of planned.entries()) {
        const rest = planned.filter((_, j) => j !== i).map((q, j) => ({ id: -1 - j, name: q.name, parentId: q.parentId, geometry: q.feature.geometry }));
        const neighbours = [...others, ...rest];
        const review = reviewBoundary(p.feature.geometry, neighbours, parents.get(p.parentId) ?? null, neighbours.filter((n) => n.parentId === p.parentId));
        refuseOverlaps(review, p.name);
        for (const w of review.warnings) warnings.push({ code: p.feature.code, ...w });
      }
      let updated = 0;
      let created = 0;
      for (const p of planned) {
        const centre = centreOf(p.feature.geometry);
        const data = { boundary: p.feature.geometry as unknown as Prisma.InputJsonValue, centerLat: centre.lat, centerLng: centre.lng };
        if (p.id !== null) {
          await tx.unit.update({ where: { id: p.id }, data: { ...data, version: { increment: 1 } } });
          updated++;
        } else {
          const parent = await tx.unit.findUniqueOrThrow({ where: { id: p.parentId }, select: { id: true, pathIds: true, depth: true } });
          await createUnit(tx, { code: p.feature.code, name: p.name, level: "GRID", parent, boundary: data.boundary, centerLat: centre.lat, centerLng: centre.lng });
          created++;
        }
      }
      await writeAudit(tx, {
        ...auditActor(viewer),
        action: "territory.importBoundaries",
        result: "success",
        targetType: "unit",
        details: { updated, created, codes: [...codes].slice(0, 500) },
      });
      return { updated, created, warnings };
    },
    { timeout: 120_000 },
  );
}

/** The grid workers placed on a grid (their unit is the grid). */
async function gridWorkersOf(gridId: number) {
  const users = await db.user.findMany({ where: { unitId: gridId, enabled: true }, select: { id: true, username: true, displayName: true, role: true }, orderBy: { username: "asc" } });
  const bases = await baseRoles(db, users.map((u) => u.role));
  return users.filter((u) => bases.get(u.role) === "GRID_WORKER").map((u) => ({ id: u.id, username: u.username, displayName: u.displayName }));
}

async function baseRoles(client: Tx | typeof db, keys: string[]): Promise<Map<string, string>> {
  const custom = await client.customRole.findMany({ where: { key: { in: keys } }, select: { key: true, baseRole: true } });
  const map = new Map<string, string>(keys.map((k) => [k, k]));
  for (const c of custom) map.set(c.key, c.baseRole);
  return map;
}

/** Grid workers of the viewer's territory who could be placed on this grid. */
async function gridWorkerCandidates(viewer: Viewer, gridId: number) {
  const custom = await db.customRole.findMany({ where: { baseRole: "GRID_WORKER" }, select: { key: true } });
  const users = await db.user.findMany({
    where: { enabled: true, unitId: { not: gridId }, role: { in: ["GRID_WORKER", ...custom.map((c) => c.key)] }, unit: unitsWithin(viewer) },
    select: { id: true, username: true, displayName: true, unit: { select: { name: true } } },
    orderBy: { username: "asc" },
    take: 500,
  });
  return users.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, unitName: u.unit.name }));
}

/** Places a grid worker on a grid: their unit (and so their scope) becomes the grid; their sessions end. */
export async function assignGridWorker(viewer: Viewer, input: { userId: string; gridId: number }) {
  await authorize(viewer, "territory.edit");
  await db.$transaction(async (tx) => {
    const grid = await unitInScope(tx, viewer, input.gridId);
    if (grid.level !== "GRID") throw new AppError("VALIDATION", { key: "adminBoundaryGridOnly" });
    const user = await tx.user.findFirst({ where: { id: input.userId, unit: unitsWithin(viewer) }, select: { id: true, username: true, role: true, unitId: true } });
    if (!user) throw notFound();
    const base = (await baseRoles(tx, [user.role])).get(user.role);
    if (base !== "GRID_WORKER") throw new AppError("VALIDATION", { key: "adminNotGridWorker" });
    if (user.unitId === grid.id) return;
    await tx.user.update({ where: { id: user.id }, data: { unitId: grid.id, sessionVersion: { increment: 1 }, version: { increment: 1 } } });
    await writeAudit(tx, {
      ...auditActor(viewer),
      action: "territory.assignWorker",
      result: "success",
      targetType: "user",
      targetId: user.id,
      details: { username: user.username, changes: { unitId: [user.unitId, grid.id] } },
    });
  });
}
