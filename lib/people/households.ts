import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { ageOn } from "@/lib/id-number";
import { authorize, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { diffFields, recordHistory } from "@/lib/server/history";
import type { Tx } from "@/lib/server/prisma";
import { inTerritory } from "@/lib/server/scope";
import { readSetting } from "@/lib/settings/store";
import { nextVisitDue } from "@/lib/visit-schedule";
import { personHouseholdState } from "./rules";
import type { HouseholdFilter, HouseholdInput, UpdateHouseholdInput } from "./schemas";
import {
  cappedTotal,
  COUNT_CAP,
  decodeCursor,
  ENTITY,
  gridInScope,
  historyOf,
  isUniqueViolation,
  PAGE_SIZE,
  pageOf,
  recordEditHistory,
  scopeWhere,
  staleOrMissing,
} from "./shared";

// Households (户): a register number, the house they live in, their members and how often
// they are visited. A household belongs to the grid of its house.

const LIST_SELECT = {
  id: true,
  householdNo: true,
  visitTier: true,
  lastVisitAt: true,
  nextVisitDue: true,
  dataState: true,
  deletedAt: true,
  createdAt: true,
  gridId: true,
  grid: { select: { name: true } },
  house: { select: { id: true, address: true } },
  members: { where: { deletedAt: null, relationToHead: "HEAD" }, select: { id: true, name: true }, take: 1 },
  _count: { select: { members: { where: { deletedAt: null } } } },
} satisfies Prisma.HouseholdSelect;

type ListRow = Prisma.HouseholdGetPayload<{ select: typeof LIST_SELECT }>;

function present(h: ListRow) {
  const { members, _count, ...rest } = h;
  return { ...rest, head: members[0] ?? null, memberCount: _count.members };
}
export type HouseholdListItem = ReturnType<typeof present>;

export function householdWhere(viewer: Viewer, f: Omit<HouseholdFilter, "cursor">): Prisma.HouseholdWhereInput {
  const where: Prisma.HouseholdWhereInput = { ...scopeWhere(viewer, f.unitId ?? f.gridId), deletedAt: f.deleted ? { not: null } : null };
  const q = f.q?.trim();
  if (q) {
    // Register numbers are digits and letters; anything else is a member's name.
    if (/^[0-9A-Za-z-]+$/.test(q)) where.householdNo = { startsWith: q };
    else where.members = { some: { name: { startsWith: q }, deletedAt: null } };
  }
  if (f.visitTier) where.visitTier = f.visitTier;
  if (f.dataState) where.dataState = f.dataState;
  return where;
}

/** Newest first, keyset on (createdAt, id). */
export async function listHouseholds(viewer: Viewer, f: HouseholdFilter) {
  await authorize(viewer, "people.view");
  const where = householdWhere(viewer, f);
  const cursor = decodeCursor(f.cursor);
  const at = cursor ? new Date(cursor.key) : null;
  const page: Prisma.HouseholdWhereInput =
    cursor && at && !Number.isNaN(at.getTime())
      ? { AND: [where, { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: cursor.id } }] }] }
      : where;
  const [rows, total] = await Promise.all([
    db.household.findMany({ where: page, select: LIST_SELECT, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: PAGE_SIZE + 1 }),
    db.household.count({ where, take: COUNT_CAP + 1 }),
  ]);
  const { items, nextCursor } = pageOf(rows, (r) => r.createdAt.toISOString());
  return { items: items.map(present), nextCursor, ...cappedTotal(total) };
}

