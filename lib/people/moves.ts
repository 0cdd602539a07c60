import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { ageOn } from "@/lib/id-number";
import { ROLES, can } from "@/lib/permissions";
import { writeAudit } from "@/lib/server/audit";
import { auditActor, authorize, type Viewer } from "@/lib/server/auth";
import { lookupHash } from "@/lib/server/crypto";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import type { Tx } from "@/lib/server/prisma";
import { inTerritory, unitsWithin } from "@/lib/server/scope";
import type { DecideMoveInput, MoveListQuery, RequestMoveInput } from "./schemas";
import { ENTITY, gridInScope, isUniqueViolation, PAGE_SIZE } from "./shared";

// Move requests (迁移申请). One ID number is one resident county-wide, so a grid worker who
// meets someone registered in a grid outside their territory cannot enter them again: they
// ask for the record instead. The requester learns no more than the duplicate check told
// them (the masked number, the county and township holding it); the holder of the record's
// territory (the grid's worker, the community or township above it) sees the request with
// the record and approves it (the record moves in the same transaction, with its history)
// or refuses it with a reason. Both sides are notified in the transaction that concerns
// them; every step is audited.

const SELECT = {
  id: true,
  status: true,
  note: true,
  version: true,
  createdAt: true,
  decidedAt: true,
  decisionReason: true,
  requestedById: true,
  decidedById: true,
  residentId: true,
  fromGridId: true,
  toGridId: true,
  fromGrid: { select: { name: true, pathIds: true } },
  toGrid: { select: { name: true, pathIds: true } },
  resident: { select: { idMasked: true, name: true, grid: { select: { pathIds: true } } } },
} satisfies Prisma.ResidentMoveRequestSelect;
type Row = Prisma.ResidentMoveRequestGetPayload<{ select: typeof SELECT }>;

export type MoveSide = "holder" | "requester";

/** Names of the units on the given paths and of the users named, for one page of requests. */
async function namesFor(rows: Row[]) {
  const unitIds = new Set<number>();
  const userIds = new Set<string>();
  for (const r of rows) {
    for (const id of [...r.fromGrid.pathIds, ...r.toGrid.pathIds]) unitIds.add(id);
    userIds.add(r.requestedById);
    if (r.decidedById) userIds.add(r.decidedById);
  }
  const [units, users] = await Promise.all([
    db.unit.findMany({ where: { id: { in: [...unitIds] }, level: { in: ["COUNTY", "TOWNSHIP", "VILLAGE"] } }, select: { id: true, name: true, level: true } }),
    db.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, displayName: true } }),
  ]);
  return { units: new Map(units.map((u) => [u.id, u])), users: new Map(users.map((u) => [u.id, u.displayName])) };
}

type Names = Awaited<ReturnType<typeof namesFor>>;

/**
 * One request as the viewer may see it. The requester's side gets where the record is only
 * as far as the duplicate check said (county and township); the resident's name only once
 * the record is inside their territory (after approval).
 */
function present(viewer: Viewer, r: Row, names: Names, side: MoveSide) {
  const path = (ids: number[], levels: string[]) =>
    ids
      .map((id) => names.units.get(id))
      .filter((u): u is NonNullable<typeof u> => !!u && levels.includes(u.level))
      .map((u) => u.name)
      .join(" ");
  const residentVisible = r.resident.grid.pathIds.includes(viewer.unitId);
  return {
    id: r.id,
    side,
    status: r.status,
    note: r.note,
    version: r.version,
    createdAt: r.createdAt,
    decidedAt: r.decidedAt,
    decisionReason: r.decisionReason,
    idMasked: r.resident.idMasked,
    resident: residentVisible ? { id: r.residentId, name: r.resident.name } : null,
    /** Where the record is (was) held: the grid for the holder's side, county and township for the requester's. */
    from: side === "holder" ? `${path(r.fromGrid.pathIds, ["TOWNSHIP", "VILLAGE"])} ${r.fromGrid.name}`.trim() : path(r.fromGrid.pathIds, ["COUNTY", "TOWNSHIP"]),
    to: `${path(r.toGrid.pathIds, ["TOWNSHIP", "VILLAGE"])} ${r.toGrid.name}`.trim(),
    toGridId: r.toGridId,
    requestedBy: names.users.get(r.requestedById) ?? null,
    requestedByViewer: r.requestedById === viewer.id,
    decidedBy: r.decidedById ? (names.users.get(r.decidedById) ?? null) : null,
  };
}
export type MoveRequestItem = ReturnType<typeof present>;

