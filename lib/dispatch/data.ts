import "server-only";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import { pointInPolygon, type PolygonalGeometry } from "@/lib/geo";
import { proposeRoute, responsibilityFor, routingAdvice } from "@/lib/admin/responsibilities-data";
import { markSentimentConverted } from "@/lib/grid/sentiments-data";
import { can } from "@/lib/permissions";
import { auditActor, authorize, type Viewer } from "@/lib/server/auth";
import { writeAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { attachStaged, withUploads } from "@/lib/server/files";
import { diffFields } from "@/lib/server/history";
import type { Tx } from "@/lib/server/prisma";
import { inTerritory, unitsWithin } from "@/lib/server/scope";
import { dispatchConfig, invalidateDispatchConfig, stageWindow, type DispatchConfig } from "./config";
import { lightOf, windowUntil, type DeadlineWindow } from "./deadlines";
import { afterCommit, mergeRecipients, notify } from "./effects";
import {
  actorOf,
  currentHandlers,
  deskOf,
  eventScope,
  eventStageOf,
  factsOf,
  feedbackAtCounty,
  holderFor,
  insertEntry,
  isUniqueViolation,
  levelUnits,
  raiseSupervision,
  stopDeadlines,
  taskFactsOf,
  transition,
  TX_OPTIONS,
} from "./engine";
import { seesInternal, sourcesFor } from "./permissions";
import type {
  AcceptInput,
  AnnotationInput,
  CalendarDayInput,
  CategoryInput,
  CloseInput,
  CloseLocalInput,
  ConvertSentimentInput,
  DecideExtensionInput,
  DispatchInput,
  EscalateInput,
  MergeInput,
  PassInput,
  RefuseInput,
  RejectInput,
  ReopenInput,
  ReportInput,
  RequestExtensionInput,
  ReturnToDeptInput,
  RuleInput,
  SuperviseInput,
  TaskAcceptInput,
  TaskCompleteInput,
  TaskProgressInput,
  TaskReturnInput,
  Worklist,
  WorklistQuery,
} from "./schemas";
import {
  availableActions,
  initialState,
  isOpenState,
  MAX_GRADE,
  rankOf,
  type EventSource,
  type EventState,
  type UnitLevel,
} from "./workflow";

// The dispatch module's reads and writes. Every exported function takes the viewer first,
// checks the role table and finds events only through `eventScope(viewer)`: an event of
// another territory (or, for department staff, one never dispatched to their department)
// is simply not found. Every change goes through `transition` (engine.ts).

export const PAGE_SIZE = 20;

// --- small shared reads ---------------------------------------------------------------

function isPolygonal(value: unknown): value is PolygonalGeometry {
  const g = value as { type?: string; coordinates?: unknown } | null;
  return !!g && (g.type === "Polygon" || g.type === "MultiPolygon") && Array.isArray(g.coordinates);
}

async function gridNames(ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.unit.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

function categoryLabel(config: DispatchConfig, id: number): { name: string; nameEn: string; parentName: string | null; parentNameEn: string | null } {
  const c = config.categories.get(id);
  const p = c?.parentId ? config.categories.get(c.parentId) : undefined;
  return { name: c?.name ?? "?", nameEn: c?.nameEn ?? "?", parentName: p?.name ?? null, parentNameEn: p?.nameEn ?? null };
}

/** The viewer's county: the root of their unit's path. */
function countyIdOf(viewer: Viewer): number {
  return viewer.unitPath[0] ?? viewer.unitId;
}

// --- the report form ---------------------------------------------------------------------

/** Everything the report form needs: categories, the grids the viewer may report in, sources. */
export async function getReportContext(viewer: Viewer) {
  await authorize(viewer, "dispatch.report");
  const config = await dispatchConfig();
  const grids = await db.unit.findMany({
    where: { ...unitsWithin(viewer), level: "GRID", retiredAt: null },
    select: { id: true, name: true, code: true, parentId: true, boundary: true },
    orderBy: { code: "asc" },
  });
  return {
    categories: categoryTree(config, true),
    grids: grids.filter((g) => isPolygonal(g.boundary)).map((g) => ({
      type: "Feature" as const,
      id: g.id,
      properties: { name: g.name, code: g.code, parentId: g.parentId },
      geometry: g.boundary as unknown,
    })),
    sources: sourcesFor(viewer.role),
    asksContact: viewer.role === "CENTER_STAFF",
  };
}

export function categoryTree(config: DispatchConfig, enabledOnly: boolean) {
  const all = [...config.categories.values()].filter((c) => !enabledOnly || c.enabled);
  return all
    .filter((c) => c.parentId === null)
    .map((top) => ({ ...top, children: all.filter((c) => c.parentId === top.id) }));
}

/**
 * The grid a point lies in, by point-in-polygon over the county's grids; `chosen` is a
 * correction by the reporter. Refuses points outside the county and grids outside the
 * viewer's territory.
 */
async function locate(viewer: Viewer, lat: number, lng: number, chosen: number | undefined) {
  const grids = await db.unit.findMany({
    where: { pathIds: { has: countyIdOf(viewer) }, level: "GRID", retiredAt: null },
    select: { id: true, name: true, boundary: true, pathIds: true },
  });
  const hits = grids.filter((g) => isPolygonal(g.boundary) && pointInPolygon(lng, lat, g.boundary));
  if (!hits.length) throw new AppError("VALIDATION", { key: "dispatchPointOutsideCounty" }, { lat: "validation.dispatchPointOutsideCounty" });
  const mine = (g: { pathIds: number[] }) => g.pathIds.includes(viewer.unitId);
  const auto = hits.find(mine) ?? hits[0];
  if (chosen !== undefined && chosen !== auto.id) {
    const grid = grids.find((g) => g.id === chosen && mine(g));
    if (!grid) throw new AppError("VALIDATION", { key: "dispatchGridNotInScope" }, { gridId: "validation.dispatchGridNotInScope" });
    return { grid, autoGridId: auto.id };
  }
  if (!mine(auto)) throw new AppError("VALIDATION", { key: "dispatchPointOutsideTerritory", values: { grid: auto.name } }, { lat: "validation.dispatchPointOutsideTerritory" });
  return { grid: auto, autoGridId: auto.id };
}

function leafCategory(config: DispatchConfig, categoryId: number) {
  const c = config.categories.get(categoryId);
  if (!c || !c.enabled || c.parentId === null) throw new AppError("VALIDATION", { key: "dispatchCategory" }, { categoryId: "validation.dispatchCategory" });
  return c;
}

type LinkRef = { kind: "RESIDENT" | "PLACE" | "FACILITY"; targetId: string };

/** Linked residents, places and objects must be live records in the viewer's territory. */
async function checkLinks(viewer: Viewer, links: LinkRef[] | undefined): Promise<LinkRef[]> {
  const unique = [...new Map((links ?? []).map((l) => [`${l.kind}:${l.targetId}`, l])).values()];
  const ids = (kind: LinkRef["kind"]) => unique.filter((l) => l.kind === kind).map((l) => l.targetId);
  const where = { deletedAt: null, ...inTerritory(viewer) };
  const [r, p, f] = await Promise.all([
    ids("RESIDENT").length ? db.resident.count({ where: { id: { in: ids("RESIDENT") }, ...where } }) : 0,
    ids("PLACE").length ? db.place.count({ where: { id: { in: ids("PLACE") }, ...where } }) : 0,
    ids("FACILITY").length ? db.facility.count({ where: { id: { in: ids("FACILITY") }, ...where } }) : 0,
  ]);
  if (r + p + f !== unique.length) throw new AppError("VALIDATION", { key: "dispatchLinkNotFound" }, { links: "validation.dispatchLinkNotFound" });
  return unique;
}

/** Residents, places and objects of the viewer's territory matching a name, to link to an event. */
export async function linkCandidates(viewer: Viewer, input: { gridId: number; q: string }) {
  await authorize(viewer, "dispatch.report");
  const q = input.q.trim();
  if (!q) return [];
  const where = { gridId: input.gridId, deletedAt: null, ...inTerritory(viewer), name: { contains: q } };
  const [residents, places, facilities] = await Promise.all([
    db.resident.findMany({ where, select: { id: true, name: true, idMasked: true }, take: 8, orderBy: { name: "asc" } }),
    db.place.findMany({ where, select: { id: true, name: true }, take: 8, orderBy: { name: "asc" } }),
    db.facility.findMany({ where, select: { id: true, name: true }, take: 8, orderBy: { name: "asc" } }),
  ]);
  return [
    ...residents.map((r) => ({ kind: "RESIDENT" as const, targetId: r.id, label: `${r.name} ${r.idMasked}` })),
    ...places.map((p) => ({ kind: "PLACE" as const, targetId: p.id, label: p.name })),
    ...facilities.map((f) => ({ kind: "FACILITY" as const, targetId: f.id, label: f.name })),
  ];
}

const DUPLICATE_DAYS = 7;
const DUPLICATE_METRES = 500;

function metresBetween(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
}

/** Likely duplicates: the same category within 500 m in the last 7 days, nearest first. */
export async function findDuplicates(viewer: Viewer, input: { categoryId: number; lat: number; lng: number; excludeId?: string }) {
  await authorize(viewer, "dispatch.view");
  const dLat = DUPLICATE_METRES / 111_000;
  const dLng = dLat / Math.max(0.2, Math.cos((input.lat * Math.PI) / 180));
  const rows = await db.event.findMany({
    where: {
      ...eventScope(viewer),
      categoryId: input.categoryId,
      reportedAt: { gte: new Date(Date.now() - DUPLICATE_DAYS * 86_400_000) },
      lat: { gte: input.lat - dLat, lte: input.lat + dLat },
      lng: { gte: input.lng - dLng, lte: input.lng + dLng },
      state: { notIn: ["MERGED", "REJECTED"] },
      ...(input.excludeId ? { id: { not: input.excludeId } } : {}),
    },
    select: { id: true, no: true, title: true, state: true, reportedAt: true, lat: true, lng: true },
    take: 50,
  });
  return rows
    .map(({ lat, lng, ...r }) => ({ ...r, metres: Math.round(metresBetween(input.lat, input.lng, lat, lng)) }))
    .filter((r) => r.metres <= DUPLICATE_METRES)
    .sort((a, b) => a.metres - b.metres)
    .slice(0, 5);
}

// --- creating events ---------------------------------------------------------------------

interface NewEvent {
  requestKey: string;
  source: EventSource;
  sourceRef?: string | null;
  categoryId: number;
  urgency: ReportInput["urgency"];
  title: string;
  description: string;
  lat: number;
  lng: number;
  gridId?: number;
  address?: string;
  contactName?: string;
  contactPhone?: string;
  links: LinkRef[];
  photos?: unknown[];
}

function sourceFor(viewer: Viewer, wanted: ReportInput["source"]): EventSource {
  const allowed = sourcesFor(viewer.role);
  if (wanted && !(allowed as readonly string[]).includes(wanted)) throw new AppError("VALIDATION", undefined, { source: "validation.dispatchSource" });
  return wanted ?? allowed[0];
}

async function findReported(viewer: Viewer, requestKey: string) {
  const row = await db.event.findUnique({ where: { reporterId_idempotencyKey: { reporterId: viewer.id, idempotencyKey: requestKey } }, select: { id: true, no: true } });
  return row ? { ...row, repeated: true } : null;
}

/**
 * Creates an event and its first timeline entry, deadline and notifications in one
 * transaction; `within` runs in that transaction too (turning a sentiment entry into this
 * event). The request key makes a double submit create one event.
 */
async function createEvent(viewer: Viewer, input: NewEvent, within?: (tx: Parameters<Parameters<typeof db.$transaction>[0]>[0], eventId: string) => Promise<void>) {
  const repeat = await findReported(viewer, input.requestKey);
  if (repeat) return repeat;
  const config = await dispatchConfig();
  leafCategory(config, input.categoryId);
  const { grid, autoGridId } = await locate(viewer, input.lat, input.lng, input.gridId);
  const links = await checkLinks(viewer, input.links);
  const state = initialState(viewer.role, viewer.unitLevel as UnitLevel);
  const units = await levelUnits(db, grid.id);
  const holder = holderFor(state, input.source, units);
  const now = new Date();
  const stage = eventStageOf(state)!;
  const window = stageWindow(config, { stage: stage.stage, holder: stage.holder, categoryId: input.categoryId, urgency: input.urgency }, now);
  const actor = actorOf(viewer);
  try {
    const created = await withUploads(input.photos, "photo", "photos", (staged) =>
      db.$transaction(async (tx) => {
        const event = await tx.event.create({
          data: {
            source: input.source,
            sourceRef: input.sourceRef ?? null,
            categoryId: input.categoryId,
            urgency: input.urgency,
            title: input.title,
            description: input.description,
            lat: input.lat,
            lng: input.lng,
            address: input.address || null,
            gridId: grid.id,
            autoGridId,
            holderUnitId: holder,
            state,
            rank: rankOf(0, input.urgency),
            dueAt: window.dueAt,
            warnAt: window.warnAt,
            reporterId: viewer.id,
            contactName: input.contactName || null,
            contactPhone: input.contactPhone || null,
            idempotencyKey: input.requestKey,
            reportedAt: now,
          },
          select: { id: true, no: true, title: true },
        });
        if (links.length) await tx.eventLink.createMany({ data: links.map((l) => ({ eventId: event.id, ...l })) });
        if (holder !== null) await tx.eventDeadline.create({ data: { eventId: event.id, stage: stage.stage, holder: stage.holder, holderId: holder, ...window } });
        const entryId = await insertEntry(tx, {
          eventId: event.id,
          gridId: grid.id,
          action: "report",
          actor,
          fromState: null,
          toState: state,
          data: { source: input.source, ...(autoGridId !== grid.id ? { autoGridId, gridId: grid.id } : {}) },
          at: now,
        });
        if (staged.length) await attachStaged(tx, staged, { ownerType: "event-entry", ownerId: String(entryId) }, viewer.id);
        await within?.(tx, event.id);
        await notify(tx, {
          kind: "assigned",
          eventId: event.id,
          gridId: grid.id,
          actorId: viewer.id,
          params: { no: event.no, title: event.title, actor: viewer.displayName },
          to: deskOf(state, input.source, units),
        });
        // Last: the audit chain's lock is held until the commit.
        await writeAudit(tx, {
          ...auditActor(viewer),
          action: "dispatch.report",
          result: "success",
          targetType: "event",
          targetId: event.id,
          details: { no: event.no, fromState: null, toState: state, taskId: null, taskToState: null, entryId: String(entryId) },
        });
        return { id: event.id, no: event.no };
      }, TX_OPTIONS),
    );
    afterCommit({ earliestDue: window.dueAt });
    return created;
  } catch (err) {
    // Two submits of one form racing each other: the other one created it.
    if (isUniqueViolation(err)) {
      const again = await findReported(viewer, input.requestKey);
      if (again) return again;
    }
    throw err;
  }
}

/**
 * Reports an event. `within` (governance center module) runs in the event's transaction,
 * so a center record and the event it made commit together.
 */
export async function reportEvent(viewer: Viewer, input: ReportInput, within?: (tx: Parameters<Parameters<typeof db.$transaction>[0]>[0], eventId: string) => Promise<void>) {
  await authorize(viewer, "dispatch.report");
  const source = sourceFor(viewer, input.source);
  return createEvent(
    viewer,
    {
      ...input,
      source,
      links: input.links ?? [],
      contactName: viewer.role === "CENTER_STAFF" ? input.contactName : undefined,
      contactPhone: viewer.role === "CENTER_STAFF" ? input.contactPhone : undefined,
    },
    within,
  );
}

/** The sentiment entry the "turn into an event" form starts from. */
export async function getSentimentForEvent(viewer: Viewer, sentimentId: string) {
  await authorize(viewer, "dispatch.report");
  const entry = await db.sentimentEntry.findFirst({
    where: { id: sentimentId, deletedAt: null, ...inTerritory(viewer) },
    select: { id: true, gridId: true, kind: true, content: true, followUpStatus: true, eventId: true, grid: { select: { name: true, centerLat: true, centerLng: true } } },
  });
  if (!entry) throw notFound();
  return entry;
}

/**
 * Turns a sentiment log entry into an event (source SENTIMENT): the event is created and
 * the entry marked CONVERTED by the grid module's own function in the same transaction,
 * so either both happen or neither.
 */
export async function convertSentiment(viewer: Viewer, input: ConvertSentimentInput) {
  await authorize(viewer, "dispatch.report");
  // Checked here too, before the transaction, so a refusal is recorded outside it.
  await authorize(viewer, "sentiments.convert");
  const repeat = await findReported(viewer, input.requestKey);
  if (repeat) return repeat;
  const entry = await db.sentimentEntry.findFirst({
    where: { id: input.sentimentId, deletedAt: null, ...inTerritory(viewer) },
    select: { id: true, gridId: true, content: true, residentId: true, placeId: true, followUpStatus: true },
  });
  if (!entry) throw notFound();
  if (entry.followUpStatus === "CONVERTED") throw new AppError("CONFLICT", { key: "gridSentimentConverted" });
  const links: LinkRef[] = [
    ...(entry.residentId ? [{ kind: "RESIDENT" as const, targetId: entry.residentId }] : []),
    ...(entry.placeId ? [{ kind: "PLACE" as const, targetId: entry.placeId }] : []),
  ];
  return createEvent(
    viewer,
    {
      requestKey: input.requestKey,
      source: "SENTIMENT",
      sourceRef: entry.id,
      categoryId: input.categoryId,
      urgency: input.urgency,
      title: input.title,
      description: input.description || entry.content,
      lat: input.lat,
      lng: input.lng,
      gridId: input.gridId ?? entry.gridId,
      links,
      photos: input.photos,
    },
    async (tx, eventId) => {
      await markSentimentConverted(viewer, { id: entry.id, eventId }, tx);
    },
  );
}

/**
 * Special projects hook: a campaign finding becomes an event (source PROJECT_FINDING,
 * sourceRef = the finding's id). `within` runs in the event's transaction, so the
 * projects module marks its finding converted together with the event, or not at all.
 * The caller (lib/projects/data.ts) has checked the finding is in the viewer's territory.
 */
export async function reportProjectFinding(
  viewer: Viewer,
  input: Omit<NewEvent, "source" | "contactName" | "contactPhone">,
  within: (tx: Parameters<Parameters<typeof db.$transaction>[0]>[0], eventId: string) => Promise<void>,
) {
  await authorize(viewer, "dispatch.report");
  return createEvent(viewer, { ...input, source: "PROJECT_FINDING" }, within);
}

// --- transitions ---------------------------------------------------------------------------

const scopeOf = (viewer: Viewer) => eventScope(viewer);

export async function escalateEvent(viewer: Viewer, input: EscalateInput) {
  await authorize(viewer, "dispatch.handleLocal");
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "escalate",
    direct: true,
    eventId: input.id,
    version: input.version,
    comment: input.comment,
    input: { direct: input.direct },
    plan: async ({ to, event, units }) => ({ data: input.direct ? { direct: true } : undefined, notices: [{ kind: "assigned", to: deskOf(to!, event.source, await units()), comment: input.comment }] }),
  });
}