export async function getHousehold(viewer: Viewer, id: string) {
  await authorize(viewer, "people.view");
  const h = await db.household.findFirst({
    where: { id, ...inTerritory(viewer) },
    select: {
      ...LIST_SELECT,
      houseId: true,
      version: true,
      verifiedAt: true,
      deleteReason: true,
      createdById: true,
      verifiedById: true,
      updatedAt: true,
    },
  });
  if (!h) throw new AppError("NOT_FOUND");
  const [members, history, people] = await Promise.all([
    db.resident.findMany({
      where: { householdId: id, deletedAt: null, ...inTerritory(viewer) },
      select: {
        id: true, name: true, idMasked: true, sex: true, birthDate: true, relationToHead: true, registeredHere: true, livesHere: true,
        residenceType: true, tags: { select: { careLevel: true, tag: { select: { id: true, name: true, nameEn: true } } } },
      },
      orderBy: [{ relationToHead: "asc" }, { name: "asc" }],
      take: 100,
    }),
    historyOf(ENTITY.household, id),
    db.user.findMany({ where: { id: { in: [h.createdById, h.verifiedById].filter((x): x is string => !!x) } }, select: { id: true, displayName: true } }),
  ]);
  const names = new Map(people.map((u) => [u.id, u.displayName]));
  const { createdById, verifiedById, ...rest } = h;
  return {
    ...present(rest),
    houseId: rest.houseId,
    version: rest.version,
    verifiedAt: rest.verifiedAt,
    deleteReason: rest.deleteReason,
    updatedAt: rest.updatedAt,
    createdByName: createdById ? (names.get(createdById) ?? null) : null,
    verifiedByName: verifiedById ? (names.get(verifiedById) ?? null) : null,
    createdByViewer: createdById === viewer.id,
    members: members.map(({ birthDate, tags, ...m }) => ({
      ...m,
      age: ageOn(birthDate.toISOString().slice(0, 10)),
      state: personHouseholdState(m.registeredHere, m.livesHere),
      tags: tags.map((t) => ({ id: t.tag.id, name: t.tag.name, nameEn: t.tag.nameEn, careLevel: t.careLevel })),
    })),
    history,
  };
}
export type HouseholdDetail = Awaited<ReturnType<typeof getHousehold>>;

/** A household's house must be a live house of the household's grid. */
async function assertHouse(tx: Tx, viewer: Viewer, gridId: number, houseId: string | null) {
  if (!houseId) return;
  const house = await tx.house.findFirst({ where: { id: houseId, deletedAt: null, ...inTerritory(viewer) }, select: { gridId: true } });
  if (!house) throw new AppError("VALIDATION", undefined, { houseId: "validation.peopleHouseMissing" });
  if (house.gridId !== gridId) throw new AppError("VALIDATION", undefined, { houseId: "validation.peopleOtherGrid" });
}

function conflict(err: unknown): never {
  if (isUniqueViolation(err)) throw new AppError("CONFLICT", { key: "peopleHouseholdExists" }, { householdNo: "validation.peopleHouseholdNoTaken" });
  throw err;
}

export async function createHousehold(viewer: Viewer, input: HouseholdInput) {
  await authorize(viewer, "people.edit");
  try {
    return await db.$transaction(async (tx) => {
      await gridInScope(tx, viewer, input.gridId);
      await assertHouse(tx, viewer, input.gridId, input.houseId);
      const now = new Date();
      const created = await tx.household.create({
        data: {
          gridId: input.gridId,
          houseId: input.houseId,
          householdNo: input.householdNo,
          visitTier: input.visitTier,
          nextVisitDue: nextVisitDue(input.visitTier, null, now, await readSetting(tx, "visits.intervals")),
          createdAt: now,
          createdById: viewer.id,
        },
        select: { id: true },
      });
      await recordHistory(tx, { entityType: ENTITY.household, entityId: created.id, action: "CREATE", gridId: input.gridId, actorId: viewer.id });
      return { id: created.id };
    });
  } catch (err) {
    conflict(err);
  }
}

/**
 * Moves residents to another grid with their household or house, each with a MOVE entry
 * in its own history. A member keeps living in the household's house if they did.
 */