// --- notifications ------------------------------------------------------------------------

/** Role keys (built-in and custom) that hold an action, for choosing whom to notify. */
async function rolesWith(tx: Tx, action: "people.move.decide" | "people.move.request"): Promise<string[]> {
  const custom = await tx.customRole.findMany({ where: { permissions: { has: action } }, select: { key: true } });
  return [...ROLES.filter((r) => can(r, action)), ...custom.map((c) => c.key)];
}

/**
 * Those who hold a grid's records: the users of the grid and of its community (village)
 * who may decide moves; where there are none, the nearest level above that has some.
 */
async function holdersOf(tx: Tx, gridId: number, exceptId: string): Promise<string[]> {
  const grid = await tx.unit.findUnique({ where: { id: gridId }, select: { pathIds: true, depth: true } });
  if (!grid) return [];
  const users = await tx.user.findMany({
    where: { enabled: true, id: { not: exceptId }, unitId: { in: grid.pathIds }, role: { in: await rolesWith(tx, "people.move.decide") } },
    select: { id: true, unit: { select: { depth: true } } },
  });
  const near = users.filter((u) => u.unit.depth >= grid.depth - 1);
  if (near.length) return near.map((u) => u.id);
  const deepest = Math.max(...users.map((u) => u.unit.depth));
  return users.filter((u) => u.unit.depth === deepest).map((u) => u.id);
}

async function notify(tx: Tx, userIds: string[], kind: string, href: string, params: Record<string, string | number | null>) {
  if (!userIds.length) return;
  await tx.notification.createMany({ data: userIds.map((userId) => ({ userId, kind: `people.${kind}`, href, params })) });
}

async function gridLabel(tx: Tx, gridId: number): Promise<string> {
  const g = await tx.unit.findUnique({ where: { id: gridId }, select: { name: true, parent: { select: { name: true } } } });
  return g ? `${g.parent?.name ?? ""} ${g.name}`.trim() : "";
}

// --- writes -------------------------------------------------------------------------------

/**
 * Files a request to move the resident with this ID number into one of the viewer's grids.
 * Refused when nobody has the number (enter the person instead), when the record is inside
 * the viewer's territory already (edit its grid instead), or while a request for the same
 * person is pending.
 */
export async function requestResidentMove(viewer: Viewer, input: RequestMoveInput) {
  await authorize(viewer, "people.move.request");
  try {
    return await db.$transaction(async (tx) => {
      const grid = await gridInScope(tx, viewer, input.toGridId);
      const found = await tx.resident.findUnique({ where: { idHash: lookupHash(input.idNumber) }, select: { id: true } });
      if (!found) throw new AppError("NOT_FOUND", { key: "peopleMoveNoRecord" }, { idNumber: "validation.peopleMoveNoRecord" });
      // The row lock serialises requests (and decisions) for one person.
      await tx.$queryRaw`SELECT id FROM "Resident" WHERE id = ${found.id} FOR UPDATE`;
      const r = await tx.resident.findUniqueOrThrow({
        where: { id: found.id },
        select: { id: true, name: true, idMasked: true, gridId: true, grid: { select: { pathIds: true } } },
      });
      if (r.grid.pathIds.includes(viewer.unitId)) throw new AppError("CONFLICT", { key: "peopleMoveInTerritory", values: { name: r.name } });
      const pending = await tx.residentMoveRequest.findFirst({ where: { residentId: r.id, status: "PENDING" }, select: { toGrid: { select: { pathIds: true } } } });
      if (pending) throw new AppError("CONFLICT", { key: pending.toGrid.pathIds.includes(viewer.unitId) ? "peopleMovePendingHere" : "peopleMovePendingElsewhere" });
      const created = await tx.residentMoveRequest.create({
        data: { residentId: r.id, fromGridId: r.gridId, toGridId: grid.id, note: input.note, requestedById: viewer.id },
        select: { id: true },
      });
      await writeAudit(tx, {
        ...auditActor(viewer),
        action: "resident.moveRequest",
        result: "success",
        targetType: "residentMoveRequest",
        targetId: created.id,
        details: { residentId: r.id, fromGridId: r.gridId, toGridId: grid.id },
      });
      await notify(tx, await holdersOf(tx, r.gridId, viewer.id), "moveRequested", `/grid/moves/${created.id}`, {
        actor: viewer.displayName,
        name: r.name,
        masked: r.idMasked,
        to: await gridLabel(tx, grid.id),
        comment: input.note,
      });
      return { id: created.id };
    });
  } catch (err) {
    // Two requests for one person at the same moment: the partial unique index decides.
    if (isUniqueViolation(err)) throw new AppError("CONFLICT", { key: "peopleMovePendingElsewhere" });
    throw err;
  }
}

