import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { dispatchConfig } from "@/lib/dispatch/config";
import type { Calendar } from "@/lib/dispatch/deadlines";
import { reportEvent } from "@/lib/dispatch/data";
import { centroid, type PolygonalGeometry } from "@/lib/geo";
import { ageOn, maskIdNumber, normalizeIdNumber } from "@/lib/id-number";
import { auditActor, type Viewer } from "@/lib/server/auth";
import { writeAudit } from "@/lib/server/audit";
import { lookupHash } from "@/lib/server/crypto";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import type { Db, Tx } from "@/lib/server/prisma";
import { inTerritory, unitsWithin } from "@/lib/server/scope";
import { runsCenter, type UnitLevel } from "./permissions";
import type { EventFields, VisitorRef } from "./schemas";

// What the center's data files share: the viewer's own center, the county's deadline
// settings and the holiday calendar, visitors, notifications, and dispatch events made
// from the center's records.

/** Transaction options: center writes are short, but some wait on dispatch's. */
export const TX = { maxWait: 15_000, timeout: 30_000 } as const;

export const PAGE = 30;

/** Records of centers inside the viewer's territory. */
export function centerScope(viewer: Pick<Viewer, "unitId">): { unit: Prisma.UnitWhereInput } {
  return { unit: unitsWithin(viewer) };
}

/** The viewer's county: the root of their unit's path. */
export function countyOf(viewer: Pick<Viewer, "unitPath" | "unitId">): number {
  return viewer.unitPath[0] ?? viewer.unitId;
}

/** The center the viewer works at: their own unit, when it is a county, township or community. */
export function ownCenter(viewer: Viewer): number {
  if (!runsCenter(viewer)) throw new AppError("FORBIDDEN", { key: "centerNoCenter" });
  return viewer.unitId;
}

/** A grid inside the viewer's territory, with a point inside it for dispatch events. */
export async function gridInScope(client: Db | Tx, viewer: Viewer, gridId: number) {
  const grid = await client.unit.findFirst({
    where: { id: gridId, level: "GRID", retiredAt: null, ...unitsWithin(viewer) },
    select: { id: true, name: true, centerLat: true, centerLng: true, boundary: true, pathIds: true },
  });
  if (!grid) throw new AppError("VALIDATION", { key: "centerGridNotInScope" }, { gridId: "validation.centerGridNotInScope" });
  return grid;
}

/** A point to place an event at: the grid's centre, else the centroid of its outline. */
function pointOf(grid: { centerLat: number | null; centerLng: number | null; boundary: unknown }): { lat: number; lng: number } {
  if (grid.centerLat !== null && grid.centerLng !== null) return { lat: grid.centerLat, lng: grid.centerLng };
  const g = grid.boundary as PolygonalGeometry | null;
  if (!g || (g.type !== "Polygon" && g.type !== "MultiPolygon")) throw new AppError("VALIDATION", { key: "centerGridNotInScope" }, { gridId: "validation.centerGridNotInScope" });
  const [lng, lat] = centroid(g);
  return { lat, lng };
}

/**
 * Creates a dispatch event for a center record through the dispatch module's own
 * `reportEvent`; `within` runs in that event's transaction, so the record's link and the
 * event commit together or not at all. The request key makes a retry return the event
 * already made.
 */
export async function createLinkedEvent(
  viewer: Viewer,
  input: EventFields & { requestKey: string; title: string; description: string; contactName?: string | null; contactPhone?: string | null },
  within: (tx: Tx, eventId: string) => Promise<void>,
): Promise<{ id: string; no: number; repeated?: boolean }> {
  const grid = await gridInScope(db, viewer, input.gridId);
  const { lat, lng } = pointOf(grid);
  return reportEvent(
    viewer,
    {
      requestKey: `${input.requestKey}-ev`,
      categoryId: input.categoryId,
      urgency: input.urgency,
      title: input.title.slice(0, 100),
      description: input.description.slice(0, 4000),
      lat,
      lng,
      gridId: grid.id,
      source: viewer.role === "CENTER_STAFF" ? "CENTER_INTAKE" : undefined,
      contactName: input.contactName ?? undefined,
      contactPhone: input.contactPhone?.replace(/[^0-9+\- ]/g, "").slice(0, 20) || undefined,
    },
    within,
  );
}

// --- settings and calendar ----------------------------------------------------------------

export interface CenterDeadlines {
  acceptAmount: number;
  acceptUnit: "DAY" | "WORKDAY" | "HOUR" | "WORKHOUR";
  handleAmount: number;
  handleUnit: "DAY" | "WORKDAY" | "HOUR" | "WORKHOUR";
  extensionMaxDays: number;
  judicialDays: number;
  whistleAmount: number;
  whistleUnit: "DAY" | "WORKDAY" | "HOUR" | "WORKHOUR";
  nearDays: number;
  version: number;
}