export async function moveResidents(
  tx: Tx,
  actorId: string,
  residents: { id: string; gridId: number; houseId: string | null }[],
  toGrid: number,
  houseMap: (houseId: string | null) => string | null,
) {
  const moving = residents.filter((r) => r.gridId !== toGrid);
  if (!moving.length) return;
  // Group by the new house so that one statement moves each group.
  const groups = new Map<string | null, string[]>();
  for (const r of moving) {
    const house = houseMap(r.houseId);
    groups.set(house, [...(groups.get(house) ?? []), r.id]);
  }
  for (const [houseId, ids] of groups)
    await tx.resident.updateMany({ where: { id: { in: ids } }, data: { gridId: toGrid, houseId, version: { increment: 1 } } });
  await tx.recordHistory.createMany({
    data: moving.map((r) => ({ entityType: ENTITY.resident, entityId: r.id, action: "MOVE", gridId: toGrid, actorId, changes: { gridId: [r.gridId, toGrid] } })),
  });
}

/**
 * Edits a household. Moving it (a new grid, or a house in another grid) moves its members
 * along; members who lived in the old house follow it to the new one.
 */
export async function updateHousehold(viewer: Viewer, input: UpdateHouseholdInput) {
  await authorize(viewer, "people.edit");
  try {
    return await db.$transaction(async (tx) => {
      const current = await tx.household.findFirst({
        where: { id: input.id, deletedAt: null, ...inTerritory(viewer) },
        select: { gridId: true, houseId: true, householdNo: true, visitTier: true, lastVisitAt: true, createdAt: true, version: true },
      });
      if (!current) throw new AppError("NOT_FOUND");
      if (current.version !== input.version) throw new AppError("STALE");
      if (input.gridId !== current.gridId) await gridInScope(tx, viewer, input.gridId);
      await assertHouse(tx, viewer, input.gridId, input.houseId);
      const changes = diffFields(
        { gridId: current.gridId, houseId: current.houseId, householdNo: current.householdNo, visitTier: current.visitTier },
        { gridId: input.gridId, houseId: input.houseId, householdNo: input.householdNo, visitTier: input.visitTier },
      );
      if (!Object.keys(changes).length) return { id: input.id, version: current.version };
      const { count } = await tx.household.updateMany({
        where: { id: input.id, version: input.version, deletedAt: null, ...inTerritory(viewer) },
        data: {
          gridId: input.gridId,
          houseId: input.houseId,
          householdNo: input.householdNo,
          visitTier: input.visitTier,
          nextVisitDue: nextVisitDue(input.visitTier, current.lastVisitAt, current.createdAt, await readSetting(tx, "visits.intervals")),
          dataState: "ENTERED",
          verifiedById: null,
          verifiedAt: null,
          version: { increment: 1 },
        },
      });
      if (count === 0) throw new AppError("STALE");
      await recordEditHistory(tx, ENTITY.household, input.id, current.gridId, viewer.id, changes);

      const members = await tx.resident.findMany({ where: { householdId: input.id }, select: { id: true, gridId: true, houseId: true } });
      const followHouse = (h: string | null) => (h === current.houseId ? input.houseId : input.gridId === current.gridId ? h : null);
      if (input.gridId !== current.gridId) {
        await moveResidents(tx, viewer.id, members, input.gridId, followHouse);
      } else if (changes.houseId) {
        const along = members.filter((m) => m.houseId === current.houseId && current.houseId !== null);
        if (along.length) {
          await tx.resident.updateMany({ where: { id: { in: along.map((m) => m.id) } }, data: { houseId: input.houseId, version: { increment: 1 } } });
          await tx.recordHistory.createMany({
            data: along.map((m) => ({ entityType: ENTITY.resident, entityId: m.id, action: "UPDATE", gridId: input.gridId, actorId: viewer.id, changes: { houseId: [current.houseId, input.houseId] } })),
          });
        }
      }
      return { id: input.id, version: current.version + 1 };
    });
  } catch (err) {
    conflict(err);
  }
}

async function exists(viewer: Viewer, id: string) {
  return (await db.household.count({ where: { id, ...inTerritory(viewer) } })) > 0;
}