/**
 * The holder's decision. Approval moves the record into the requested grid in the same
 * transaction: it leaves its household and house (they belong to the old grid; the new
 * grid links it again), comes back if it had been deleted, goes back to "entered" for a
 * second person to verify, and keeps its history (MOVE, and UPDATE/RESTORE as they apply).
 */
export async function decideResidentMove(viewer: Viewer, input: DecideMoveInput) {
  await authorize(viewer, "people.move.decide");
  return db.$transaction(async (tx) => {
    const req = await tx.residentMoveRequest.findFirst({
      where: { id: input.id, fromGrid: unitsWithin(viewer) },
      select: { id: true, status: true, version: true, residentId: true, toGridId: true, requestedById: true, note: true },
    });
    if (!req) throw new AppError("NOT_FOUND");
    if (req.status !== "PENDING") throw new AppError("CONFLICT", { key: "peopleMoveDecided" });
    if (req.version !== input.version) throw new AppError("STALE");
    if (req.requestedById === viewer.id) throw new AppError("VALIDATION", { key: "peopleMoveOwn" });

    const decided = { decidedById: viewer.id, decidedAt: new Date(), decisionReason: input.reason, version: { increment: 1 } };
    const mark = async (data: Prisma.ResidentMoveRequestUncheckedUpdateManyInput) => {
      const { count } = await tx.residentMoveRequest.updateMany({ where: { id: req.id, version: req.version, status: "PENDING" }, data });
      if (count === 0) throw new AppError("STALE");
    };

    if (input.decision === "refuse") {
      // A refusal touches only the request; it stays possible when the record has moved since.
      const r = await tx.resident.findUniqueOrThrow({ where: { id: req.residentId }, select: { idMasked: true } });
      await mark({ ...decided, status: "REFUSED" });
      await writeAudit(tx, {
        ...auditActor(viewer),
        action: "resident.moveRefuse",
        result: "success",
        targetType: "residentMoveRequest",
        targetId: req.id,
        details: { residentId: req.residentId, reason: input.reason },
      });
      await notify(tx, [req.requestedById], "moveRefused", `/grid/moves/${req.id}`, {
        actor: viewer.displayName,
        masked: r.idMasked,
        comment: input.reason,
      });
      return { id: req.id, status: "REFUSED" as const };
    }

    await tx.$queryRaw`SELECT id FROM "Resident" WHERE id = ${req.residentId} FOR UPDATE`;
    const r = await tx.resident.findFirst({
      where: { id: req.residentId, ...inTerritory(viewer) },
      select: { gridId: true, name: true, idMasked: true, householdId: true, houseId: true, relationToHead: true, deletedAt: true },
    });
    // Moved out of the holder's territory since (by another request or an edit above them).
    if (!r) throw new AppError("CONFLICT", { key: "peopleMoveOutdated" });

    const target = await tx.unit.findFirst({ where: { id: req.toGridId, level: "GRID", retiredAt: null }, select: { id: true } });
    if (!target) throw new AppError("CONFLICT", { key: "peopleMoveGridGone" });
    if (r.gridId === req.toGridId) throw new AppError("CONFLICT", { key: "peopleMoveOutdated" });
    await mark({ ...decided, status: "APPROVED", fromGridId: r.gridId });

    await tx.resident.update({
      where: { id: req.residentId },
      data: {
        gridId: req.toGridId,
        householdId: null,
        relationToHead: null,
        houseId: null,
        deletedAt: null,
        deleteReason: null,
        dataState: "ENTERED",
        verifiedById: null,
        verifiedAt: null,
        version: { increment: 1 },
      },
      select: { id: true },
    });
    // The history stays with the record: MOVE, then what the move undid, then a restore.
    const links: Record<string, [unknown, unknown]> = {};
    if (r.householdId) links.householdId = [r.householdId, null];
    if (r.relationToHead) links.relationToHead = [r.relationToHead, null];
    if (r.houseId) links.houseId = [r.houseId, null];
    const entry = { entityType: ENTITY.resident, entityId: req.residentId, gridId: req.toGridId, actorId: viewer.id };
    const rows: Prisma.RecordHistoryCreateManyInput[] = [
      { ...entry, action: "MOVE", changes: { gridId: [r.gridId, req.toGridId] }, reason: req.note },
    ];
    if (Object.keys(links).length) rows.push({ ...entry, action: "UPDATE", changes: links as Prisma.InputJsonValue });
    if (r.deletedAt) rows.push({ ...entry, action: "RESTORE" });
    for (const row of rows) await tx.recordHistory.create({ data: row, select: { id: true } });

    await writeAudit(tx, {
      ...auditActor(viewer),
      action: "resident.moveApprove",
      result: "success",
      targetType: "residentMoveRequest",
      targetId: req.id,
      details: { residentId: req.residentId, gridId: [r.gridId, req.toGridId], restored: !!r.deletedAt },
    });
    const to = await gridLabel(tx, req.toGridId);
    await notify(tx, [req.requestedById], "moveApproved", `/grid/residents/${req.residentId}`, { actor: viewer.displayName, name: r.name, masked: r.idMasked, to });
    await notify(tx, await holdersOf(tx, r.gridId, viewer.id), "moveOut", `/grid/moves/${req.id}`, { actor: viewer.displayName, name: r.name, masked: r.idMasked, to });
    return { id: req.id, status: "APPROVED" as const, residentId: req.residentId };
  });
}