/** The statutory defaults: used until a county saves its own. */
export const DEFAULT_DEADLINES: CenterDeadlines = {
  acceptAmount: 15,
  acceptUnit: "DAY",
  handleAmount: 60,
  handleUnit: "DAY",
  extensionMaxDays: 30,
  judicialDays: 30,
  whistleAmount: 2,
  whistleUnit: "WORKHOUR",
  nearDays: 3,
  version: 0,
};

export async function deadlinesOf(client: Db | Tx, countyId: number): Promise<CenterDeadlines> {
  const row = await client.centerSettings.findUnique({
    where: { countyId },
    select: { acceptAmount: true, acceptUnit: true, handleAmount: true, handleUnit: true, extensionMaxDays: true, judicialDays: true, whistleAmount: true, whistleUnit: true, nearDays: true, version: true },
  });
  return row ?? DEFAULT_DEADLINES;
}

/** The holiday calendar: the dispatch module's (one calendar for the whole system). Inside a transaction, pass it. */
export async function calendar(tx?: Tx): Promise<Calendar> {
  return (await dispatchConfig(tx)).calendar;
}

// --- visitors ------------------------------------------------------------------------------

export interface ResolvedVisitor {
  id: string;
  name: string;
  residentId: string | null;
  /** Particulars for a dispute party, where the registry has them. */
  sex: "MALE" | "FEMALE" | null;
  ethnicity: string | null;
  age: number | null;
  occupation: string | null;
  address: string | null;
  phone: string | null;
}

async function visitorForResident(tx: Tx, viewer: Viewer, residentId: string): Promise<ResolvedVisitor> {
  const r = await tx.resident.findFirst({
    where: { id: residentId, deletedAt: null, ...inTerritory(viewer) },
    select: { id: true, name: true, idHash: true, idMasked: true, sex: true, ethnicity: true, birthDate: true, employment: true, house: { select: { address: true } } },
  });
  if (!r) throw new AppError("VALIDATION", { key: "centerVisitorNotFound" }, { visitor: "validation.centerVisitorNotFound" });
  const countyId = countyOf(viewer);
  let visitor = await tx.centerVisitor.findUnique({ where: { residentId: r.id }, select: { id: true, phone: true } });
  if (!visitor) {
    // Someone entered at the desk before they were registered: the same ID number joins them up.
    const earlier = await tx.centerVisitor.findUnique({ where: { countyId_idHash: { countyId, idHash: r.idHash } }, select: { id: true, residentId: true } });
    visitor = earlier && !earlier.residentId
      ? await tx.centerVisitor.update({ where: { id: earlier.id }, data: { residentId: r.id, name: r.name }, select: { id: true, phone: true } })
      : await tx.centerVisitor.create({ data: { countyId, residentId: r.id, name: r.name, idHash: r.idHash, idMasked: r.idMasked }, select: { id: true, phone: true } });
  }
  return {
    id: visitor.id,
    name: r.name,
    residentId: r.id,
    sex: r.sex,
    ethnicity: r.ethnicity,
    age: ageOn(r.birthDate.toISOString().slice(0, 10)),
    occupation: r.employment,
    address: r.house?.address ?? null,
    phone: visitor.phone,
  };
}

const plain = (v: { id: string; name: string; residentId: string | null; phone: string | null }): ResolvedVisitor => ({
  ...v,
  sex: null,
  ethnicity: null,
  age: null,
  occupation: null,
  address: null,
});

/**
 * The visitor a reference names, created when new: a resident of the viewer's territory, a
 * visitor seen before in the county, or someone entered at the desk. A new visitor with an
 * ID number of a registered resident (inside the territory) is that resident; with an ID
 * number or name and phone seen before, the earlier visitor.
 */
