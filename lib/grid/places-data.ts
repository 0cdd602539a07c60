import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { authorize, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { diffFields, recordHistory } from "@/lib/server/history";
import { inTerritory } from "@/lib/server/scope";
import {
  afterAsc,
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
import type { DeleteInput, PlaceInput, PlaceListQuery, UpdatePlaceInput, VerifyInput } from "./schemas";

// Places (场所): shops, enterprises, schools, clinics, rental housing, religious and public
// venues of a grid.

function fieldsOf(input: PlaceInput) {
  return {
    gridId: input.gridId,
    name: input.name,
    category: input.category,
    address: input.address,
    personInCharge: input.personInCharge,
    contactPhone: input.contactPhone,
    riskLevel: input.riskLevel,
    lat: input.lat ?? null,
    lng: input.lng ?? null,
  };
}

/** The filtered list's where, without its category (the list counts every category). */
function placeBase(viewer: Viewer, query: Omit<PlaceListQuery, "cursor" | "sort">): Prisma.PlaceWhereInput {
  return {
    deletedAt: null,
    ...inTerritory(viewer),
    ...(query.gridId ? { gridId: query.gridId } : {}),
    ...(query.riskLevel ? { riskLevel: query.riskLevel } : {}),
    ...(query.dataState ? { dataState: query.dataState } : {}),
    ...(query.q ? { OR: [{ name: contains(query.q) }, { address: contains(query.q) }, { personInCharge: contains(query.q) }] } : {}),
  };
}

/** The where of a filtered place list, scoped to the viewer's territory (also used by exports). */
export function placeWhere(viewer: Viewer, query: Omit<PlaceListQuery, "cursor" | "sort">): Prisma.PlaceWhereInput {
  const base = placeBase(viewer, query);
  return query.category ? { ...base, category: query.category } : base;
}

export async function listPlaces(viewer: Viewer, query: PlaceListQuery) {
  await authorize(viewer, "grid.view");
  const base = placeBase(viewer, query);
  const where = placeWhere(viewer, query);
  const byName = query.sort === "name";
  const cursor = decodeCursor(query.cursor, byName ? "text" : "date");
  const [rows, total, facets] = await Promise.all([
    db.place.findMany({
      where: { AND: [where, byName ? afterAsc("name", cursor) : afterDesc("createdAt", cursor)] },
      orderBy: byName ? [{ name: "asc" }, { id: "asc" }] : [{ createdAt: "desc" }, { id: "desc" }],
      take: PAGE_SIZE + 1,
      select: {
        id: true,
        name: true,
        category: true,
        address: true,
        riskLevel: true,
        dataState: true,
        createdAt: true,
        lat: true,
        grid: { select: { id: true, name: true } },
      },
    }),
    db.place.count({ where }),
    // Counts per category with every other filter applied, for the filter chips.
    db.place.groupBy({ by: ["category"], where: base, _count: { _all: true } }),
  ]);
  const page = pageOf(rows, (r) => (byName ? r.name : r.createdAt));
  return {
    items: page.items.map(({ lat, ...r }) => ({ ...r, hasPoint: lat !== null })),
    nextCursor: page.nextCursor,
    total,
    byCategory: Object.fromEntries(facets.map((f) => [f.category, f._count._all])) as Record<string, number>,
  };
}

export async function getPlace(viewer: Viewer, id: string) {
  await authorize(viewer, "grid.view");
  const place = await db.place.findFirst({
    where: { id, deletedAt: null, ...inTerritory(viewer) },
    select: {
      id: true,
      name: true,
      category: true,
      address: true,
      personInCharge: true,
      contactPhone: true,
      riskLevel: true,
      lat: true,
      lng: true,
      dataState: true,
      verifiedById: true,
      verifiedAt: true,
      version: true,
      createdById: true,
      createdAt: true,
      updatedAt: true,
      grid: { select: { id: true, name: true, boundary: true } },
      sentiments: {
        where: { deletedAt: null },
        orderBy: { recordedAt: "desc" },
        take: 5,
        select: { id: true, kind: true, content: true, followUpStatus: true, recordedAt: true },
      },
    },
  });
  if (!place) throw notFound();
  const [names, history] = await Promise.all([namesOfUsers([place.createdById, place.verifiedById]), historyOf(ENTITY.place, id)]);
  return {
    ...place,
    createdByName: place.createdById ? (names.get(place.createdById) ?? null) : null,
    verifiedByName: place.verifiedById ? (names.get(place.verifiedById) ?? null) : null,
    history,
  };
}

export async function createPlace(viewer: Viewer, input: PlaceInput) {
  await authorize(viewer, "places.edit");
  return db.$transaction(async (tx) => {
    const grid = await gridInScope(tx, viewer, input.gridId);
    assertPointInGrid(grid, input.lat, input.lng);
    const place = await tx.place.create({ data: { ...fieldsOf(input), createdById: viewer.id }, select: { id: true } });
    await recordHistory(tx, { entityType: ENTITY.place, entityId: place.id, action: "CREATE", gridId: grid.id, actorId: viewer.id });
    return { id: place.id };
  });
}

/**
 * Edits a place, possibly moving it to another grid in the viewer's territory. An edit of
 * a verified record sends it back to ENTERED: what was confirmed is no longer what is there.
 */
export async function updatePlace(viewer: Viewer, input: UpdatePlaceInput) {
  await authorize(viewer, "places.edit");
  return db.$transaction(async (tx) => {
    const current = await tx.place.findFirst({
      where: { id: input.id, deletedAt: null, ...inTerritory(viewer) },
      select: {
        version: true,
        dataState: true,
        gridId: true,
        name: true,
        category: true,
        address: true,
        personInCharge: true,
        contactPhone: true,
        riskLevel: true,
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
    const { count } = await tx.place.updateMany({
      where: { id: input.id, version: input.version, deletedAt: null, ...inTerritory(viewer) },
      data: {
        ...next,
        version: { increment: 1 },
        ...(current.dataState === "VERIFIED" ? { dataState: "ENTERED", verifiedById: null, verifiedAt: null } : {}),
      },
    });
    if (count === 0) throw new AppError("STALE");
    await recordEdit(tx, viewer, ENTITY.place, input.id, current.gridId, changes);
    return { id: input.id, version: current.version + 1 };
  });
}

export function verifyPlace(viewer: Viewer, input: VerifyInput) {
  return verifyRecord(viewer, "place", input);
}

export function deletePlace(viewer: Viewer, input: DeleteInput) {
  return deleteRecord(viewer, "place", "places.edit", input);
}