/** Soft delete; a household with living members must be emptied first. */
export async function deleteHousehold(viewer: Viewer, input: { id: string; version: number; reason: string }) {
  await authorize(viewer, "people.edit");
  const done = await db.$transaction(async (tx) => {
    const members = await tx.resident.count({ where: { householdId: input.id, deletedAt: null } });
    const { count } = await tx.household.updateMany({
      where: { id: input.id, version: input.version, deletedAt: null, ...inTerritory(viewer) },
      data: { deletedAt: new Date(), deleteReason: input.reason, version: { increment: 1 } },
    });
    if (count === 0) return null;
    if (members > 0) throw new AppError("CONFLICT", { key: "peopleHouseholdHasMembers", values: { count: members } });
    const h = await tx.household.findUniqueOrThrow({ where: { id: input.id }, select: { gridId: true } });
    await recordHistory(tx, { entityType: ENTITY.household, entityId: input.id, action: "DELETE", gridId: h.gridId, actorId: viewer.id, reason: input.reason });
    return { id: input.id };
  });
  return done ?? staleOrMissing(await exists(viewer, input.id));
}

export async function restoreHousehold(viewer: Viewer, input: { id: string; version: number }) {
  await authorize(viewer, "people.edit");
  try {
    const done = await db.$transaction(async (tx) => {
      const { count } = await tx.household.updateMany({
        where: { id: input.id, version: input.version, deletedAt: { not: null }, ...inTerritory(viewer) },
        data: { deletedAt: null, deleteReason: null, version: { increment: 1 } },
      });
      if (count === 0) return null;
      const h = await tx.household.findUniqueOrThrow({ where: { id: input.id }, select: { gridId: true } });
      await recordHistory(tx, { entityType: ENTITY.household, entityId: input.id, action: "RESTORE", gridId: h.gridId, actorId: viewer.id });
      return { id: input.id };
    });
    return done ?? staleOrMissing(await exists(viewer, input.id));
  } catch (err) {
    conflict(err);
  }
}

export async function verifyHousehold(viewer: Viewer, input: { id: string; version: number }) {
  await authorize(viewer, "people.verify");
  return db.$transaction(async (tx) => {
    const h = await tx.household.findFirst({
      where: { id: input.id, deletedAt: null, ...inTerritory(viewer) },
      select: { gridId: true, version: true, dataState: true, createdById: true },
    });
    if (!h) throw new AppError("NOT_FOUND");
    if (h.version !== input.version) throw new AppError("STALE");
    if (h.dataState === "VERIFIED") throw new AppError("CONFLICT", { key: "peopleAlreadyVerified" });
    if (h.createdById === viewer.id) throw new AppError("VALIDATION", { key: "peopleVerifyOwn" });
    const { count } = await tx.household.updateMany({
      where: { id: input.id, version: input.version, deletedAt: null, dataState: "ENTERED", ...inTerritory(viewer) },
      data: { dataState: "VERIFIED", verifiedById: viewer.id, verifiedAt: new Date(), version: { increment: 1 } },
    });
    if (count === 0) throw new AppError("STALE");
    await recordHistory(tx, { entityType: ENTITY.household, entityId: input.id, action: "VERIFY", gridId: h.gridId, actorId: viewer.id, changes: { dataState: ["ENTERED", "VERIFIED"] } });
    return { id: input.id, version: h.version + 1 };
  });
}

/** Households of one grid for pickers (resident form): register number, address and head. */
export async function householdOptions(viewer: Viewer, gridId: number) {
  await authorize(viewer, "people.view");
  const rows = await db.household.findMany({
    where: { gridId, deletedAt: null, ...inTerritory(viewer) },
    select: { id: true, householdNo: true, houseId: true, house: { select: { address: true } }, members: { where: { deletedAt: null, relationToHead: "HEAD" }, select: { name: true }, take: 1 } },
    orderBy: [{ householdNo: "asc" }, { id: "asc" }],
    take: 2000,
  });
  return rows.map((r) => ({ id: r.id, householdNo: r.householdNo, houseId: r.houseId, address: r.house?.address ?? null, head: r.members[0]?.name ?? null }));
}
