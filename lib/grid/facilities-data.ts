import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { authorize, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { diffFields, recordHistory } from "@/lib/server/history";
import { inTerritory } from "@/lib/server/scope";
import { facilityType } from "./dictionary";
import {
  afterDesc,
  assertPointInGrid,
  contains,
  decodeCursor,
  deleteRecord,
  ENTITY,
  gridInScope,
  historyOf,
  namesOfUsers,
  PAGE_SIZE,
  pageOf,
  recordEdit,
  verifyRecord,
} from "./registry";
import type { DeleteInput, FacilityInput, FacilityListQuery, UpdateFacilityInput, VerifyInput } from "./schemas";

// Objects (部件): facilities and hazard sources of a grid. Whether an object is a hazard
// source follows from its type (lib/grid/dictionary.ts); it is kept on the row so that
// lists can filter on it with an index-friendly condition.

function fieldsOf(input: FacilityInput) {
  return {
    gridId: input.gridId,
    type: input.type,
    name: input.name,
    isHazard: facilityType(input.type)?.hazard ?? false,
    status: input.status,
    lastInspectedAt: input.lastInspectedAt,
    lat: input.lat ?? null,
    lng: input.lng ?? null,
  };
}

/** The filtered list's where, without its type (the list counts every type). */
function facilityBase(viewer: Viewer, query: Omit<FacilityListQuery, "cursor">): Prisma.FacilityWhereInput {
  return {
    deletedAt: null,
    ...inTerritory(viewer),
    ...(query.gridId ? { gridId: query.gridId } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.dataState ? { dataState: query.dataState } : {}),
    ...(query.hazard ? { isHazard: query.hazard === "1" } : {}),
    ...(query.q ? { name: contains(query.q) } : {}),
  };
}

/** The where of a filtered object list, scoped to the viewer's territory (also used by exports). */
export function facilityWhere(viewer: Viewer, query: Omit<FacilityListQuery, "cursor">): Prisma.FacilityWhereInput {
  const base = facilityBase(viewer, query);
  return query.type ? { ...base, type: query.type } : base;
}

export async function listFacilities(viewer: Viewer, query: FacilityListQuery) {
  await authorize(viewer, "grid.view");
  const base = facilityBase(viewer, query);
  const where = facilityWhere(viewer, query);
  const cursor = decodeCursor(query.cursor, "date");
  const [rows, total, facets] = await Promise.all([
    db.facility.findMany({
      where: { AND: [where, afterDesc("createdAt", cursor)] },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: PAGE_SIZE + 1,
      select: {
        id: true,
        type: true,
        name: true,
        isHazard: true,
        status: true,
        lastInspectedAt: true,
        dataState: true,
        createdAt: true,
        lat: true,
        grid: { select: { id: true, name: true } },
      },
    }),
    db.facility.count({ where }),
    db.facility.groupBy({ by: ["type"], where: base, _count: { _all: true } }),
  ]);
  const page = pageOf(rows, (r) => r.createdAt);
  return {
    items: page.items.map(({ lat, ...r }) => ({ ...r, hasPoint: lat !== null })),
    nextCursor: page.nextCursor,
    total,
    byType: Object.fromEntries(facets.map((f) => [f.type, f._count._all])) as Record<string, number>,
  };
}

export async function getFacility(viewer: Viewer, id: string) {
  await authorize(viewer, "grid.view");
  const facility = await db.facility.findFirst({
    where: { id, deletedAt: null, ...inTerritory(viewer) },
    select: {
      id: true,
      type: true,
      name: true,
      isHazard: true,
      status: true,
      lat: true,
      lng: true,
      lastInspectedAt: true,
      dataState: true,
      verifiedById: true,
      verifiedAt: true,
      version: true,
      createdById: true,
      createdAt: true,
      updatedAt: true,
      grid: { select: { id: true, name: true, boundary: true } },
    },
  });
  if (!facility) throw notFound();
  const [names, history] = await Promise.all([namesOfUsers([facility.createdById, facility.verifiedById]), historyOf(ENTITY.facility, id)]);
  return {
    ...facility,
    createdByName: facility.createdById ? (names.get(facility.createdById) ?? null) : null,
    verifiedByName: facility.verifiedById ? (names.get(facility.verifiedById) ?? null) : null,
    history,
  };
}

export async function createFacility(viewer: Viewer, input: FacilityInput) {
  await authorize(viewer, "places.edit");
  return db.$transaction(async (tx) => {
    const grid = await gridInScope(tx, viewer, input.gridId);
    assertPointInGrid(grid, input.lat, input.lng);
    const row = await tx.facility.create({ data: { ...fieldsOf(input), createdById: viewer.id }, select: { id: true } });
    await recordHistory(tx, { entityType: ENTITY.facility, entityId: row.id, action: "CREATE", gridId: grid.id, actorId: viewer.id });
    return { id: row.id };
  });
}

/** Edits (and possibly moves) an object; an edit of a verified object sends it back to ENTERED. */
export async function updateFacility(viewer: Viewer, input: UpdateFacilityInput) {
  await authorize(viewer, "places.edit");
  return db.$transaction(async (tx) => {
    const current = await tx.facility.findFirst({
      where: { id: input.id, deletedAt: null, ...inTerritory(viewer) },
      select: {
        version: true,
        dataState: true,
        gridId: true,
        type: true,
        name: true,
        isHazard: true,
        status: true,
        lastInspectedAt: true,
        lat: true,
        lng: true,
      },
    });
    if (!current) throw notFound();
    if (current.version !== input.version) throw new AppError("STALE");
    const grid = await gridInScope(tx, viewer, input.gridId);
    assertPointInGrid(grid, input.lat, input.lng);
    const next = fieldsOf(input);
    const { version: _version, dataState: _state, ...before } = current;
    const changes = diffFields(before, next);
    if (!Object.keys(changes).length) return { id: input.id, version: current.version };
    const { count } = await tx.facility.updateMany({
      where: { id: input.id, version: input.version, deletedAt: null, ...inTerritory(viewer) },
      data: {
        ...next,
        version: { increment: 1 },
        ...(current.dataState === "VERIFIED" ? { dataState: "ENTERED", verifiedById: null, verifiedAt: null } : {}),
      },
    });
    if (count === 0) throw new AppError("STALE");
    await recordEdit(tx, viewer, ENTITY.facility, input.id, current.gridId, changes);
    return { id: input.id, version: current.version + 1 };
  });
}

export function verifyFacility(viewer: Viewer, input: VerifyInput) {
  return verifyRecord(viewer, "facility", input);
}

export function deleteFacility(viewer: Viewer, input: DeleteInput) {
  return deleteRecord(viewer, "facility", "places.edit", input);
}
