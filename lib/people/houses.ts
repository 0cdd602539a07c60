import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { maskPhone } from "@/lib/phone";
import { writeAudit } from "@/lib/server/audit";
import { authorize, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { diffFields, recordHistory } from "@/lib/server/history";
import { inTerritory } from "@/lib/server/scope";
import { moveResidents } from "./households";
import { personHouseholdState } from "./rules";
import type { HouseFilter, HouseInput, UpdateHouseInput } from "./schemas";
import {
  cappedTotal,
  COUNT_CAP,
  decodeCursor,
  ENTITY,
  gridInScope,
  historyOf,
  houseAddress,
  isUniqueViolation,
  PAGE_SIZE,
  pageOf,
  recordEditHistory,
  scopeWhere,
  staleOrMissing,
} from "./shared";

// Houses (房屋) at standard addresses: the root key of 一标三实. A house belongs to exactly
// one grid; its households and the people living in it move with it.

const LIST_SELECT = {
  id: true,
  address: true,
  building: true,
  unitNo: true,
  room: true,
  use: true,
  tenure: true,
  landlordName: true,
  permittedOccupants: true,
  dataState: true,
  deletedAt: true,
  gridId: true,
  grid: { select: { name: true } },
  _count: { select: { residents: { where: { deletedAt: null, livesHere: true } }, households: { where: { deletedAt: null } } } },
} satisfies Prisma.HouseSelect;

type ListRow = Prisma.HouseGetPayload<{ select: typeof LIST_SELECT }>;

function present(h: ListRow) {
  const { _count, ...rest } = h;
  return { ...rest, occupants: _count.residents, households: _count.households };
}
export type HouseListItem = ReturnType<typeof present>;

export function houseWhere(viewer: Viewer, f: Omit<HouseFilter, "cursor">): Prisma.HouseWhereInput {
  const where: Prisma.HouseWhereInput = { ...scopeWhere(viewer, f.unitId ?? f.gridId), deletedAt: f.deleted ? { not: null } : null };
  const q = f.q?.trim();
  if (q) where.address = { contains: q, mode: "insensitive" };
  if (f.use) where.use = f.use;
  if (f.tenure) where.tenure = f.tenure;
  if (f.dataState) where.dataState = f.dataState;
  return where;
}

/** Address order, keyset on (address, id). */
export async function listHouses(viewer: Viewer, f: HouseFilter) {
  await authorize(viewer, "people.view");
  const where = houseWhere(viewer, f);
  const cursor = decodeCursor(f.cursor);
  const page: Prisma.HouseWhereInput = cursor
    ? { AND: [where, { OR: [{ address: { gt: cursor.key } }, { address: cursor.key, id: { gt: cursor.id } }] }] }
    : where;
  const [rows, total] = await Promise.all([
    db.house.findMany({ where: page, select: LIST_SELECT, orderBy: [{ address: "asc" }, { id: "asc" }], take: PAGE_SIZE + 1 }),
    db.house.count({ where, take: COUNT_CAP + 1 }),
  ]);
  const { items, nextCursor } = pageOf(rows, (r) => r.address);
  return { items: items.map(present), nextCursor, ...cappedTotal(total) };
}

export async function getHouse(viewer: Viewer, id: string) {
  await authorize(viewer, "people.view");
  const h = await db.house.findFirst({
    where: { id, ...inTerritory(viewer) },
    select: {
      ...LIST_SELECT,
      landlordPhone: true,
      lat: true,
      lng: true,
      version: true,
      verifiedAt: true,
      deleteReason: true,
      createdById: true,
      verifiedById: true,
      createdAt: true,
      updatedAt: true,
    },
  });
  if (!h) throw new AppError("NOT_FOUND");
  const [households, occupants, history, people] = await Promise.all([
    db.household.findMany({
      where: { houseId: id, deletedAt: null, ...inTerritory(viewer) },
      select: {
        id: true, householdNo: true, visitTier: true, nextVisitDue: true,
        members: { where: { deletedAt: null, relationToHead: "HEAD" }, select: { name: true }, take: 1 },
        _count: { select: { members: { where: { deletedAt: null } } } },
      },
      orderBy: { createdAt: "asc" },
    }),
    db.resident.findMany({
      where: { houseId: id, deletedAt: null, ...inTerritory(viewer) },
      select: { id: true, name: true, idMasked: true, residenceType: true, registeredHere: true, livesHere: true, relationToHead: true, householdId: true },
      orderBy: [{ householdId: "asc" }, { relationToHead: "asc" }, { name: "asc" }],
      take: 200,
    }),
    historyOf(ENTITY.house, id),
    db.user.findMany({ where: { id: { in: [h.createdById, h.verifiedById].filter((x): x is string => !!x) } }, select: { id: true, displayName: true } }),
  ]);
  const names = new Map(people.map((u) => [u.id, u.displayName]));
  const { createdById, verifiedById, landlordPhone, ...rest } = h;
  return {
    ...present(rest),
    // Landlords' phones are phones too: masked unless revealed.
    landlordPhoneMasked: landlordPhone ? maskPhone(landlordPhone) : null,
    lat: rest.lat,
    lng: rest.lng,
    version: rest.version,
    verifiedAt: rest.verifiedAt,
    deleteReason: rest.deleteReason,
    createdAt: rest.createdAt,
    updatedAt: rest.updatedAt,
    createdByName: createdById ? (names.get(createdById) ?? null) : null,
    verifiedByName: verifiedById ? (names.get(verifiedById) ?? null) : null,
    createdByViewer: createdById === viewer.id,
    householdList: households.map((hh) => ({
      id: hh.id, householdNo: hh.householdNo, visitTier: hh.visitTier, nextVisitDue: hh.nextVisitDue, head: hh.members[0]?.name ?? null, memberCount: hh._count.members,
    })),
    occupantList: occupants.map((o) => ({ ...o, state: personHouseholdState(o.registeredHere, o.livesHere) })),
    history,
  };
}
export type HouseDetail = Awaited<ReturnType<typeof getHouse>>;

function conflict(err: unknown): never {
  if (isUniqueViolation(err)) throw new AppError("CONFLICT", { key: "peopleHouseExists" }, { room: "validation.peopleAddressTaken" });
  throw err;
}

export async function createHouse(viewer: Viewer, input: HouseInput) {
  await authorize(viewer, "people.edit");
  try {
    return await db.$transaction(async (tx) => {
      const grid = await gridInScope(tx, viewer, input.gridId);
      const created = await tx.house.create({
        data: { ...input, address: houseAddress(grid, input.building, input.unitNo, input.room), createdById: viewer.id },
        select: { id: true },
      });
      await recordHistory(tx, { entityType: ENTITY.house, entityId: created.id, action: "CREATE", gridId: input.gridId, actorId: viewer.id });
      return { id: created.id };
    });
  } catch (err) {
    conflict(err);
  }
}

/**
 * Edits a house. A new grid moves the house with its households and their members, and
 * the people living in it; someone living here whose household stays behind (registered
 * at another house) blocks the move, since they would end up split across two grids.
 */
export async function updateHouse(viewer: Viewer, input: UpdateHouseInput) {
  await authorize(viewer, "people.edit");
  try {
    return await db.$transaction(async (tx) => {
      const current = await tx.house.findFirst({
        where: { id: input.id, deletedAt: null, ...inTerritory(viewer) },
        select: {
          gridId: true, building: true, unitNo: true, room: true, use: true, tenure: true, landlordName: true, landlordPhone: true,
          permittedOccupants: true, lat: true, lng: true, version: true,
        },
      });
      if (!current) throw new AppError("NOT_FOUND");
      if (current.version !== input.version) throw new AppError("STALE");
      const grid = await gridInScope(tx, viewer, input.gridId);
      const { id, version, ...rest } = input;
      const fields = { ...rest, landlordPhone: rest.landlordPhone === undefined ? current.landlordPhone : rest.landlordPhone };
      const { version: _v, ...before } = current;
      const changes = diffFields(before, fields, ["landlordPhone"]);
      if (!Object.keys(changes).length) return { id, version };
      const { count } = await tx.house.updateMany({
        where: { id, version, deletedAt: null, ...inTerritory(viewer) },
        data: {
          ...fields,
          address: houseAddress(grid, input.building, input.unitNo, input.room),
          dataState: "ENTERED",
          verifiedById: null,
          verifiedAt: null,
          version: { increment: 1 },
        },
      });
      if (count === 0) throw new AppError("STALE");
      await recordEditHistory(tx, ENTITY.house, id, current.gridId, viewer.id, changes);
      if (input.gridId !== current.gridId) {
        const households = await tx.household.findMany({ where: { houseId: id }, select: { id: true, gridId: true } });
        const householdIds = households.map((h) => h.id);
        const residents = await tx.resident.findMany({
          where: { OR: [{ houseId: id }, { householdId: { in: householdIds } }] },
          select: { id: true, gridId: true, houseId: true, householdId: true, deletedAt: true },
        });
        const strays = residents.filter((r) => r.houseId === id && r.householdId && !householdIds.includes(r.householdId) && !r.deletedAt);
        if (strays.length) throw new AppError("CONFLICT", { key: "peopleMoveSplitsHousehold", values: { count: strays.length } });
        const movingHouseholds = households.filter((h) => h.gridId !== input.gridId);
        if (movingHouseholds.length) {
          await tx.household.updateMany({ where: { id: { in: movingHouseholds.map((h) => h.id) } }, data: { gridId: input.gridId, version: { increment: 1 } } });
          await tx.recordHistory.createMany({
            data: movingHouseholds.map((h) => ({ entityType: ENTITY.household, entityId: h.id, action: "MOVE", gridId: input.gridId, actorId: viewer.id, changes: { gridId: [h.gridId, input.gridId] } })),
          });
        }
        // Members registered here but living in another house of the old grid lose that link.
        await moveResidents(tx, viewer.id, residents, input.gridId, (h) => (h === id ? id : null));
      }
      return { id, version: version + 1 };
    });
  } catch (err) {
    conflict(err);
  }
}

async function exists(viewer: Viewer, id: string) {
  return (await db.house.count({ where: { id, ...inTerritory(viewer) } })) > 0;
}

/** Soft delete; a house with households or occupants must be emptied first. */
export async function deleteHouse(viewer: Viewer, input: { id: string; version: number; reason: string }) {
  await authorize(viewer, "people.edit");
  const done = await db.$transaction(async (tx) => {
    const { count } = await tx.house.updateMany({
      where: { id: input.id, version: input.version, deletedAt: null, ...inTerritory(viewer) },
      data: { deletedAt: new Date(), deleteReason: input.reason, version: { increment: 1 } },
    });
    if (count === 0) return null;
    // One query at a time on a transaction client (the embedded database runs one).
    const households = await tx.household.count({ where: { houseId: input.id, deletedAt: null } });
    const residents = await tx.resident.count({ where: { houseId: input.id, deletedAt: null } });
    if (households + residents > 0) throw new AppError("CONFLICT", { key: "peopleHouseInUse", values: { households, residents } });
    const h = await tx.house.findUniqueOrThrow({ where: { id: input.id }, select: { gridId: true } });
    await recordHistory(tx, { entityType: ENTITY.house, entityId: input.id, action: "DELETE", gridId: h.gridId, actorId: viewer.id, reason: input.reason });
    return { id: input.id };
  });
  return done ?? staleOrMissing(await exists(viewer, input.id));
}

export async function restoreHouse(viewer: Viewer, input: { id: string; version: number }) {
  await authorize(viewer, "people.edit");
  const done = await db.$transaction(async (tx) => {
    const { count } = await tx.house.updateMany({
      where: { id: input.id, version: input.version, deletedAt: { not: null }, ...inTerritory(viewer) },
      data: { deletedAt: null, deleteReason: null, version: { increment: 1 } },
    });
    if (count === 0) return null;
    const h = await tx.house.findUniqueOrThrow({ where: { id: input.id }, select: { gridId: true } });
    await recordHistory(tx, { entityType: ENTITY.house, entityId: input.id, action: "RESTORE", gridId: h.gridId, actorId: viewer.id });
    return { id: input.id };
  });
  return done ?? staleOrMissing(await exists(viewer, input.id));
}

export async function verifyHouse(viewer: Viewer, input: { id: string; version: number }) {
  await authorize(viewer, "people.verify");
  return db.$transaction(async (tx) => {
    const h = await tx.house.findFirst({
      where: { id: input.id, deletedAt: null, ...inTerritory(viewer) },
      select: { gridId: true, version: true, dataState: true, createdById: true },
    });
    if (!h) throw new AppError("NOT_FOUND");
    if (h.version !== input.version) throw new AppError("STALE");
    if (h.dataState === "VERIFIED") throw new AppError("CONFLICT", { key: "peopleAlreadyVerified" });
    if (h.createdById === viewer.id) throw new AppError("VALIDATION", { key: "peopleVerifyOwn" });
    const { count } = await tx.house.updateMany({
      where: { id: input.id, version: input.version, deletedAt: null, dataState: "ENTERED", ...inTerritory(viewer) },
      data: { dataState: "VERIFIED", verifiedById: viewer.id, verifiedAt: new Date(), version: { increment: 1 } },
    });
    if (count === 0) throw new AppError("STALE");
    await recordHistory(tx, { entityType: ENTITY.house, entityId: input.id, action: "VERIFY", gridId: h.gridId, actorId: viewer.id, changes: { dataState: ["ENTERED", "VERIFIED"] } });
    return { id: input.id, version: h.version + 1 };
  });
}

/** A landlord's phone in full, audited like a resident's. */
export async function revealLandlordPhone(viewer: Viewer, input: { id: string }) {
  await authorize(viewer, "people.reveal");
  const h = await db.house.findFirst({ where: { id: input.id, ...inTerritory(viewer) }, select: { landlordPhone: true } });
  if (!h) throw new AppError("NOT_FOUND");
  await writeAudit(db, {
    action: "house.reveal",
    result: "success",
    userId: viewer.id,
    username: viewer.username,
    role: viewer.role,
    ip: viewer.ip,
    targetType: "house",
    targetId: input.id,
    details: { field: "landlordPhone" },
  });
  return { value: h.landlordPhone };
}

/** Houses of one grid for pickers. */
export async function houseOptions(viewer: Viewer, gridId: number) {
  await authorize(viewer, "people.view");
  return db.house.findMany({
    where: { gridId, deletedAt: null, ...inTerritory(viewer) },
    select: { id: true, address: true },
    orderBy: [{ address: "asc" }, { id: "asc" }],
    take: 3000,
  });
}
