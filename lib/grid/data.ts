import "server-only";
import { authorize, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { unitsWithin } from "@/lib/server/scope";
import { dueCounts, gridCompletionRate } from "@/lib/visits/data";
import { OPEN_FOLLOW_UP } from "./dictionary";
import { contains, gridInScope } from "./registry";
import { gridTeam } from "./team-data";

// The grid page (/grid): one grid's boundary with its places and objects, its workers,
// its team, the counts of every registry and its visit completion rate; and, for levels
// above a grid, the picker of grids in their territory.

/** Markers drawn per kind on a grid's map; a grid holds far fewer. */
const MARKER_LIMIT = 500;
const PICKER_PAGE = 30;

/** The grid a grid worker works in, or null for everyone above a grid. */
export function ownGridId(viewer: Viewer): number | null {
  return viewer.unitLevel === "GRID" ? viewer.unitId : null;
}

/** Grids of the viewer's territory whose name (or village's name) matches, in code order. */
export async function pickGrids(viewer: Viewer, input: { q?: string; page?: number }) {
  await authorize(viewer, "grid.view");
  const page = Math.max(0, Math.min(input.page ?? 0, 1000));
  const where = {
    ...unitsWithin(viewer),
    level: "GRID" as const,
    retiredAt: null,
    ...(input.q ? { OR: [{ name: contains(input.q) }, { parent: { name: contains(input.q) } }] } : {}),
  };
  const [grids, total] = await Promise.all([
    db.unit.findMany({
      where,
      orderBy: { code: "asc" },
      skip: page * PICKER_PAGE,
      take: PICKER_PAGE,
      select: { id: true, name: true, code: true, parent: { select: { name: true, parent: { select: { name: true } } } } },
    }),
    db.unit.count({ where }),
  ]);
  return {
    grids: grids.map((g) => ({ id: g.id, name: g.name, village: g.parent?.name ?? "", township: g.parent?.parent?.name ?? "" })),
    total,
    page,
    pages: Math.ceil(total / PICKER_PAGE),
  };
}

/** Every grid of the territory as a choice in a form (moving a record), up to 2,000. */
export async function gridOptions(viewer: Viewer) {
  await authorize(viewer, "grid.view");
  const grids = await db.unit.findMany({
    where: { ...unitsWithin(viewer), level: "GRID", retiredAt: null },
    orderBy: { code: "asc" },
    take: 2000,
    select: { id: true, name: true, parent: { select: { name: true } } },
  });
  return grids.map((g) => ({ id: g.id, label: g.parent ? `${g.parent.name} · ${g.name}` : g.name }));
}

/** A grid's boundary, for a form's map after the grid was changed. */
export async function gridBoundary(viewer: Viewer, gridId: number) {
  await authorize(viewer, "grid.view");
  const grid = await gridInScope(db, viewer, gridId);
  return { id: grid.id, name: grid.name, boundary: grid.boundary };
}

/** Everything the grid page shows about one grid. */
export async function gridOverview(viewer: Viewer, gridId: number, now = new Date()) {
  await authorize(viewer, "grid.view");
  const grid = await gridInScope(db, viewer, gridId);
  const live = { gridId: grid.id, deletedAt: null, grid: unitsWithin(viewer) };
  const [unit, workers, team, residents, households, houses, places, facilities, openSentiments, placeMarkers, facilityMarkers, due, rate] =
    await Promise.all([
      db.unit.findFirstOrThrow({
        where: { id: grid.id, ...unitsWithin(viewer) },
        select: { code: true, pathIds: true, centerLat: true, centerLng: true },
      }),
      db.user.findMany({
        where: { role: "GRID_WORKER", enabled: true, unitId: grid.id, unit: unitsWithin(viewer) },
        orderBy: { displayName: "asc" },
        select: { id: true, displayName: true, phone: true },
      }),
      gridTeam(viewer, grid.id),
      db.resident.count({ where: live }),
      db.household.count({ where: live }),
      db.house.count({ where: live }),
      db.place.count({ where: live }),
      db.facility.count({ where: live }),
      db.sentimentEntry.count({ where: { ...live, followUpStatus: { in: [...OPEN_FOLLOW_UP] } } }),
      db.place.findMany({
        where: { ...live, lat: { not: null }, lng: { not: null } },
        orderBy: { createdAt: "asc" },
        take: MARKER_LIMIT,
        select: { id: true, name: true, category: true, riskLevel: true, lat: true, lng: true },
      }),
      db.facility.findMany({
        where: { ...live, lat: { not: null }, lng: { not: null } },
        orderBy: { createdAt: "asc" },
        take: MARKER_LIMIT,
        select: { id: true, name: true, type: true, isHazard: true, status: true, lat: true, lng: true },
      }),
      dueCounts(viewer, grid.id, now),
      gridCompletionRate(viewer, grid.id, undefined, now),
    ]);
  // Names of the grid's village and township, shown as its address. They may lie above the
  // viewer's territory (a grid worker's own village): names only, of the viewer's own line.
  const ancestors = await db.unit.findMany({
    where: { id: { in: unit.pathIds.filter((id) => id !== grid.id) } },
    select: { id: true, name: true, level: true },
  });
  const path = unit.pathIds.map((id) => ancestors.find((a) => a.id === id)).filter((a) => a && a.level !== "COUNTY");
  return {
    grid: { id: grid.id, name: grid.name, code: unit.code, boundary: grid.boundary, center: unit.centerLat != null ? [unit.centerLng, unit.centerLat] : null },
    path: path.map((a) => a!.name),
    workers,
    team,
    counts: { residents, households, houses, places, facilities, openSentiments },
    markers: {
      places: placeMarkers.map((p) => ({ ...p, lat: p.lat!, lng: p.lng! })),
      facilities: facilityMarkers.map((f) => ({ ...f, lat: f.lat!, lng: f.lng! })),
    },
    due,
    rate,
  };
}
