import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import type { Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import type { Db, Tx } from "@/lib/server/prisma";
import { unitsWithin } from "@/lib/server/scope";
import { formatAddress } from "./rules";

// What the resident, household and house registries share on the server: the grid a
// record goes into, keyset cursors, history reads and the scope of list filters.

export const ENTITY = { resident: "resident", household: "household", house: "house" } as const;
export type PeopleEntity = (typeof ENTITY)[keyof typeof ENTITY];

export const PAGE_SIZE = 30;

/**
 * Lists count their matches up to this many and then say "10,000+": an exact count of a
 * whole county's 1,000,000 residents (or of everyone called 王) would cost more than the
 * page itself.
 */
export const COUNT_CAP = 10_000;

export function cappedTotal(n: number): { total: number; more: boolean } {
  return { total: Math.min(n, COUNT_CAP), more: n > COUNT_CAP };
}

export interface ScopedGrid {
  id: number;
  name: string;
  villageName: string;
  townshipName: string | null;
}

/** A live grid inside the viewer's territory; anything else is NOT_FOUND. */
export async function gridInScope(client: Db | Tx, viewer: Viewer, gridId: number): Promise<ScopedGrid> {
  const grid = await client.unit.findFirst({
    where: { id: gridId, level: "GRID", retiredAt: null, ...unitsWithin(viewer) },
    select: { id: true, name: true, parent: { select: { name: true, parent: { select: { name: true } } } } },
  });
  if (!grid) throw new AppError("NOT_FOUND", { key: "peopleGridNotFound" }, { gridId: "validation.peopleGridNotInScope" });
  return { id: grid.id, name: grid.name, villageName: grid.parent?.name ?? "", townshipName: grid.parent?.parent?.name ?? null };
}

export function houseAddress(grid: ScopedGrid, building: string, unitNo: string, room: string): string {
  return formatAddress(grid.villageName, building, unitNo, room);
}

/**
 * Records whose grid lies in the viewer's territory and, when a unit filter is given, below
 * that unit too. A grid worker's own grid is also named directly, which lets the planner
 * use the (gridId, …) indexes instead of guessing how many grids the subquery returns.
 */
export function scopeWhere(viewer: Viewer, unitId?: number): { gridId?: number; grid: Prisma.UnitWhereInput } {
  const grid: Prisma.UnitWhereInput = unitId ? { AND: [unitsWithin(viewer), { pathIds: { has: unitId } }] } : unitsWithin(viewer);
  return viewer.unitLevel === "GRID" ? { gridId: viewer.unitId, grid } : { grid };
}

// --- keyset cursors: opaque to the client; a bad one just means "first page" ---

export function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): { key: string; id: string } | null {
  if (!cursor) return null;
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [unknown, unknown];
    if (typeof key !== "string" || typeof id !== "string" || id.length > 40 || key.length > 200) return null;
    return { key, id };
  } catch {
    return null;
  }
}

export function pageOf<T extends { id: string }>(rows: T[], key: (row: T) => string): { items: T[]; nextCursor: string | null } {
  if (rows.length <= PAGE_SIZE) return { items: rows, nextCursor: null };
  const items = rows.slice(0, PAGE_SIZE);
  const last = items[items.length - 1];
  return { items, nextCursor: encodeCursor(key(last), last.id) };
}

export interface HistoryItem {
  id: string;
  action: string;
  at: Date;
  actorName: string | null;
  gridName: string | null;
  reason: string | null;
  changes: Record<string, [unknown, unknown]> | null;
}

/**
 * A record's history, newest first, wherever the record lived at the time. Callers load
 * the record through a scoped query first: its history belongs to whoever may see it now.
 */