export async function resolveVisitor(tx: Tx, viewer: Viewer, ref: VisitorRef): Promise<ResolvedVisitor> {
  const countyId = countyOf(viewer);
  if (ref.source === "resident") return visitorForResident(tx, viewer, ref.residentId);
  if (ref.source === "visitor") {
    const v = await tx.centerVisitor.findFirst({ where: { id: ref.visitorId, countyId }, select: { id: true, name: true, residentId: true, phone: true } });
    if (!v) throw new AppError("VALIDATION", { key: "centerVisitorNotFound" }, { visitor: "validation.centerVisitorNotFound" });
    if (v.residentId) {
      const inside = await tx.resident.count({ where: { id: v.residentId, ...inTerritory(viewer) } });
      if (inside) return visitorForResident(tx, viewer, v.residentId);
    }
    return plain(v);
  }
  const idHash = ref.idNumber ? lookupHash(normalizeIdNumber(ref.idNumber)) : null;
  if (idHash) {
    const resident = await tx.resident.findFirst({ where: { idHash, deletedAt: null, ...inTerritory(viewer) }, select: { id: true } });
    if (resident) return visitorForResident(tx, viewer, resident.id);
    const known = await tx.centerVisitor.findUnique({ where: { countyId_idHash: { countyId, idHash } }, select: { id: true, name: true, residentId: true, phone: true } });
    if (known) {
      if (ref.phone && ref.phone !== known.phone) await tx.centerVisitor.update({ where: { id: known.id }, data: { phone: ref.phone } });
      return plain({ ...known, phone: ref.phone ?? known.phone });
    }
  } else if (ref.phone) {
    const known = await tx.centerVisitor.findFirst({ where: { countyId, name: ref.name, phone: ref.phone }, select: { id: true, name: true, residentId: true, phone: true } });
    if (known) return plain(known);
  }
  const created = await tx.centerVisitor.create({
    data: { countyId, name: ref.name, phone: ref.phone, idHash, idMasked: ref.idNumber ? maskIdNumber(normalizeIdNumber(ref.idNumber)) : null },
    select: { id: true, name: true, residentId: true, phone: true },
  });
  return plain(created);
}

/** Visitors whose records (intake, disputes, petitions) lie in the viewer's territory. */
export function visitorSeen(viewer: Viewer): Prisma.CenterVisitorWhereInput {
  const scope = centerScope(viewer);
  return {
    countyId: countyOf(viewer),
    OR: [
      { intakes: { some: scope } },
      { parties: { some: { dispute: scope } } },
      { petitions: { some: { petition: scope } } },
      { resident: inTerritory(viewer) },
    ],
  };
}

// --- notifications -----------------------------------------------------------------------

/**
 * Writes in-app notifications (lib/notifications reads them) in the caller's transaction:
 * to users of `roles` at the center's unit or above it, or to a department's staff whose
 * unit lies on that path. Never to the actor.
 */
export async function notifyCenter(
  tx: Tx,
  input: {
    kind: "highRisk" | "whistle" | "whistleReported" | "meetingInvite";
    href: string;
    unitId: number;
    actorId: string;
    params: { no: string | number; title: string; actor: string; comment?: string };
    roles?: string[];
    departmentId?: number;
    /** Several departments' staff at once (a meeting's invitations). */
    departmentIds?: number[];
    userIds?: string[];
  },
): Promise<number> {
  const unit = await tx.unit.findUnique({ where: { id: input.unitId }, select: { pathIds: true } });
  if (!unit) return 0;
  const who: Prisma.UserWhereInput[] = [];
  if (input.roles?.length) who.push({ role: { in: input.roles } });
  if (input.departmentId) who.push({ role: "DEPARTMENT_STAFF", departmentId: input.departmentId });
  if (input.departmentIds?.length) who.push({ role: "DEPARTMENT_STAFF", departmentId: { in: input.departmentIds } });
  const onPath: Prisma.UserWhereInput = { unitId: { in: unit.pathIds }, OR: who };
  const named: Prisma.UserWhereInput = { id: { in: input.userIds ?? [] } };
  if (!who.length && !input.userIds?.length) return 0;
  const users = await tx.user.findMany({
    where: { enabled: true, id: { not: input.actorId }, OR: [...(who.length ? [onPath] : []), ...(input.userIds?.length ? [named] : [])] },
    select: { id: true },
  });
  if (!users.length) return 0;
  const { count } = await tx.notification.createMany({
    data: users.map((u) => ({ userId: u.id, kind: `center.${input.kind}`, href: input.href, params: input.params })),
  });
  return count;
}

// --- small helpers ---------------------------------------------------------------------

/** One audit entry for a write, in the write's transaction. */
export async function audit(tx: Db | Tx, viewer: Viewer, action: string, targetType: string, targetId: string | number, details?: Prisma.InputJsonValue) {
  await writeAudit(tx, { ...auditActor(viewer), action: `center.${action}`, result: "success", targetType, targetId, details });
}

export function staleOrMissing(found: boolean): never {
  throw found ? new AppError("STALE") : notFound();
}

/** Names of users, for "registered by" lines. */
export async function userNames(ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((x): x is string => !!x))];
  if (!unique.length) return new Map();
  const rows = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, displayName: true } });
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

export function levelOf(level: string): UnitLevel {
  return level as UnitLevel;
}

export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === "P2002" || /Unique constraint/i.test((err as Error)?.message ?? "");
}
