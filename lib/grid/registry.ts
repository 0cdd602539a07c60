import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { pointInPolygon, type PolygonalGeometry } from "@/lib/geo";
import type { Action } from "@/lib/permissions";
import { isOwnRecord } from "./permissions";
import { authorize, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { recordHistory } from "@/lib/server/history";
import type { Db, Tx } from "@/lib/server/prisma";
import { inTerritory, unitsWithin } from "@/lib/server/scope";

// What the place, object and sentiment registries share: the grid a record goes into,
// the map-point rule, keyset cursors, verification, soft delete and change history.

/** RecordHistory.entityType of each registry. */
export const ENTITY = { place: "place", facility: "facility", sentiment: "sentiment" } as const;
export type EntityType = (typeof ENTITY)[keyof typeof ENTITY];

/** Rows per list page. */
export const PAGE_SIZE = 20;

export interface ScopedGrid {
  id: number;
  name: string;
  boundary: Prisma.JsonValue;
}

/**
 * The grid a record is written into: a live unit of level GRID inside the viewer's
 * territory. Anything else is NOT_FOUND, so a guessed id reveals nothing.
 */
export async function gridInScope(client: Db | Tx, viewer: Viewer, gridId: number): Promise<ScopedGrid> {
  const grid = await client.unit.findFirst({
    where: { id: gridId, level: "GRID", retiredAt: null, ...unitsWithin(viewer) },
    select: { id: true, name: true, boundary: true },
  });
  if (!grid) throw new AppError("NOT_FOUND", { key: "gridNotFound" }, { gridId: "validation.gridNotInScope" });
  return grid;
}

function isPolygonal(value: unknown): value is PolygonalGeometry {
  const g = value as { type?: string; coordinates?: unknown } | null;
  return !!g && (g.type === "Polygon" || g.type === "MultiPolygon") && Array.isArray(g.coordinates);
}

/**
 * A map point must lie inside the record's grid (points on the border count as inside).
 * A grid without a drawn boundary cannot check, so it accepts any point.
 */
export function assertPointInGrid(grid: ScopedGrid, lat: number | null | undefined, lng: number | null | undefined): void {
  if (lat == null || lng == null) return;
  if (!isPolygonal(grid.boundary)) return;
  if (!pointInPolygon(lng, lat, grid.boundary))
    throw new AppError("VALIDATION", { key: "gridPointOutside", values: { grid: grid.name } }, { lat: "validation.gridPointOutside" });
}

// --- keyset cursors: opaque to the client, a bad one just means "first page" ---

export function encodeCursor(key: string | Date, id: string): string {
  return Buffer.from(JSON.stringify([key instanceof Date ? key.toISOString() : key, id])).toString("base64url");
}

export function decodeCursor(cursor: string | undefined, kind: "date" | "text"): { key: Date | string; id: string } | null {
  if (!cursor) return null;
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [unknown, unknown];
    if (typeof key !== "string" || typeof id !== "string" || id.length > 40) return null;
    if (kind === "text") return key.length <= 200 ? { key, id } : null;
    const at = new Date(key);
    return Number.isNaN(at.getTime()) ? null : { key: at, id };
  } catch {
    return null;
  }
}

/** Rows after the cursor in (field DESC, id DESC) order. */
export function afterDesc(field: string, cursor: { key: Date | string; id: string } | null): object {
  if (!cursor) return {};
  return { OR: [{ [field]: { lt: cursor.key } }, { [field]: cursor.key, id: { lt: cursor.id } }] };
}

/** Rows after the cursor in (field ASC, id ASC) order. */
export function afterAsc(field: string, cursor: { key: Date | string; id: string } | null): object {
  if (!cursor) return {};
  return { OR: [{ [field]: { gt: cursor.key } }, { [field]: cursor.key, id: { gt: cursor.id } }] };
}

/** Splits a fetched page of size+1 into the page and the cursor of the next one. */
export function pageOf<T extends { id: string }>(rows: T[], key: (row: T) => string | Date): { items: T[]; nextCursor: string | null } {
  if (rows.length <= PAGE_SIZE) return { items: rows, nextCursor: null };
  const items = rows.slice(0, PAGE_SIZE);
  const last = items[items.length - 1];
  return { items, nextCursor: encodeCursor(key(last), last.id) };
}

/** Case-insensitive "contains" for the search box. */
export function contains(q: string): { contains: string; mode: "insensitive" } {
  return { contains: q, mode: "insensitive" };
}

// --- verification and soft delete: the same on every registry ---

type Model = "place" | "facility" | "sentimentEntry";
interface WriteDelegate {
  findFirst(args: { where: object; select: object }): Promise<Record<string, unknown> | null>;
  updateMany(args: { where: object; data: object }): Promise<{ count: number }>;
}

function delegate(tx: Tx, model: Model): WriteDelegate {
  return tx[model] as unknown as WriteDelegate;
}

const ENTITY_OF: Record<Model, EntityType> = { place: "place", facility: "facility", sentimentEntry: "sentiment" };
const CREATOR_OF: Record<Model, string> = { place: "createdById", facility: "createdById", sentimentEntry: "recordedById" };