export async function historyOf(entityType: PeopleEntity, entityId: string, client: Db = db): Promise<HistoryItem[]> {
  const rows = await client.recordHistory.findMany({
    where: { entityType, entityId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: 100,
    select: { id: true, action: true, at: true, actorId: true, gridId: true, reason: true, changes: true },
  });
  const actorIds = [...new Set(rows.map((r) => r.actorId).filter((x): x is string => !!x))];
  // Changes name grids, houses, households and tags by id; the history shows their names.
  const ids = { grid: new Set<number>(rows.map((r) => r.gridId)), house: new Set<string>(), household: new Set<string>(), tag: new Set<number>() };
  for (const r of rows) {
    const c = (r.changes ?? {}) as Record<string, [unknown, unknown]>;
    for (const v of c.gridId ?? []) if (typeof v === "number") ids.grid.add(v);
    for (const v of c.houseId ?? []) if (typeof v === "string") ids.house.add(v);
    for (const v of c.householdId ?? []) if (typeof v === "string") ids.household.add(v);
    for (const list of c.tags ?? []) if (Array.isArray(list)) for (const x of list) ids.tag.add(Number(String(x).split(":")[0]));
  }
  const [actors, grids, houses, households, tags] = await Promise.all([
    actorIds.length ? client.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, displayName: true } }) : [],
    client.unit.findMany({ where: { id: { in: [...ids.grid] } }, select: { id: true, name: true } }),
    ids.house.size ? client.house.findMany({ where: { id: { in: [...ids.house] } }, select: { id: true, address: true } }) : [],
    ids.household.size ? client.household.findMany({ where: { id: { in: [...ids.household] } }, select: { id: true, householdNo: true } }) : [],
    ids.tag.size ? client.keyGroupTag.findMany({ where: { id: { in: [...ids.tag] } }, select: { id: true, name: true } }) : [],
  ]);
  const actorName = new Map(actors.map((u) => [u.id, u.displayName]));
  const gridName = new Map(grids.map((g) => [g.id, g.name]));
  const houseName = new Map(houses.map((h) => [h.id, h.address]));
  const householdName = new Map(households.map((h) => [h.id, h.householdNo ?? h.id.slice(-6)]));
  const tagName = new Map(tags.map((t) => [t.id, t.name]));
  const named = (field: string, v: unknown): unknown => {
    if (v === null || v === undefined) return v;
    if (field === "gridId") return gridName.get(v as number) ?? v;
    if (field === "houseId") return houseName.get(v as string) ?? v;
    if (field === "householdId") return householdName.get(v as string) ?? v;
    if (field === "tags" && Array.isArray(v))
      return v.map((x) => {
        const [id, level] = String(x).split(":");
        return `${tagName.get(Number(id)) ?? id}(${level})`;
      });
    return v;
  };
  return rows.map((r) => {
    const changes = (r.changes as Record<string, [unknown, unknown]> | null) ?? null;
    return {
      id: String(r.id),
      action: r.action,
      at: r.at,
      actorName: r.actorId ? (actorName.get(r.actorId) ?? null) : null,
      gridName: gridName.get(r.gridId) ?? null,
      reason: r.reason,
      changes: changes && Object.fromEntries(Object.entries(changes).map(([k, pair]) => [k, [named(k, pair[0]), named(k, pair[1])] as [unknown, unknown]])),
    };
  });
}

/** History of an edit: a MOVE entry when the grid changed and an UPDATE entry for the rest. */
export async function recordEditHistory(
  tx: Tx,
  entityType: PeopleEntity,
  id: string,
  fromGrid: number,
  actorId: string,
  changes: Record<string, [unknown, unknown]>,
) {
  const { gridId: move, ...rest } = changes;
  const toGrid = move ? (move[1] as number) : fromGrid;
  const rows: Prisma.RecordHistoryCreateManyInput[] = [];
  if (move) rows.push({ entityType, entityId: id, action: "MOVE", gridId: toGrid, actorId, changes: { gridId: move } as Prisma.InputJsonValue });
  if (Object.keys(rest).length) rows.push({ entityType, entityId: id, action: "UPDATE", gridId: toGrid, actorId, changes: rest as Prisma.InputJsonValue });
  if (rows.length) await tx.recordHistory.createMany({ data: rows });
}

/** Throws STALE when a conditional write touched nothing but the record still exists, NOT_FOUND otherwise. */
export function staleOrMissing(exists: boolean): never {
  throw new AppError(exists ? "STALE" : "NOT_FOUND");
}

/** The grids, villages and townships a viewer may filter by, in tree order. */
export async function unitOptions(viewer: Viewer) {
  const units = await db.unit.findMany({
    where: { ...unitsWithin(viewer), retiredAt: null, level: { in: ["TOWNSHIP", "VILLAGE", "GRID"] } },
    select: { id: true, name: true, level: true, parentId: true, depth: true },
    orderBy: [{ depth: "asc" }, { sortOrder: "asc" }, { code: "asc" }],
  });
  // Tree order: each unit followed by its children.
  const children = new Map<number | null, typeof units>();
  for (const u of units) {
    const list = children.get(u.parentId) ?? [];
    list.push(u);
    children.set(u.parentId, list);
  }
  const ids = new Set(units.map((u) => u.id));
  const roots = units.filter((u) => u.parentId == null || !ids.has(u.parentId));
  const out: { id: number; name: string; level: "TOWNSHIP" | "VILLAGE" | "GRID"; depth: number }[] = [];
  const walk = (u: (typeof units)[number], depth: number) => {
    out.push({ id: u.id, name: u.name, level: u.level as "TOWNSHIP" | "VILLAGE" | "GRID", depth });
    for (const c of children.get(u.id) ?? []) walk(c, depth + 1);
  };
  for (const r of roots) walk(r, 0);
  return out;
}

/** Is this Prisma error a unique-constraint violation? */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string }; message?: string };
  return e?.code === "P2002" || e?.cause?.code === "23505" || /Unique constraint failed|duplicate key value/i.test(e?.message ?? "");
}