/**
 * A community hands back a matter that its list of powers and responsibilities (权责清单)
 * does not include, with the reason (减负). It goes to the level the list names: the
 * center when that is the county (a county department's matter), the township otherwise.
 * Refused, naming the matter, when the community's list does include it.
 */
export async function refuseEvent(viewer: Viewer, input: RefuseInput) {
  await authorize(viewer, "dispatch.handleLocal");
  const found = await db.event.findFirst({ where: { id: input.id, ...scopeOf(viewer) }, select: { categoryId: true, gridId: true } });
  if (!found) throw notFound();
  const toCounty = (await proposeRoute(found.categoryId, { unitId: found.gridId }))?.level === "COUNTY";
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "refuse",
    eventId: input.id,
    version: input.version,
    comment: input.reason,
    input: { direct: toCounty },
    plan: async ({ tx, to, event, units }) => {
      // The list is read again in the transaction: it may have changed since.
      const own = await responsibilityFor(event.categoryId, "VILLAGE", { unitId: event.gridId, client: tx });
      if (own.listed) throw new AppError("CONFLICT", { key: "dispatchRefuseListed", values: { matter: own.items[0].matter } });
      const route = await proposeRoute(event.categoryId, { unitId: event.gridId, client: tx });
      if ((route?.level === "COUNTY") !== toCounty) throw new AppError("STALE");
      return {
        data: { refused: true, listLevel: route?.level ?? null, matters: route?.items.map((i) => i.matter).slice(0, 5) ?? [] },
        notices: [{ kind: "assigned", to: deskOf(to!, event.source, await units()), comment: input.reason }],
      };
    },
  });
}