/** The requester takes back their own pending request. */
export async function withdrawResidentMove(viewer: Viewer, input: { id: string; version: number }) {
  await authorize(viewer, "people.move.request");
  return db.$transaction(async (tx) => {
    const mine = { id: input.id, requestedById: viewer.id, toGrid: unitsWithin(viewer) };
    const { count } = await tx.residentMoveRequest.updateMany({
      where: { ...mine, version: input.version, status: "PENDING" },
      data: { status: "WITHDRAWN", decidedAt: new Date(), version: { increment: 1 } },
    });
    if (count === 0) {
      const found = await tx.residentMoveRequest.findFirst({ where: mine, select: { status: true } });
      if (!found) throw new AppError("NOT_FOUND");
      throw found.status === "PENDING" ? new AppError("STALE") : new AppError("CONFLICT", { key: "peopleMoveDecided" });
    }
    await writeAudit(tx, { ...auditActor(viewer), action: "resident.moveWithdraw", result: "success", targetType: "residentMoveRequest", targetId: input.id });
    return { id: input.id, status: "WITHDRAWN" as const };
  });
}

// --- reads --------------------------------------------------------------------------------

const DECIDED = ["APPROVED", "REFUSED", "WITHDRAWN"] as const;

function decodeMoveCursor(cursor: string | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [unknown, unknown];
    if (typeof at !== "string" || typeof id !== "string" || id.length > 40) return null;
    const d = new Date(at);
    return Number.isNaN(d.getTime()) ? null : { at: d, id };
  } catch {
    return null;
  }
}

