import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { authorize, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { diffFields, recordHistory } from "@/lib/server/history";
import type { Tx } from "@/lib/server/prisma";
import { inTerritory } from "@/lib/server/scope";
import { OPEN_FOLLOW_UP } from "./dictionary";
import {
  afterDesc,
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
  type ScopedGrid,
} from "./registry";
import type { DeleteInput, FollowUpInput, SentimentInput, SentimentListQuery, UpdateSentimentInput, VerifyInput } from "./schemas";

// Sentiment log (民情日志): opinions, requests, suggestions and complaints heard in a grid,
// linked to a resident or a place of that grid, with a follow-up status. The dispatch
// module turns an entry into an event and marks it CONVERTED (markSentimentConverted).

/** Characters of an entry's text shown in lists. */
const EXCERPT = 140;

/** A linked resident or place must be a live record of the entry's own grid. */
async function checkLinks(tx: Tx, viewer: Viewer, grid: ScopedGrid, residentId: string | null, placeId: string | null) {
  // One query at a time on a transaction client (the embedded database runs one).
  const resident = residentId ? await tx.resident.findFirst({ where: { id: residentId, gridId: grid.id, deletedAt: null, ...inTerritory(viewer) }, select: { id: true } }) : null;
  const place = placeId ? await tx.place.findFirst({ where: { id: placeId, gridId: grid.id, deletedAt: null, ...inTerritory(viewer) }, select: { id: true } }) : null;
  if (residentId && !resident)
    throw new AppError("VALIDATION", { key: "gridLinkNotInGrid", values: { grid: grid.name } }, { residentId: "validation.gridLinkNotInGrid" });
  if (placeId && !place)
    throw new AppError("VALIDATION", { key: "gridLinkNotInGrid", values: { grid: grid.name } }, { placeId: "validation.gridLinkNotInGrid" });
}

/**
 * Writes one entry inside the caller's transaction, after checking its grid and links;
 * visit logging uses it so that a visit and its follow-up entry commit together.
 */
export async function insertSentiment(tx: Tx, viewer: Viewer, input: SentimentInput) {
  const grid = await gridInScope(tx, viewer, input.gridId);
  await checkLinks(tx, viewer, grid, input.residentId, input.placeId);
  const entry = await tx.sentimentEntry.create({
    data: {
      gridId: grid.id,
      kind: input.kind,
      content: input.content,
      residentId: input.residentId,
      placeId: input.placeId,
      recordedAt: input.recordedAt,
      recordedById: viewer.id,
    },
    select: { id: true },
  });
  await recordHistory(tx, { entityType: ENTITY.sentiment, entityId: entry.id, action: "CREATE", gridId: grid.id, actorId: viewer.id });
  return { id: entry.id };
}

/** The where of a filtered sentiment list, scoped to the viewer's territory (also used by exports). */
export function sentimentWhere(viewer: Viewer, query: Omit<SentimentListQuery, "cursor">): Prisma.SentimentEntryWhereInput {
  return {
    deletedAt: null,
    ...inTerritory(viewer),
    ...(query.gridId ? { gridId: query.gridId } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.dataState ? { dataState: query.dataState } : {}),
    ...(query.status ? { followUpStatus: query.status } : query.open ? { followUpStatus: { in: [...OPEN_FOLLOW_UP] } } : {}),
    ...(query.q ? { content: contains(query.q) } : {}),
  };
}

export async function listSentiments(viewer: Viewer, query: SentimentListQuery) {
  await authorize(viewer, "grid.view");
  const where = sentimentWhere(viewer, query);
  const { followUpStatus: _status, ...base } = where;
  const cursor = decodeCursor(query.cursor, "date");
  const [rows, total, facets] = await Promise.all([
    db.sentimentEntry.findMany({
      where: { AND: [where, afterDesc("recordedAt", cursor)] },
      orderBy: [{ recordedAt: "desc" }, { id: "desc" }],
      take: PAGE_SIZE + 1,
      select: {
        id: true,
        kind: true,
        content: true,
        followUpStatus: true,
        recordedAt: true,
        dataState: true,
        eventId: true,
        grid: { select: { id: true, name: true } },
        resident: { select: { id: true, name: true } },
        place: { select: { id: true, name: true } },
      },
    }),
    db.sentimentEntry.count({ where }),
    db.sentimentEntry.groupBy({ by: ["followUpStatus"], where: base, _count: { _all: true } }),
  ]);
  const page = pageOf(rows, (r) => r.recordedAt);
  return {
    items: page.items.map((r) => ({ ...r, content: r.content.length > EXCERPT ? `${r.content.slice(0, EXCERPT)}…` : r.content })),
    nextCursor: page.nextCursor,
    total,
    byStatus: Object.fromEntries(facets.map((f) => [f.followUpStatus, f._count._all])) as Record<string, number>,
  };
}

export async function getSentiment(viewer: Viewer, id: string) {
  await authorize(viewer, "grid.view");
  const entry = await db.sentimentEntry.findFirst({
    where: { id, deletedAt: null, ...inTerritory(viewer) },
    select: {
      id: true,
      kind: true,
      content: true,
      followUpStatus: true,
      followUpNote: true,
      eventId: true,
      recordedAt: true,
      recordedById: true,
      dataState: true,
      verifiedById: true,
      verifiedAt: true,
      version: true,
      createdAt: true,
      grid: { select: { id: true, name: true } },
      resident: { select: { id: true, name: true } },
      place: { select: { id: true, name: true } },
    },
  });
  if (!entry) throw notFound();
  const visit = await db.visit.findFirst({ where: { sentimentId: id }, select: { id: true, householdId: true, visitedAt: true } });
  const [names, history] = await Promise.all([namesOfUsers([entry.recordedById, entry.verifiedById]), historyOf(ENTITY.sentiment, id)]);
  return {
    ...entry,
    recordedByName: entry.recordedById ? (names.get(entry.recordedById) ?? null) : null,
    verifiedByName: entry.verifiedById ? (names.get(entry.verifiedById) ?? null) : null,
    fromVisit: visit,
    history,
  };
}

export async function createSentiment(viewer: Viewer, input: SentimentInput) {
  await authorize(viewer, "sentiments.edit");
  return db.$transaction((tx) => insertSentiment(tx, viewer, input));
}

/** Edits (and possibly moves) an entry; an edit of a verified entry sends it back to ENTERED. */
export async function updateSentiment(viewer: Viewer, input: UpdateSentimentInput) {
  await authorize(viewer, "sentiments.edit");
  return db.$transaction(async (tx) => {
    const current = await tx.sentimentEntry.findFirst({
      where: { id: input.id, deletedAt: null, ...inTerritory(viewer) },
      select: { version: true, dataState: true, gridId: true, kind: true, content: true, residentId: true, placeId: true, recordedAt: true },
    });
    if (!current) throw notFound();
    if (current.version !== input.version) throw new AppError("STALE");
    const grid = await gridInScope(tx, viewer, input.gridId);
    await checkLinks(tx, viewer, grid, input.residentId, input.placeId);
    const next = {
      gridId: input.gridId,
      kind: input.kind,
      content: input.content,
      residentId: input.residentId,
      placeId: input.placeId,
      recordedAt: input.recordedAt,
    };
    const { version: _version, dataState: _state, ...before } = current;
    const changes = diffFields(before, next);
    if (!Object.keys(changes).length) return { id: input.id, version: current.version };
    const { count } = await tx.sentimentEntry.updateMany({
      where: { id: input.id, version: input.version, deletedAt: null, ...inTerritory(viewer) },
      data: {
        ...next,
        version: { increment: 1 },
        ...(current.dataState === "VERIFIED" ? { dataState: "ENTERED", verifiedById: null, verifiedAt: null } : {}),
      },
    });
    if (count === 0) throw new AppError("STALE");
    await recordEdit(tx, viewer, ENTITY.sentiment, input.id, current.gridId, changes);
    return { id: input.id, version: current.version + 1 };
  });
}

/** Moves the follow-up along (OPEN → FOLLOWING → RESOLVED, or back); not once converted. */
export async function setFollowUp(viewer: Viewer, input: FollowUpInput) {
  await authorize(viewer, "sentiments.edit");
  return db.$transaction(async (tx) => {
    const current = await tx.sentimentEntry.findFirst({
      where: { id: input.id, deletedAt: null, ...inTerritory(viewer) },
      select: { version: true, gridId: true, followUpStatus: true, followUpNote: true },
    });
    if (!current) throw notFound();
    if (current.version !== input.version) throw new AppError("STALE");
    if (current.followUpStatus === "CONVERTED") throw new AppError("CONFLICT", { key: "gridSentimentConverted" });
    const next = { followUpStatus: input.status, followUpNote: input.note };
    const changes = diffFields({ followUpStatus: current.followUpStatus, followUpNote: current.followUpNote }, next);
    if (!Object.keys(changes).length) return { id: input.id, version: current.version };
    const { count } = await tx.sentimentEntry.updateMany({
      where: { id: input.id, version: input.version, deletedAt: null, followUpStatus: { not: "CONVERTED" }, ...inTerritory(viewer) },
      data: { ...next, version: { increment: 1 } },
    });
    if (count === 0) throw new AppError("STALE");
    await recordHistory(tx, { entityType: ENTITY.sentiment, entityId: input.id, action: "UPDATE", gridId: current.gridId, actorId: viewer.id, changes });
    return { id: input.id, version: current.version + 1 };
  });
}

/**
 * For the dispatch module: marks an entry as turned into the event `eventId`, inside the
 * caller's transaction when one is given (so the event and the mark commit together).
 * Refuses an entry already converted (CONFLICT) and anything outside the viewer's
 * territory (NOT_FOUND). Returns what an event needs to start from.
 */
export async function markSentimentConverted(viewer: Viewer, input: { id: string; eventId: string }, tx?: Tx) {
  await authorize(viewer, "sentiments.convert");
  const run = async (t: Tx) => {
    const current = await t.sentimentEntry.findFirst({
      where: { id: input.id, deletedAt: null, ...inTerritory(viewer) },
      select: { id: true, gridId: true, kind: true, content: true, residentId: true, placeId: true, followUpStatus: true },
    });
    if (!current) throw notFound();
    if (current.followUpStatus === "CONVERTED") throw new AppError("CONFLICT", { key: "gridSentimentConverted" });
    const { count } = await t.sentimentEntry.updateMany({
      where: { id: input.id, deletedAt: null, followUpStatus: { not: "CONVERTED" }, ...inTerritory(viewer) },
      data: { followUpStatus: "CONVERTED", eventId: input.eventId, version: { increment: 1 } },
    });
    if (count === 0) throw new AppError("CONFLICT", { key: "gridSentimentConverted" });
    await recordHistory(t, {
      entityType: ENTITY.sentiment,
      entityId: input.id,
      action: "UPDATE",
      gridId: current.gridId,
      actorId: viewer.id,
      changes: { followUpStatus: [current.followUpStatus, "CONVERTED"], eventId: [null, input.eventId] },
    });
    const { followUpStatus: _status, ...entry } = current;
    return entry;
  };
  return tx ? run(tx) : db.$transaction(run);
}

export function verifySentiment(viewer: Viewer, input: VerifyInput) {
  return verifyRecord(viewer, "sentimentEntry", input);
}

export function deleteSentiment(viewer: Viewer, input: DeleteInput) {
  return deleteRecord(viewer, "sentimentEntry", "sentiments.edit", input);
}

/** Residents and places of a grid matching a name, to link an entry to. */
export async function searchLinkTargets(viewer: Viewer, input: { gridId: number; q: string }) {
  await authorize(viewer, "grid.view");
  const grid = await gridInScope(db, viewer, input.gridId);
  if (!input.q) return { residents: [], places: [] };
  const [residents, places] = await Promise.all([
    db.resident.findMany({
      where: { gridId: grid.id, deletedAt: null, name: contains(input.q), ...inTerritory(viewer) },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: 8,
      select: { id: true, name: true, house: { select: { address: true } } },
    }),
    db.place.findMany({
      where: { gridId: grid.id, deletedAt: null, name: contains(input.q), ...inTerritory(viewer) },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: 8,
      select: { id: true, name: true, address: true },
    }),
  ]);
  return {
    residents: residents.map((r) => ({ id: r.id, name: r.name, detail: r.house?.address ?? null })),
    places: places.map((p) => ({ id: p.id, name: p.name, detail: p.address })),
  };
}