export async function closeLocally(viewer: Viewer, input: CloseLocalInput) {
  await authorize(viewer, "dispatch.handleLocal");
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "closeLocal",
    direct: true,
    eventId: input.id,
    version: input.version,
    reply: input.reply,
    comment: input.comment,
    photos: input.photos,
    plan: async ({ event, units }) => ({
      notices: [{ kind: "result", to: mergeRecipients(deskOf("FEEDBACK", event.source, await units()), { users: [event.reporterId] }), comment: input.reply }],
    }),
  });
}

export async function acceptEvent(viewer: Viewer, input: AcceptInput) {
  await authorize(viewer, "dispatch.center");
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "accept",
    direct: true,
    eventId: input.id,
    version: input.version,
    comment: input.comment,
    internal: true,
    plan: async ({ event }) => ({ notices: [{ kind: "accepted", to: { users: [event.reporterId] } }] }),
  });
}

export async function rejectEvent(viewer: Viewer, input: RejectInput) {
  await authorize(viewer, "dispatch.center");
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "reject",
    direct: true,
    eventId: input.id,
    version: input.version,
    reply: input.reply,
    comment: input.comment,
    internal: true,
    plan: async ({ event }) => ({ notices: [{ kind: "rejected", to: { users: [event.reporterId] }, comment: input.reply }] }),
  });
}

export async function mergeEvent(viewer: Viewer, input: MergeInput) {
  await authorize(viewer, "dispatch.center");
  const actor = actorOf(viewer);
  return transition(actor, scopeOf(viewer), {
    action: "merge",
    eventId: input.id,
    version: input.version,
    comment: input.comment,
    internal: true,
    plan: async ({ tx, event, now }) => {
      const target = await tx.event.findFirst({ where: { no: input.intoNo, ...scopeOf(viewer) }, select: { id: true, no: true, state: true, gridId: true } });
      if (!target || target.id === event.id || target.state === "MERGED" || target.state === "REJECTED")
        throw new AppError("VALIDATION", { key: "dispatchMergeTarget" }, { intoNo: "validation.dispatchMergeTarget" });
      return {
        event: { mergedIntoId: target.id },
        data: { intoId: target.id, intoNo: target.no },
        notices: [{ kind: "rejected", to: { users: [event.reporterId] } }],
        after: async () => {
          // The original learns of its duplicate (an annotation, no state change).
          await insertEntry(tx, { eventId: target.id, gridId: target.gridId, action: "mergedIn", actor, fromState: target.state, toState: null, data: { fromId: event.id, fromNo: event.no }, internal: true, at: now });
        },
      };
    },
  });
}