/**
 * Incoming requests (for residents of the viewer's territory, to decide) or outgoing ones
 * (into the viewer's grids), pending or decided, newest first with a keyset cursor.
 */
export async function listMoveRequests(viewer: Viewer, q: MoveListQuery) {
  await authorize(viewer, q.box === "incoming" ? "people.move.decide" : "people.move.request");
  const where: Prisma.ResidentMoveRequestWhereInput = {
    ...(q.box === "incoming" ? { fromGrid: unitsWithin(viewer) } : { toGrid: unitsWithin(viewer) }),
    status: q.show === "pending" ? "PENDING" : { in: [...DECIDED] },
  };
  const c = decodeMoveCursor(q.cursor);
  const page = c ? { AND: [where, { OR: [{ createdAt: { lt: c.at } }, { createdAt: c.at, id: { lt: c.id } }] }] } : where;
  const [rows, total] = await Promise.all([
    db.residentMoveRequest.findMany({ where: page, select: SELECT, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: PAGE_SIZE + 1 }),
    db.residentMoveRequest.count({ where }),
  ]);
  const items = rows.slice(0, PAGE_SIZE);
  const last = items.at(-1);
  const nextCursor = rows.length > PAGE_SIZE && last ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString("base64url") : null;
  const names = await namesFor(items);
  return { items: items.map((r) => present(viewer, r, names, q.box === "incoming" ? "holder" : "requester")), total, nextCursor };
}

/** Pending requests the viewer may decide, for the badge on the residents page. */
export async function pendingMoveCount(viewer: Viewer): Promise<number> {
  await authorize(viewer, "people.move.decide");
  return db.residentMoveRequest.count({ where: { fromGrid: unitsWithin(viewer), status: "PENDING" } });
}

/**
 * One request, for its holder's side (with the record, to decide) or its requester's side.
 * Anyone else gets NOT_FOUND.
 */
export async function getMoveRequest(viewer: Viewer, id: string) {
  const mayDecide = can(viewer, "people.move.decide");
  const mayRequest = can(viewer, "people.move.request");
  if (!mayDecide && !mayRequest) await authorize(viewer, "people.move.request");
  const sides: Prisma.ResidentMoveRequestWhereInput[] = [];
  if (mayDecide) sides.push({ fromGrid: unitsWithin(viewer) });
  if (mayRequest) sides.push({ toGrid: unitsWithin(viewer) });
  const row = await db.residentMoveRequest.findFirst({ where: { id, OR: sides }, select: SELECT });
  if (!row) throw new AppError("NOT_FOUND");
  const side: MoveSide = mayDecide && row.fromGrid.pathIds.includes(viewer.unitId) ? "holder" : "requester";
  const item = present(viewer, row, await namesFor([row]), side);
  // What the holder needs to decide: who the person is in their registry and what the
  // move takes them out of.
  const record =
    side === "holder" && item.resident
      ? await db.resident.findFirst({
          where: { id: row.residentId, ...inTerritory(viewer) },
          select: {
            sex: true,
            birthDate: true,
            deletedAt: true,
            relationToHead: true,
            grid: { select: { name: true } },
            house: { select: { address: true } },
            household: { select: { householdNo: true, _count: { select: { members: { where: { deletedAt: null } } } } } },
          },
        })
      : null;
  return {
    ...item,
    record: record && {
      sex: record.sex,
      age: ageOn(record.birthDate.toISOString().slice(0, 10)),
      deleted: !!record.deletedAt,
      grid: record.grid.name,
      house: record.house?.address ?? null,
      inHousehold: !!record.household,
      householdNo: record.household?.householdNo ?? null,
      relationToHead: record.relationToHead,
      otherMembers: record.household ? record.household._count.members - (record.deletedAt ? 0 : 1) : 0,
    },
    canDecide: side === "holder" && row.status === "PENDING" && row.requestedById !== viewer.id,
    canWithdraw: side === "requester" && row.status === "PENDING" && row.requestedById === viewer.id,
  };
}
export type MoveRequestDetail = Awaited<ReturnType<typeof getMoveRequest>>;