/** Reads a live record in scope for a write, refusing a version the client did not see. */
async function loadForWrite(tx: Tx, viewer: Viewer, model: Model, id: string, version: number) {
  const row = (await delegate(tx, model).findFirst({
    where: { id, deletedAt: null, ...inTerritory(viewer) },
    select: { id: true, gridId: true, version: true, dataState: true, [CREATOR_OF[model]]: true },
  })) as { id: string; gridId: number; version: number; dataState: string } & Record<string, unknown> | null;
  if (!row) throw notFound();
  if (row.version !== version) throw new AppError("STALE");
  return row;
}

/** One conditional write: zero rows means someone changed or removed the record meanwhile. */
async function conditionalUpdate(tx: Tx, viewer: Viewer, model: Model, id: string, version: number, data: object) {
  const { count } = await delegate(tx, model).updateMany({
    where: { id, version, deletedAt: null, ...inTerritory(viewer) },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 0) throw new AppError("STALE");
}

/**
 * Confirms a record (data state VERIFIED). The confirmation must come from a second
 * person: the one who entered the record cannot verify it.
 */
export async function verifyRecord(viewer: Viewer, model: Model, input: { id: string; version: number }) {
  await authorize(viewer, "grid.records.verify");
  return db.$transaction(async (tx) => {
    const row = await loadForWrite(tx, viewer, model, input.id, input.version);
    if (row.dataState === "VERIFIED") throw new AppError("CONFLICT", { key: "gridAlreadyVerified" });
    if (isOwnRecord(viewer.id, (row[CREATOR_OF[model]] as string | null) ?? null)) throw new AppError("VALIDATION", { key: "gridVerifyOwnRecord" });
    const at = new Date();
    await conditionalUpdate(tx, viewer, model, input.id, input.version, { dataState: "VERIFIED", verifiedById: viewer.id, verifiedAt: at });
    await recordHistory(tx, {
      entityType: ENTITY_OF[model],
      entityId: input.id,
      action: "VERIFY",
      gridId: row.gridId,
      actorId: viewer.id,
      changes: { dataState: ["ENTERED", "VERIFIED"] },
    });
    return { id: input.id, version: input.version + 1 };
  });
}

/** Soft delete with a reason: the row stays (with its history) but leaves every list and count. */
export async function deleteRecord(viewer: Viewer, model: Model, action: Action, input: { id: string; version: number; reason: string }) {
  await authorize(viewer, action);
  return db.$transaction(async (tx) => {
    const row = await loadForWrite(tx, viewer, model, input.id, input.version);
    await conditionalUpdate(tx, viewer, model, input.id, input.version, { deletedAt: new Date(), deleteReason: input.reason });
    await recordHistory(tx, {
      entityType: ENTITY_OF[model],
      entityId: input.id,
      action: "DELETE",
      gridId: row.gridId,
      actorId: viewer.id,
      reason: input.reason,
    });
    return { id: input.id, gridId: row.gridId };
  });
}

/**
 * Writes the history of an edit: a MOVE entry when the grid changed (so the record's
 * past stays attached to it in its new grid) and an UPDATE entry for the other fields.
 */
export async function recordEdit(
  tx: Tx,
  viewer: Viewer,
  entityType: EntityType,
  id: string,
  fromGrid: number,
  changes: Record<string, [unknown, unknown]>,
) {
  const { gridId: move, ...rest } = changes;
  const toGrid = move ? (move[1] as number) : fromGrid;
  if (move) await recordHistory(tx, { entityType, entityId: id, action: "MOVE", gridId: toGrid, actorId: viewer.id, changes: { gridId: move } });
  if (Object.keys(rest).length)
    await recordHistory(tx, { entityType, entityId: id, action: "UPDATE", gridId: toGrid, actorId: viewer.id, changes: rest });
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
 * the record through a scoped query first: the history belongs to whoever may see it now.
 */
export async function historyOf(entityType: EntityType, entityId: string, client: Db = db): Promise<HistoryItem[]> {
  const rows = await client.recordHistory.findMany({
    where: { entityType, entityId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: 200,
    select: { id: true, action: true, at: true, actorId: true, gridId: true, reason: true, changes: true },
  });
  // A move names the grids it went between; show their names, not their ids.
  const movedGrids = rows.flatMap((r) => {
    const move = (r.changes as { gridId?: unknown[] } | null)?.gridId;
    return Array.isArray(move) ? move.filter((x): x is number => typeof x === "number") : [];
  });
  const [actors, grids] = await Promise.all([
    namesOfUsers(rows.map((r) => r.actorId), client),
    client.unit.findMany({ where: { id: { in: [...new Set([...rows.map((r) => r.gridId), ...movedGrids])] } }, select: { id: true, name: true } }),
  ]);
  const gridName = new Map(grids.map((g) => [g.id, g.name]));
  return rows.map((r) => {
    const changes = (r.changes as Record<string, [unknown, unknown]> | null) ?? null;
    if (changes?.gridId) changes.gridId = changes.gridId.map((id) => gridName.get(id as number) ?? id) as [unknown, unknown];
    return {
      id: String(r.id),
      action: r.action,
      at: r.at,
      actorName: r.actorId ? (actors.get(r.actorId) ?? null) : null,
      gridName: gridName.get(r.gridId) ?? null,
      reason: r.reason,
      changes,
    };
  });
}

/** Display names of users by id (names only: shown beside the records they touched). */
export async function namesOfUsers(ids: (string | null | undefined)[], client: Db = db): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map();
  const users = await client.user.findMany({ where: { id: { in: wanted } }, select: { id: true, displayName: true } });
  return new Map(users.map((u) => [u.id, u.displayName]));
}