export async function dispatchEvent(viewer: Viewer, input: DispatchInput) {
  await authorize(viewer, "dispatch.center");
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "dispatch",
    eventId: input.id,
    version: input.version,
    comment: input.comment,
    internal: true,
    needsTasks: true,
    plan: async ({ tx, event, tasks, now, config }) => {
      const co = [...new Set(input.coDepartmentIds ?? [])].filter((d) => d !== input.leadDepartmentId);
      const ids = [input.leadDepartmentId, ...co];
      const found = await tx.department.findMany({ where: { id: { in: ids }, enabled: true }, select: { id: true } });
      if (found.length !== ids.length) {
        const lead = found.some((d) => d.id === input.leadDepartmentId);
        throw new AppError("VALIDATION", { key: "dispatchUnknownDepartment" }, { [lead ? "coDepartmentIds" : "leadDepartmentId"]: "validation.dispatchUnknownDepartment" });
      }
      let handle: DeadlineWindow;
      if (input.dueAt) {
        if (input.dueAt.getTime() <= now.getTime()) throw new AppError("VALIDATION", { key: "dispatchDeadlinePast" }, { dueAt: "validation.dispatchDeadlinePast" });
        handle = windowUntil(now, input.dueAt, config.calendar);
      } else handle = stageWindow(config, { stage: "HANDLE", holder: "DEPARTMENT", categoryId: event.categoryId, urgency: event.urgency }, now);
      const acceptRule = stageWindow(config, { stage: "ACCEPT", holder: "DEPARTMENT", categoryId: event.categoryId, urgency: event.urgency }, now);
      // Accepting can never be due after the whole job is.
      const accept = acceptRule.dueAt > handle.dueAt ? windowUntil(now, handle.dueAt, config.calendar) : acceptRule;
      const round = tasks.reduce((m, t) => Math.max(m, t.round), 0) + 1;
      const rank = rankOf(event.superviseGrade, event.urgency);
      const created = await tx.dispatchTask.createManyAndReturn({
        data: ids.map((departmentId, i) => ({
          eventId: event.id,
          departmentId,
          isLead: i === 0,
          round,
          acceptDueAt: accept.dueAt,
          acceptWarnAt: accept.warnAt,
          dueAt: handle.dueAt,
          warnAt: handle.warnAt,
          eventNo: event.no,
          rank,
        })),
        select: { id: true, departmentId: true, isLead: true },
      });
      await tx.eventDeadline.createMany({
        data: created.flatMap((t) => [
          { eventId: event.id, taskId: t.id, stage: "ACCEPT" as const, holder: "DEPARTMENT" as const, holderId: t.departmentId, ...accept },
          { eventId: event.id, taskId: t.id, stage: "HANDLE" as const, holder: "DEPARTMENT" as const, holderId: t.departmentId, ...handle },
        ]),
      });
      return {
        event: { leadDepartmentId: input.leadDepartmentId },
        eventWindow: accept,
        data: { tasks: created.map((t) => ({ id: t.id, isLead: t.isLead, departmentId: t.departmentId })), dueAt: handle.dueAt.toISOString(), round },
        notices: [{ kind: "assigned", to: { departments: ids }, comment: input.comment }],
        earliestDue: accept.dueAt,
      };
    },
  });
}

export async function acceptTask(viewer: Viewer, input: TaskAcceptInput) {
  await authorize(viewer, "dispatch.task");
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "taskAccept",
    direct: true,
    taskId: input.taskId,
    version: input.version,
    comment: input.comment,
    internal: true,
    plan: async ({ task }) => (task!.isLead ? { eventWindow: { startsAt: new Date(), warnAt: task!.warnAt, dueAt: task!.dueAt } } : {}),
  });
}

export async function returnTask(viewer: Viewer, input: TaskReturnInput) {
  await authorize(viewer, "dispatch.task");
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "taskReturn",
    direct: true,
    taskId: input.taskId,
    version: input.version,
    comment: input.comment,
    needsTasks: true,
    plan: async ({ task }) => ({
      event: task!.isLead ? { leadDepartmentId: null } : undefined,
      data: { lead: task!.isLead },
      notices: [{ kind: "returned", to: { center: true }, comment: input.comment }],
    }),
  });
}

export async function addProgress(viewer: Viewer, input: TaskProgressInput) {
  await authorize(viewer, "dispatch.task");
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "taskProgress",
    direct: true,
    taskId: input.taskId,
    requestKey: input.requestKey,
    comment: input.comment,
    internal: true,
    photos: input.photos,
  });
}

export async function completeTask(viewer: Viewer, input: TaskCompleteInput) {
  await authorize(viewer, "dispatch.task");
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "taskComplete",
    direct: true,
    taskId: input.taskId,
    version: input.version,
    comment: input.result,
    internal: true,
    photos: input.photos,
    plan: async ({ task }) => ({ data: { lead: task!.isLead }, notices: [{ kind: "completed", to: { center: true }, comment: input.result }] }),
  });
}

export async function requestExtension(viewer: Viewer, input: RequestExtensionInput) {
  await authorize(viewer, "dispatch.task");
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "requestExtension",
    direct: true,
    taskId: input.taskId,
    version: input.version,
    comment: input.comment,
    internal: true,
    plan: async ({ task, now }) => {
      if (input.until.getTime() <= Math.max(now.getTime(), task!.dueAt.getTime()))
        throw new AppError("VALIDATION", { key: "dispatchExtensionTooEarly" }, { until: "validation.dispatchExtensionTooEarly" });
      return { task: { extensionUntil: input.until }, data: { until: input.until.toISOString() }, notices: [{ kind: "extension", to: { center: true }, comment: input.comment }] };
    },
  });
}

export async function decideExtension(viewer: Viewer, input: DecideExtensionInput) {
  await authorize(viewer, "dispatch.center");
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "decideExtension",
    taskId: input.taskId,
    version: input.version,
    comment: input.comment,
    internal: true,
    plan: async ({ tx, task, event, now, config }) => {
      const t = task!;
      const notices = [{ kind: "extensionDecided" as const, to: { departments: [t.departmentId] }, comment: input.comment }];
      if (!input.approve || !t.extensionUntil) return { task: { extensionUntil: null }, data: { approve: false }, notices };
      const until = t.extensionUntil;
      const running = await tx.eventDeadline.findFirst({ where: { taskId: t.id, stage: "HANDLE" }, orderBy: { startsAt: "desc" }, select: { startsAt: true } });
      const window = windowUntil(running?.startsAt ?? now, until, config.calendar);
      return {
        task: { extensionUntil: null, dueAt: until, warnAt: window.warnAt },
        eventWindow: t.isLead && event.state === "PROCESSING" ? window : undefined,
        data: { approve: true, until: until.toISOString() },
        notices,
        earliestDue: until,
        after: async () => {
          await stopDeadlines(tx, { taskId: t.id, stage: "HANDLE" }, "CANCELLED", now);
          await tx.eventDeadline.create({ data: { eventId: event.id, taskId: t.id, stage: "HANDLE", holder: "DEPARTMENT", holderId: t.departmentId, ...window } });
        },
      };
    },
  });
}

export async function passReview(viewer: Viewer, input: PassInput) {
  await authorize(viewer, "dispatch.center");
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "pass",
    direct: true,
    eventId: input.id,
    version: input.version,
    reply: input.reply,
    comment: input.comment,
    internal: true,
    needsTasks: true,
    plan: async ({ event, units }) => ({
      notices: [{ kind: "result", to: mergeRecipients(deskOf("FEEDBACK", event.source, await units()), { users: [event.reporterId] }), comment: input.reply }],
    }),
  });
}

export async function returnToDepartment(viewer: Viewer, input: ReturnToDeptInput) {
  await authorize(viewer, "dispatch.center");
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "returnToDept",
    eventId: input.id,
    version: input.version,
    comment: input.comment,
    needsTasks: true,
    plan: async ({ tx, tasks, event, now, config }) => {
      const lead = [...tasks].reverse().find((t) => t.isLead && t.state === "COMPLETED");
      if (!lead) throw new AppError("CONFLICT", { key: "dispatchNotAllowed", values: { state: event.state } });
      let window: DeadlineWindow;
      if (input.dueAt) {
        if (input.dueAt.getTime() <= now.getTime()) throw new AppError("VALIDATION", { key: "dispatchDeadlinePast" }, { dueAt: "validation.dispatchDeadlinePast" });
        window = windowUntil(now, input.dueAt, config.calendar);
      } else window = stageWindow(config, { stage: "HANDLE", holder: "DEPARTMENT", categoryId: event.categoryId, urgency: event.urgency }, now);
      return {
        eventWindow: window,
        data: { dueAt: window.dueAt.toISOString() },
        notices: [{ kind: "returned", to: { departments: [lead.departmentId] }, comment: input.comment }],
        earliestDue: window.dueAt,
        after: async () => {
          const { count } = await tx.dispatchTask.updateMany({
            where: { id: lead.id, version: lead.version, state: "COMPLETED" },
            data: { state: "IN_PROGRESS", version: { increment: 1 }, dueAt: window.dueAt, warnAt: window.warnAt },
          });
          if (count === 0) throw new AppError("STALE");
          await tx.eventDeadline.create({ data: { eventId: event.id, taskId: lead.id, stage: "HANDLE", holder: "DEPARTMENT", holderId: lead.departmentId, ...window } });
        },
      };
    },
  });
}

export async function closeEvent(viewer: Viewer, input: CloseInput) {
  await authorize(viewer, "dispatch.feedback");
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "close",
    direct: true,
    eventId: input.id,
    version: input.version,
    comment: input.comment,
    input: { rating: input.rating },
    plan: async () => ({ event: { rating: input.rating }, data: { rating: input.rating } }),
  });
}

export async function reopenEvent(viewer: Viewer, input: ReopenInput) {
  await authorize(viewer, "dispatch.feedback");
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "reopen",
    direct: true,
    eventId: input.id,
    version: input.version,
    comment: input.comment,
    input: { rating: input.rating },
    plan: async ({ to, event, units }) => ({
      event: { rating: input.rating, reopenCount: { increment: 1 }, ...(to === "ACCEPTED" ? { leadDepartmentId: null } : {}) },
      data: { rating: input.rating },
      notices: [{ kind: "assigned", to: deskOf(to!, event.source, await units()), comment: input.comment }],
    }),
  });
}

export async function urgeEvent(viewer: Viewer, input: AnnotationInput) {
  await authorize(viewer, "dispatch.urge");
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "urge",
    direct: true,
    eventId: input.id,
    requestKey: input.requestKey,
    comment: input.comment,
    needsTasks: true,
    plan: async (ctx) => ({ notices: [{ kind: "urged", to: currentHandlers(ctx), comment: input.comment }] }),
  });
}

export async function superviseEvent(viewer: Viewer, input: SuperviseInput) {
  await authorize(viewer, "dispatch.supervise");
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "supervise",
    eventId: input.id,
    requestKey: input.requestKey,
    comment: input.comment,
    input: { grade: input.grade },
    needsTasks: true,
    plan: async (ctx) => {
      const grade = Math.min(MAX_GRADE, input.grade);
      return {
        event: { superviseGrade: grade, rank: rankOf(grade, ctx.event.urgency) },
        eventOnlyIfGradeBelow: grade,
        data: { grade },
        notices: [{ kind: "supervised", to: currentHandlers(ctx), comment: input.comment }],
        after: (entryId) => raiseSupervision(ctx, grade, viewer.id, entryId),
      };
    },
  });
}

export async function instructEvent(viewer: Viewer, input: AnnotationInput) {
  await authorize(viewer, "dispatch.instruct");
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "instruct",
    direct: true,
    eventId: input.id,
    requestKey: input.requestKey,
    comment: input.comment,
    needsTasks: true,
    plan: async (ctx) => ({ notices: [{ kind: "instructed", to: mergeRecipients(currentHandlers(ctx), { center: true }), comment: input.comment }] }),
  });
}

export async function addNote(viewer: Viewer, input: AnnotationInput) {
  await authorize(viewer, "dispatch.note");
  return transition(actorOf(viewer), scopeOf(viewer), {
    action: "note",
    direct: true,
    eventId: input.id,
    requestKey: input.requestKey,
    comment: input.comment,
    internal: true,
  });
}

// --- worklists -------------------------------------------------------------------------

const LIST_FIELDS = {
  id: true,
  no: true,
  title: true,
  state: true,
  urgency: true,
  superviseGrade: true,
  categoryId: true,
  gridId: true,
  reportedAt: true,
  dueAt: true,
  warnAt: true,
  rank: true,
  source: true,
} satisfies Prisma.EventSelect;

function encodeCursor(parts: (number | string)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

function decodeCursor(cursor: string | undefined, length: number): number[] | null {
  if (!cursor) return null;
  try {
    const parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (!Array.isArray(parts) || parts.length !== length || !parts.every((p) => Number.isInteger(p))) return null;
    return parts as number[];
  } catch {
    return null;
  }
}

/** Rows after the cursor in ("rank" DESC, "no" DESC) order. */
function afterRank(cursor: number[] | null): Prisma.EventWhereInput {
  if (!cursor) return {};
  const [rank, no] = cursor;
  return { OR: [{ rank: { lt: rank } }, { rank, no: { lt: no } }] };
}

export interface WorklistItem {
  id: string;
  no: number;
  title: string;
  state: EventState;
  urgency: "NORMAL" | "URGENT" | "CRITICAL";
  superviseGrade: number;
  category: string;
  categoryEn: string;
  grid: string;
  reportedAt: Date;
  dueAt: Date | null;
  light: ReturnType<typeof lightOf>;
  task?: { id: string; state: string; isLead: boolean; extensionUntil: Date | null };
}

/** Where clause and order of each event worklist; null for the department task list. */
function listWhere(viewer: Viewer, list: Worklist, now: Date): { where: Prisma.EventWhereInput; byNo: boolean } | null {
  const scope = eventScope(viewer);
  const open = { isOpen: true, ...scope };
  switch (list) {
    case "toHandle":
      if (viewer.role === "GRID_WORKER") return { where: { ...open, holderUnitId: viewer.unitId, state: "REPORTED" }, byNo: false };
      return { where: { ...open, holderUnitId: viewer.unitId, state: { in: ["AT_COMMUNITY", "AT_TOWNSHIP"] } }, byNo: false };
    case "mine":
      return { where: open, byNo: false };
    case "toAccept":
      return { where: { ...open, state: "AT_CENTER" }, byNo: false };
    case "toDispatch":
      return { where: { ...open, state: "ACCEPTED" }, byNo: false };
    case "inProgress":
      return { where: { ...open, state: { in: ["DISPATCHED", "PROCESSING"] } }, byNo: false };
    case "review":
      return { where: { ...open, state: "REVIEW" }, byNo: false };
    case "extensions":
      return { where: { ...open, tasks: { some: { extensionUntil: { not: null } } } }, byNo: false };
    case "feedback":
      return { where: { ...open, state: "FEEDBACK", OR: [{ holderUnitId: viewer.unitId }, { reporterId: viewer.id }] }, byNo: false };
    case "overdue":
      if (viewer.role === "DEPARTMENT_STAFF") return null;
      return { where: { ...open, dueAt: { lt: now } }, byNo: false };
    case "supervised":
      return { where: { ...open, superviseGrade: { gt: 0 } }, byNo: false };
    case "reported":
      return { where: { ...scope, reporterId: viewer.id }, byNo: true };
    case "all":
      return { where: scope, byNo: true };
    case "tasks":
      return null;
  }
}

export async function listWorklist(viewer: Viewer, query: WorklistQuery): Promise<{ items: WorklistItem[]; nextCursor: string | null }> {
  await authorize(viewer, "dispatch.view");
  const now = new Date();
  const config = await dispatchConfig();
  if (viewer.role === "DEPARTMENT_STAFF" && query.list === "all") return listDepartmentEvents(viewer, query, now, config);
  const spec = listWhere(viewer, query.list, now);
  if (!spec) return listDepartmentTasks(viewer, query, now, config);
  const cursor = decodeCursor(query.cursor, spec.byNo ? 1 : 2);
  const where: Prisma.EventWhereInput = spec.byNo
    ? { AND: [spec.where, cursor ? { no: { lt: cursor[0] } } : {}] }
    : { AND: [spec.where, afterRank(cursor)] };
  const rows = await db.event.findMany({
    where,
    orderBy: spec.byNo ? [{ no: "desc" }] : [{ rank: "desc" }, { no: "desc" }],
    take: PAGE_SIZE + 1,
    select: LIST_FIELDS,
  });
  const page = rows.slice(0, PAGE_SIZE);
  const names = await gridNames(page.map((r) => r.gridId));
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      no: r.no,
      title: r.title,
      state: r.state,
      urgency: r.urgency,
      superviseGrade: r.superviseGrade,
      category: categoryLabel(config, r.categoryId).name,
      categoryEn: categoryLabel(config, r.categoryId).nameEn,
      grid: names.get(r.gridId) ?? "",
      reportedAt: r.reportedAt,
      dueAt: isOpenState(r.state) ? r.dueAt : null,
      light: isOpenState(r.state) ? lightOf(now, r.warnAt, r.dueAt) : "none",
    })),
    nextCursor: rows.length > PAGE_SIZE && last ? encodeCursor(spec.byNo ? [last.no] : [last.rank, last.no]) : null,
  };
}

/**
 * Every event ever dispatched to the viewer's department (in their territory), newest
 * first: driven from the department's tasks by number, so it reads a page of tasks
 * instead of probing the whole event table.
 */
async function listDepartmentEvents(viewer: Viewer, query: WorklistQuery, now: Date, config: DispatchConfig) {
  const cursor = decodeCursor(query.cursor, 1);
  const nos = await db.$queryRaw<{ no: number }[]>`
    SELECT t."eventNo" AS "no"
    FROM "DispatchTask" t
    JOIN "Event" e ON e."id" = t."eventId"
    JOIN "Unit" g ON g."id" = e."gridId"
    WHERE t."departmentId" = ${viewer.departmentId ?? -1} AND g."pathIds" @> ARRAY[${viewer.unitId}]::int[]
      ${cursor ? Prisma.sql`AND t."eventNo" < ${cursor[0]}` : Prisma.empty}
    GROUP BY t."eventNo"
    ORDER BY t."eventNo" DESC
    LIMIT ${PAGE_SIZE + 1}`;
  const page = nos.slice(0, PAGE_SIZE).map((r) => r.no);
  const rows = await db.event.findMany({ where: { no: { in: page } }, orderBy: { no: "desc" }, select: LIST_FIELDS });
  const names = await gridNames(rows.map((r) => r.gridId));
  return {
    items: rows.map((r) => ({
      id: r.id,
      no: r.no,
      title: r.title,
      state: r.state,
      urgency: r.urgency,
      superviseGrade: r.superviseGrade,
      category: categoryLabel(config, r.categoryId).name,
      categoryEn: categoryLabel(config, r.categoryId).nameEn,
      grid: names.get(r.gridId) ?? "",
      reportedAt: r.reportedAt,
      dueAt: isOpenState(r.state) ? r.dueAt : null,
      light: isOpenState(r.state) ? lightOf(now, r.warnAt, r.dueAt) : ("none" as const),
    })),
    nextCursor: nos.length > PAGE_SIZE ? encodeCursor([page.at(-1)!]) : null,
  };
}

const sqlTime = (d: Date) => Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

/**
 * A department's open tasks, in SQL of our own: the open states written as literals so
 * that the partial index (state IN ('PENDING', 'IN_PROGRESS')) applies, and a row-value
 * keyset. Scope: the viewer's department and territory.
 */
async function listDepartmentTasks(viewer: Viewer, query: WorklistQuery, now: Date, config: DispatchConfig) {
  const cursor = decodeCursor(query.cursor, 2);
  const found = await db.$queryRaw<{ id: string; eventId: string; state: string; isLead: boolean; rank: number; eventNo: number; acceptDueAt: Date; acceptWarnAt: Date; dueAt: Date; warnAt: Date; extensionUntil: Date | null }[]>`
    SELECT t."id", t."eventId", t."state"::text AS "state", t."isLead", t."rank", t."eventNo", t."acceptDueAt", t."acceptWarnAt", t."dueAt", t."warnAt", t."extensionUntil"
    FROM "DispatchTask" t
    JOIN "Event" e ON e."id" = t."eventId"
    JOIN "Unit" g ON g."id" = e."gridId"
    WHERE t."departmentId" = ${viewer.departmentId ?? -1} AND t."state" IN ('PENDING', 'IN_PROGRESS')
      AND g."pathIds" @> ARRAY[${viewer.unitId}]::int[]
      ${query.list === "overdue" ? Prisma.sql`AND ((t."state" = 'PENDING' AND t."acceptDueAt" < ${sqlTime(now)}) OR (t."state" = 'IN_PROGRESS' AND t."dueAt" < ${sqlTime(now)}))` : Prisma.empty}
      ${cursor ? Prisma.sql`AND (t."rank", t."eventNo") < (${cursor[0]}, ${cursor[1]})` : Prisma.empty}
    ORDER BY t."rank" DESC, t."eventNo" DESC
    LIMIT ${PAGE_SIZE + 1}`;
  const events = new Map(
    (await db.event.findMany({ where: { id: { in: found.slice(0, PAGE_SIZE).map((t) => t.eventId) } }, select: LIST_FIELDS })).map((e) => [e.id, e]),
  );
  const rows = found.map((t) => ({ ...t, event: events.get(t.eventId)! })).filter((t) => t.event);
  const page = rows.slice(0, PAGE_SIZE);
  const names = await gridNames(page.map((r) => r.event.gridId));
  const last = page.at(-1);
  return {
    items: page.map((t) => {
      const pending = t.state === "PENDING";
      const dueAt = pending ? t.acceptDueAt : t.dueAt;
      return {
        id: t.event.id,
        no: t.event.no,
        title: t.event.title,
        state: t.event.state,
        urgency: t.event.urgency,
        superviseGrade: t.event.superviseGrade,
        category: categoryLabel(config, t.event.categoryId).name,
        categoryEn: categoryLabel(config, t.event.categoryId).nameEn,
        grid: names.get(t.event.gridId) ?? "",
        reportedAt: t.event.reportedAt,
        dueAt,
        light: lightOf(now, pending ? t.acceptWarnAt : t.warnAt, dueAt),
        task: { id: t.id, state: t.state, isLead: t.isLead, extensionUntil: t.extensionUntil },
      };
    }),
    nextCursor: found.length > PAGE_SIZE && last ? encodeCursor([last.rank, last.eventNo]) : null,
  };
}

// --- the event ---------------------------------------------------------------------------

const DETAIL_FIELDS = {
  id: true,
  no: true,
  source: true,
  sourceRef: true,
  categoryId: true,
  urgency: true,
  title: true,
  description: true,
  lat: true,
  lng: true,
  address: true,
  gridId: true,
  autoGridId: true,
  holderUnitId: true,
  state: true,
  isOpen: true,
  version: true,
  superviseGrade: true,
  dueAt: true,
  warnAt: true,
  leadDepartmentId: true,
  reopenCount: true,
  rating: true,
  resolvedLevel: true,
  mergedIntoId: true,
  reporterId: true,
  contactName: true,
  contactPhone: true,
  reportedAt: true,
  closedAt: true,
} satisfies Prisma.EventSelect;

/** Entries the reporter's side never sees at all (working notes of the handlers). */
const INTERNAL_ONLY = new Set(["note", "taskProgress", "mergedIn"]);

export async function getEvent(viewer: Viewer, id: string) {
  await authorize(viewer, "dispatch.view");
  const event = await db.event.findFirst({ where: { id, ...eventScope(viewer) }, select: DETAIL_FIELDS });
  if (!event) throw notFound();
  const internal = seesInternal(viewer.role);
  const now = new Date();
  const config = await dispatchConfig();
  const departments = config.departments;
  // Everything else depends only on the event row: one round of queries side by side.
  const [entries, tasks, links, units, reporter, files, advice, mergedInto, duplicates] = await Promise.all([
    db.eventTimelineEntry.findMany({
      where: { eventId: id, ...(internal ? {} : { action: { notIn: [...INTERNAL_ONLY] } }) },
      orderBy: { id: "asc" },
      select: { id: true, taskId: true, action: true, actorName: true, actorRole: true, actorDepartmentId: true, fromState: true, toState: true, taskFromState: true, taskToState: true, comment: true, reply: true, internal: true, data: true, at: true },
    }),
    db.dispatchTask.findMany({
      where: { eventId: id },
      orderBy: [{ round: "asc" }, { createdAt: "asc" }],
      select: { id: true, departmentId: true, isLead: true, round: true, state: true, version: true, acceptDueAt: true, acceptWarnAt: true, dueAt: true, warnAt: true, extensionUntil: true },
    }),
    db.eventLink.findMany({ where: { eventId: id }, select: { kind: true, targetId: true } }),
    db.unit.findMany({
      where: { id: { in: [event.gridId, ...(event.holderUnitId ? [event.holderUnitId] : [])] } },
      select: { id: true, name: true, boundary: true, code: true, parentId: true, level: true },
    }),
    db.user.findUnique({ where: { id: event.reporterId }, select: { displayName: true } }),
    // The files of the event's entries (only those of entries shown are used below).
    db.$queryRaw<{ id: string; ownerId: string; fileName: string; mimeType: string; size: number }[]>`
      SELECT a."id", a."ownerId", a."fileName", a."mimeType", a."size" FROM "EventTimelineEntry" t
      JOIN "Attachment" a ON a."ownerType" = 'event-entry' AND a."ownerId" = t."id"::text
      WHERE t."eventId" = ${id}
      ORDER BY a."createdAt", a."id"`,
    // The list of powers and responsibilities: the level it names, the departments to
    // propose when dispatching, and whether the community may refuse the matter.
    routingAdvice(event.categoryId, { unitId: event.gridId }),
    event.mergedIntoId ? db.event.findFirst({ where: { id: event.mergedIntoId, ...eventScope(viewer) }, select: { id: true, no: true, title: true } }) : null,
    viewer.role === "CENTER_STAFF" && (event.state === "AT_CENTER" || event.state === "ACCEPTED")
      ? findDuplicates(viewer, { categoryId: event.categoryId, lat: event.lat, lng: event.lng, excludeId: event.id })
      : [],
  ]);
  const linkNames = await linkLabels(viewer, links);
  const grid = units.find((u) => u.id === event.gridId);
  const holder = units.find((u) => u.id === event.holderUnitId);
  const deptName = new Map(departments.map((d) => [d.id, d]));
  const facts = factsOf(event);
  const actions = availableActions(
    { id: viewer.id, role: viewer.role, unitId: viewer.unitId, departmentId: viewer.departmentId },
    facts,
    tasks.map(taskFactsOf),
    can,
  ).filter((a) => a.action !== "refuse" || !advice.villageListed);
  const category = categoryLabel(config, event.categoryId);
  return {
    ...event,
    contactPhone: internal ? event.contactPhone : null,
    category,
    // Dispatching proposes the county departments the list names, else the category's default.
    defaultDepartmentId: advice.leadDepartmentIds[0] ?? config.categories.get(event.categoryId)?.defaultDepartmentId ?? null,
    defaultCoDepartmentIds: [...advice.leadDepartmentIds.slice(1), ...advice.assistDepartmentIds],
    route: advice.route ? { level: advice.route.level, matters: advice.route.items.map((i) => i.matter) } : null,
    gridName: grid?.name ?? "",
    gridFeature: grid && isPolygonal(grid.boundary) ? { type: "Feature" as const, id: grid.id, properties: { name: grid.name, code: grid.code, parentId: grid.parentId }, geometry: grid.boundary as unknown } : null,
    holderName: holder?.name ?? null,
    reporterName: reporter?.displayName ?? "",
    light: event.isOpen ? lightOf(now, event.warnAt, event.dueAt) : "none",
    mergedInto,
    duplicates,
    links: linkNames,
    departments: departments.filter((d) => d.enabled).map(({ enabled: _e, ...d }) => d),
    /** Every department, disabled ones included, for names in the history. */
    allDepartments: departments,
    tasks: tasks.map((t) => {
      const pending = t.state === "PENDING";
      const open = pending || t.state === "IN_PROGRESS";
      return {
        ...t,
        department: deptName.get(t.departmentId)?.name ?? String(t.departmentId),
        departmentEn: deptName.get(t.departmentId)?.nameEn ?? String(t.departmentId),
        light: open ? lightOf(now, pending ? t.acceptWarnAt : t.warnAt, pending ? t.acceptDueAt : t.dueAt) : "none",
      };
    }),
    timeline: entries.map((e) => ({
      ...e,
      id: String(e.id),
      // The reporter's side sees what happened and the replies, not the working comments.
      comment: e.internal && !internal ? null : e.comment,
      department: e.actorDepartmentId ? (deptName.get(e.actorDepartmentId)?.name ?? null) : null,
      files: files.filter((f) => f.ownerId === String(e.id)).map(({ ownerId: _o, ...f }) => f),
    })),
    actions,
    seesInternal: internal,
  };
}

async function linkLabels(viewer: Viewer, links: { kind: string; targetId: string }[]) {
  if (!links.length) return [];
  const ids = (kind: string) => links.filter((l) => l.kind === kind).map((l) => l.targetId);
  const where = inTerritory(viewer);
  const [residents, places, facilities] = await Promise.all([
    ids("RESIDENT").length ? db.resident.findMany({ where: { id: { in: ids("RESIDENT") }, ...where }, select: { id: true, name: true } }) : [],
    ids("PLACE").length ? db.place.findMany({ where: { id: { in: ids("PLACE") }, ...where }, select: { id: true, name: true } }) : [],
    ids("FACILITY").length ? db.facility.findMany({ where: { id: { in: ids("FACILITY") }, ...where }, select: { id: true, name: true } }) : [],
  ]);
  const name = new Map([...residents, ...places, ...facilities].map((r) => [r.id, r.name]));
  return links.filter((l) => name.has(l.targetId)).map((l) => ({ ...l, label: name.get(l.targetId)! }));
}

/** An attachment of an event the viewer may see (for the download route). */
export async function getEventAttachment(viewer: Viewer, attachmentId: string) {
  await authorize(viewer, "dispatch.view");
  const att = await db.attachment.findUnique({ where: { id: attachmentId }, select: { id: true, ownerType: true, ownerId: true, fileName: true, mimeType: true, size: true, sha256: true } });
  if (!att || att.ownerType !== "event-entry" || !/^\d+$/.test(att.ownerId)) throw notFound();
  const entry = await db.eventTimelineEntry.findFirst({
    where: { id: BigInt(att.ownerId), event: eventScope(viewer) },
    select: { action: true, internal: true },
  });
  if (!entry || (!seesInternal(viewer.role) && INTERNAL_ONLY.has(entry.action))) throw notFound();
  return att;
}

// --- the board ---------------------------------------------------------------------------

const BOARD_COLUMNS: { key: string; states: EventState[] }[] = [
  { key: "toAccept", states: ["AT_CENTER"] },
  { key: "toDispatch", states: ["ACCEPTED"] },
  { key: "inProgress", states: ["DISPATCHED", "PROCESSING"] },
  { key: "review", states: ["REVIEW"] },
  { key: "feedback", states: ["FEEDBACK"] },
];
const BOARD_ROWS = 12;

/**
 * A cheap token that changes whenever any event of the viewer's county changes: the
 * newest timeline entry's id, from the database, so every app instance agrees.
 */
export async function changeToken(viewer: Viewer): Promise<string> {
  await authorize(viewer, "dispatch.board");
  const rows = await db.$queryRaw<{ id: bigint | null }[]>`SELECT max("id") AS "id" FROM "EventTimelineEntry" WHERE "countyId" = ${countyIdOf(viewer)}`;
  return String(rows[0]?.id ?? 0);
}

type BoardRow = Prisma.EventGetPayload<{ select: typeof LIST_FIELDS }>;
interface BoardData {
  token: string;
  loadedAt: number;
  counts: { state: EventState; open: number; overdue: number; supervised: number }[];
  columns: BoardRow[][];
  names: Map<number, string>;
}

// The board's numbers, per scope, kept as long as the county's change token does not move
// (and at most BOARD_REUSE_MS, since a deadline passing changes "overdue" before the timer
// writes its entry). The token is read from the database on every call, so every app
// instance notices every change; this only spares re-counting when nothing changed.
const BOARD_REUSE_MS = 10_000;
const boardCache = new Map<string, BoardData>();

async function loadBoard(viewer: Viewer, token: string): Promise<BoardData> {
  const key = `${viewer.role}:${viewer.unitId}:${viewer.departmentId ?? ""}`;
  const hit = boardCache.get(key);
  if (hit && hit.token === token && Date.now() - hit.loadedAt < BOARD_REUSE_MS) return hit;
  const scope = eventScope(viewer);
  const now = new Date();
  const deptScope = viewer.role === "DEPARTMENT_STAFF"
    ? Prisma.sql`AND EXISTS (SELECT 1 FROM "DispatchTask" t WHERE t."eventId" = e."id" AND t."departmentId" = ${viewer.departmentId ?? -1})`
    : Prisma.empty;
  // One pass over the open events of the scope for all the numbers.
  const [counts, columns] = await Promise.all([
    db.$queryRaw<{ state: EventState; open: number; overdue: number; supervised: number }[]>`
      SELECT e."state"::text AS "state", count(*)::int AS "open",
        (count(*) FILTER (WHERE e."dueAt" < ${sqlTime(now)}))::int AS "overdue",
        (count(*) FILTER (WHERE e."superviseGrade" > 0))::int AS "supervised"
      FROM "Event" e JOIN "Unit" g ON g."id" = e."gridId"
      WHERE e."isOpen" AND g."pathIds" @> ARRAY[${viewer.unitId}]::int[] ${deptScope}
      GROUP BY e."state"`,
    Promise.all(
      BOARD_COLUMNS.map((c) =>
        db.event.findMany({ where: { isOpen: true, state: { in: c.states }, ...scope }, orderBy: [{ rank: "desc" }, { no: "desc" }], take: BOARD_ROWS, select: LIST_FIELDS }),
      ),
    ),
  ]);
  const data: BoardData = { token, loadedAt: Date.now(), counts, columns, names: await gridNames(columns.flat().map((r) => r.gridId)) };
  boardCache.set(key, data);
  if (boardCache.size > 500) boardCache.delete(boardCache.keys().next().value!);
  return data;
}

export async function getBoard(viewer: Viewer) {
  await authorize(viewer, "dispatch.board");
  const now = new Date();
  const config = await dispatchConfig();
  const token = await changeToken(viewer);
  const { counts, columns, names } = await loadBoard(viewer, token);
  const byState = new Map(counts.map((c) => [c.state, c.open]));
  return {
    token,
    at: now,
    overdue: counts.reduce((s, c) => s + c.overdue, 0),
    supervised: counts.reduce((s, c) => s + c.supervised, 0),
    open: counts.reduce((s, c) => s + c.open, 0),
    columns: BOARD_COLUMNS.map((c, i) => ({
      key: c.key,
      count: c.states.reduce((s, st) => s + (byState.get(st) ?? 0), 0),
      items: columns[i].map((r) => ({
        id: r.id,
        no: r.no,
        title: r.title,
        state: r.state,
        urgency: r.urgency,
        superviseGrade: r.superviseGrade,
        category: categoryLabel(config, r.categoryId).name,
        categoryEn: categoryLabel(config, r.categoryId).nameEn,
        grid: names.get(r.gridId) ?? "",
        dueAt: r.dueAt,
        // Lights follow the clock, not the cache.
        light: lightOf(now, r.warnAt, r.dueAt),
      })),
    })),
  };
}

// --- settings -----------------------------------------------------------------------------

export async function getSettings(viewer: Viewer, year: number) {
  await authorize(viewer, "dispatch.configure");
  invalidateDispatchConfig();
  const config = await dispatchConfig();
  const [departments, days] = await Promise.all([
    db.department.findMany({ select: { id: true, name: true, nameEn: true, enabled: true }, orderBy: { sortOrder: "asc" } }),
    db.workCalendarDay.findMany({
      where: { date: { gte: new Date(`${year}-01-01T00:00:00Z`), lt: new Date(`${year + 1}-01-01T00:00:00Z`) } },
      orderBy: { date: "asc" },
      select: { date: true, kind: true, name: true },
    }),
  ]);
  return {
    categories: categoryTree(config, false),
    rules: config.rules,
    departments,
    days: days.map((d) => ({ date: d.date.toISOString().slice(0, 10), kind: d.kind, name: d.name })),
  };
}

const CATEGORY_FIELDS = { parentId: true, code: true, name: true, nameEn: true, defaultDepartmentId: true, sortOrder: true, enabled: true } as const;
const RULE_FIELDS = { stage: true, holder: true, categoryId: true, urgency: true, amount: true, unit: true, enabled: true } as const;

/**
 * A settings change's audit entry, written in the change's own transaction: who (with the
 * role as assigned, custom roles included), and the fields changed as { field: [old, new] }.
 */
async function audited(tx: Tx, viewer: Viewer, action: string, targetType: string, targetId: string | number, details: Record<string, unknown>) {
  await writeAudit(tx, { ...auditActor(viewer), action, result: "success", targetType, targetId, details: details as Prisma.InputJsonValue });
}

export async function saveCategory(viewer: Viewer, input: CategoryInput) {
  await authorize(viewer, "dispatch.configure");
  const config = await dispatchConfig();
  if (input.parentId !== null) {
    const parent = config.categories.get(input.parentId);
    // Two levels: a parent must itself be top-level, and a category with children stays top-level.
    if (!parent || parent.parentId !== null || parent.id === input.id) throw new AppError("VALIDATION", { key: "dispatchCategoryParent" }, { parentId: "validation.dispatchCategoryParent" });
    if (input.id && [...config.categories.values()].some((c) => c.parentId === input.id))
      throw new AppError("VALIDATION", { key: "dispatchCategoryParent" }, { parentId: "validation.dispatchCategoryParent" });
  }
  if (input.defaultDepartmentId !== null && !(await db.department.findUnique({ where: { id: input.defaultDepartmentId }, select: { id: true } })))
    throw new AppError("VALIDATION", { key: "dispatchUnknownDepartment" }, { defaultDepartmentId: "validation.dispatchUnknownDepartment" });
  const data = {
    parentId: input.parentId,
    code: input.code,
    name: input.name,
    nameEn: input.nameEn,
    defaultDepartmentId: input.defaultDepartmentId,
    sortOrder: input.sortOrder,
    enabled: input.enabled,
  };
  try {
    const id = await db.$transaction(async (tx) => {
      if (!input.id) {
        const created = await tx.eventCategory.create({ data, select: { id: true } });
        await audited(tx, viewer, "dispatch.category.create", "eventCategory", created.id, data);
        return created.id;
      }
      const before = await tx.eventCategory.findUnique({ where: { id: input.id }, select: CATEGORY_FIELDS });
      if (!before) throw notFound();
      const changes = diffFields(before, data);
      if (Object.keys(changes).length === 0) return input.id;
      const { count } = await tx.eventCategory.updateMany({ where: { id: input.id, version: input.version ?? -1 }, data: { ...data, version: { increment: 1 } } });
      if (count === 0) throw new AppError("STALE");
      await audited(tx, viewer, "dispatch.category.update", "eventCategory", input.id, { code: before.code, changes });
      return input.id;
    });
    invalidateDispatchConfig();
    return { id };
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("CONFLICT", { key: "dispatchCategoryCode" }, { code: "validation.dispatchCategoryCode" });
    throw err;
  }
}

export async function saveRule(viewer: Viewer, input: RuleInput) {
  await authorize(viewer, "dispatch.configure");
  if (input.categoryId !== null && !(await dispatchConfig()).categories.has(input.categoryId))
    throw new AppError("VALIDATION", { key: "dispatchCategory" }, { categoryId: "validation.dispatchCategory" });
  const data = { stage: input.stage, holder: input.holder, categoryId: input.categoryId, urgency: input.urgency, amount: input.amount, unit: input.unit, enabled: input.enabled };
  const id = await db.$transaction(async (tx) => {
    if (!input.id) {
      const created = await tx.deadlineRule.create({ data, select: { id: true } });
      await audited(tx, viewer, "dispatch.rule.create", "deadlineRule", created.id, data);
      return created.id;
    }
    const before = await tx.deadlineRule.findUnique({ where: { id: input.id }, select: RULE_FIELDS });
    if (!before) throw notFound();
    const changes = diffFields(before, data);
    if (Object.keys(changes).length === 0) return input.id;
    await tx.deadlineRule.update({ where: { id: input.id }, data: { ...data, version: { increment: 1 } } });
    await audited(tx, viewer, "dispatch.rule.update", "deadlineRule", input.id, { changes });
    return input.id;
  });
  invalidateDispatchConfig();
  return { id };
}

export async function deleteRule(viewer: Viewer, input: { id: number }) {
  await authorize(viewer, "dispatch.configure");
  await db.$transaction(async (tx) => {
    const before = await tx.deadlineRule.findUnique({ where: { id: input.id }, select: RULE_FIELDS });
    if (!before) throw notFound();
    await tx.deadlineRule.delete({ where: { id: input.id } });
    await audited(tx, viewer, "dispatch.rule.delete", "deadlineRule", input.id, { before });
  });
  invalidateDispatchConfig();
  return { id: input.id };
}

/**
 * Marks a day of the calendar year being edited as a holiday or a make-up working day,
 * or (kind null) back to an ordinary day. A date outside that year is refused.
 */
export async function setCalendarDay(viewer: Viewer, input: CalendarDayInput) {
  await authorize(viewer, "dispatch.configure");
  if (!input.date.startsWith(`${input.year}-`))
    throw new AppError("VALIDATION", { key: "dispatchCalendarYear", values: { date: input.date, year: input.year } }, { date: "validation.dispatchCalendarYear" });
  const date = new Date(`${input.date}T00:00:00Z`);
  const name = input.kind === null ? null : input.name || (input.kind === "HOLIDAY" ? "假日" : "调休上班");
  await db.$transaction(async (tx) => {
    const before = await tx.workCalendarDay.findUnique({ where: { date }, select: { kind: true, name: true } });
    if ((before?.kind ?? null) === input.kind && (before?.name ?? null) === name) return;
    if (input.kind === null) await tx.workCalendarDay.delete({ where: { date } });
    else await tx.workCalendarDay.upsert({ where: { date }, create: { date, kind: input.kind, name: name! }, update: { kind: input.kind, name: name! } });
    await audited(tx, viewer, "dispatch.calendar.set", "workCalendarDay", input.date, {
      changes: diffFields({ kind: before?.kind ?? null, name: before?.name ?? null }, { kind: input.kind, name }),
    });
  });
  invalidateDispatchConfig();
  return { date: input.date };
}
