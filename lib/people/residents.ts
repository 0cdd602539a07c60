import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { ageOn, maskIdNumber, normalizeIdNumber, parseIdNumber } from "@/lib/id-number";
import { maskPhone } from "@/lib/phone";
import { writeAudit } from "@/lib/server/audit";
import { authorize, type Viewer } from "@/lib/server/auth";
import { decryptSecret, encryptSecret, lookupHash } from "@/lib/server/crypto";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { diffFields, recordHistory } from "@/lib/server/history";
import type { Tx } from "@/lib/server/prisma";
import { inTerritory } from "@/lib/server/scope";
import { readSetting } from "@/lib/settings/store";
import { nextVisitDue } from "@/lib/visit-schedule";
import { personHouseholdState, registeredHereFor, stateFlags, TIER_RANK } from "./rules";
import type { ResidentFilter, ResidentInput, UpdateResidentInput } from "./schemas";
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

// Residents (实有人口). ID numbers are stored encrypted with a keyed hash for lookups and
// county-wide uniqueness; lists and details carry only the masked forms, and never the
// birth date either: with the masked number it would give the whole number away.

const LIST_SELECT = {
  id: true,
  name: true,
  idMasked: true,
  phoneMasked: true,
  sex: true,
  birthDate: true,
  ethnicity: true,
  residenceType: true,
  registeredHere: true,
  livesHere: true,
  relationToHead: true,
  dataState: true,
  deletedAt: true,
  gridId: true,
  grid: { select: { name: true } },
  house: { select: { id: true, address: true } },
  household: { select: { id: true, householdNo: true } },
  tags: { select: { careLevel: true, tag: { select: { id: true, name: true, nameEn: true } } }, orderBy: { tagId: "asc" } },
} satisfies Prisma.ResidentSelect;

type ListRow = Prisma.ResidentGetPayload<{ select: typeof LIST_SELECT }>;

function present(r: ListRow) {
  const { birthDate, ...rest } = r;
  return {
    ...rest,
    age: ageOn(birthDate.toISOString().slice(0, 10)),
    state: personHouseholdState(r.registeredHere, r.livesHere),
    tags: r.tags.map((t) => ({ id: t.tag.id, name: t.tag.name, nameEn: t.tag.nameEn, careLevel: t.careLevel })),
  };
}
export type ResidentListItem = ReturnType<typeof present>;

const ID_LIKE = /^\d{17}[\dXx]$/;
const PHONE_LIKE = /^1\d{10}$/;

/** The where of a filtered resident list (also used by exports). */
export function residentWhere(viewer: Viewer, f: Omit<ResidentFilter, "cursor">): Prisma.ResidentWhereInput {
  const where: Prisma.ResidentWhereInput = { ...scopeWhere(viewer, f.unitId ?? f.gridId), deletedAt: f.deleted ? { not: null } : null };
  const q = f.q?.trim();
  if (q) {
    // A full ID number is found through its hash, a mobile number exactly, anything else
    // as a name prefix (served by the text_pattern_ops index).
    if (ID_LIKE.test(q)) where.idHash = lookupHash(normalizeIdNumber(q));
    else if (PHONE_LIKE.test(q)) where.phone = q;
    else where.name = { startsWith: q };
  }
  if (f.tagId) where.tags = { some: { tagId: f.tagId } };
  if (f.residenceType) where.residenceType = f.residenceType;
  if (f.state) Object.assign(where, stateFlags(f.state));
  if (f.dataState) where.dataState = f.dataState;
  if (f.householdId) where.householdId = f.householdId;
  return where;
}

/** One page of residents in (name, id) order, and how many match in all. */
export async function listResidents(viewer: Viewer, f: ResidentFilter) {
  await authorize(viewer, "people.view");
  const where = residentWhere(viewer, f);
  const cursor = decodeCursor(f.cursor);
  const page: Prisma.ResidentWhereInput = cursor
    ? { AND: [where, { OR: [{ name: { gt: cursor.key } }, { name: cursor.key, id: { gt: cursor.id } }] }] }
    : where;
  const [rows, total] = await Promise.all([
    db.resident.findMany({ where: page, select: LIST_SELECT, orderBy: [{ name: "asc" }, { id: "asc" }], take: PAGE_SIZE + 1 }),
    db.resident.count({ where, take: COUNT_CAP + 1 }),
  ]);
  const { items, nextCursor } = pageOf(rows, (r) => r.name);
  return { items: items.map(present), nextCursor, ...cappedTotal(total) };
}

const DETAIL_SELECT = {
  ...LIST_SELECT,
  employment: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  createdById: true,
  verifiedById: true,
  verifiedAt: true,
  deleteReason: true,
  householdId: true,
  houseId: true,
} satisfies Prisma.ResidentSelect;

export async function getResident(viewer: Viewer, id: string) {
  await authorize(viewer, "people.view");
  const r = await db.resident.findFirst({ where: { id, ...inTerritory(viewer) }, select: DETAIL_SELECT });
  if (!r) throw new AppError("NOT_FOUND");
  const [history, people, members] = await Promise.all([
    historyOf(ENTITY.resident, id),
    db.user.findMany({ where: { id: { in: [r.createdById, r.verifiedById].filter((x): x is string => !!x) } }, select: { id: true, displayName: true } }),
    r.householdId
      ? db.resident.findMany({
          where: { householdId: r.householdId, deletedAt: null, id: { not: id }, ...inTerritory(viewer) },
          select: { id: true, name: true, relationToHead: true, idMasked: true },
          orderBy: [{ relationToHead: "asc" }, { name: "asc" }],
          take: 50,
        })
      : [],
  ]);
  const name = new Map(people.map((u) => [u.id, u.displayName]));
  const { createdById, verifiedById, ...rest } = r;
  return {
    ...present(rest),
    employment: rest.employment,
    version: rest.version,
    createdAt: rest.createdAt,
    updatedAt: rest.updatedAt,
    verifiedAt: rest.verifiedAt,
    deleteReason: rest.deleteReason,
    householdId: rest.householdId,
    houseId: rest.houseId,
    createdByName: createdById ? (name.get(createdById) ?? null) : null,
    verifiedByName: verifiedById ? (name.get(verifiedById) ?? null) : null,
    createdByViewer: createdById === viewer.id,
    members,
    history,
  };
}
export type ResidentDetail = Awaited<ReturnType<typeof getResident>>;

/**
 * Where an ID number is already registered, as far as the viewer may know: inside their
 * territory they get the record; outside it only the county and township that hold it, so
 * they can ask for a move without learning who the person is.
 */
export async function lookupIdNumber(viewer: Viewer, idNumber: string) {
  await authorize(viewer, "people.edit");
  return describeExisting(db, viewer, lookupHash(idNumber));
}

type Existing =
  | { status: "free" }
  | { status: "here"; id: string; name: string; deleted: boolean }
  | { status: "elsewhere"; place: string };

async function describeExisting(client: Tx | typeof db, viewer: Viewer, idHash: string, exceptId?: string): Promise<Existing> {
  const found = await client.resident.findUnique({
    where: { idHash },
    select: { id: true, name: true, deletedAt: true, grid: { select: { pathIds: true } } },
  });
  if (!found || found.id === exceptId) return { status: "free" };
  if (found.grid.pathIds.includes(viewer.unitId)) return { status: "here", id: found.id, name: found.name, deleted: !!found.deletedAt };
  const units = await client.unit.findMany({
    where: { id: { in: found.grid.pathIds }, level: { in: ["COUNTY", "TOWNSHIP"] } },
    select: { name: true, depth: true },
    orderBy: { depth: "asc" },
  });
  await writeAudit(client, {
    action: "resident.lookupElsewhere",
    result: "success",
    userId: viewer.id,
    username: viewer.username,
    role: viewer.role,
    ip: viewer.ip,
    targetType: "resident",
    targetId: found.id,
  });
  return { status: "elsewhere", place: units.map((u) => u.name).join(" ") };
}

/** Refuses an ID number registered anywhere in the county (or beyond), naming where. */
async function assertNotRegistered(tx: Tx, viewer: Viewer, idHash: string, exceptId?: string) {
  const existing = await describeExisting(tx, viewer, idHash, exceptId);
  if (existing.status === "here")
    throw new AppError("CONFLICT", { key: existing.deleted ? "peopleResidentDeleted" : "peopleResidentExists", values: { name: existing.name } }, { idNumber: "validation.peopleIdRegistered" });
  if (existing.status === "elsewhere")
    throw new AppError("CONFLICT", { key: "peopleResidentElsewhere", values: { place: existing.place } }, { idNumber: "validation.peopleIdRegistered" });
}

/** The household and house a resident is linked to must be live records of the same grid. */
async function assertLinks(tx: Tx, viewer: Viewer, gridId: number, householdId: string | null, houseId: string | null) {
  if (householdId) {
    const hh = await tx.household.findFirst({ where: { id: householdId, deletedAt: null, ...inTerritory(viewer) }, select: { gridId: true } });
    if (!hh) throw new AppError("VALIDATION", undefined, { householdId: "validation.peopleHouseholdMissing" });
    if (hh.gridId !== gridId) throw new AppError("VALIDATION", undefined, { householdId: "validation.peopleOtherGrid" });
  }
  if (houseId) {
    const house = await tx.house.findFirst({ where: { id: houseId, deletedAt: null, ...inTerritory(viewer) }, select: { gridId: true } });
    if (!house) throw new AppError("VALIDATION", undefined, { houseId: "validation.peopleHouseMissing" });
    if (house.gridId !== gridId) throw new AppError("VALIDATION", undefined, { houseId: "validation.peopleOtherGrid" });
  }
}

async function assertTags(tx: Tx, tags: { tagId: number }[], keep: number[] = []) {
  if (!tags.length) return;
  const ids = tags.map((t) => t.tagId);
  const found = await tx.keyGroupTag.findMany({ where: { id: { in: ids } }, select: { id: true, enabled: true } });
  // A disabled tag stays on the people who already carry it, but is not handed out anew.
  const usable = new Set(found.filter((t) => t.enabled || keep.includes(t.id)).map((t) => t.id));
  if (ids.some((id) => !usable.has(id))) throw new AppError("VALIDATION", undefined, { tags: "validation.peopleTagUnknown" });
}

/**
 * A household is visited at least as often as its most cared-for member needs: a member
 * with a key-group tag makes it a KEY household. Never lowers the tier (that is a person's
 * decision on the household).
 */
export async function syncHouseholdTier(tx: Tx, householdId: string | null) {
  if (!householdId) return;
  const hh = await tx.household.findUnique({ where: { id: householdId }, select: { visitTier: true, lastVisitAt: true, createdAt: true } });
  if (!hh) return;
  const tiers = await tx.keyGroupTag.findMany({
    where: { enabled: true, residents: { some: { resident: { householdId, deletedAt: null } } } },
    select: { visitTier: true },
  });
  let wanted = hh.visitTier;
  for (const t of tiers) if (TIER_RANK[t.visitTier] < TIER_RANK[wanted]) wanted = t.visitTier;
  if (wanted === hh.visitTier) return;
  await tx.household.update({
    where: { id: householdId },
    data: { visitTier: wanted, nextVisitDue: nextVisitDue(wanted, hh.lastVisitAt, hh.createdAt, await readSetting(tx, "visits.intervals")) },
  });
}

function secretColumns(idNumber: string, phone: string | null) {
  return {
    idCipher: encryptSecret(idNumber),
    idHash: lookupHash(idNumber),
    idMasked: maskIdNumber(idNumber),
    phone,
    phoneMasked: phone ? maskPhone(phone) : null,
  };
}

/** Birth date and sex come from the ID number: nobody types them twice. */
function derivedFromId(idNumber: string) {
  const parsed = parseIdNumber(idNumber);
  if (!parsed.ok) throw new AppError("VALIDATION", undefined, { idNumber: "validation.idFormat" });
  return { birthDate: new Date(`${parsed.birthDate}T00:00:00Z`), sex: parsed.sex };
}

export async function createResident(viewer: Viewer, input: ResidentInput) {
  await authorize(viewer, "people.edit");
  try {
    return await db.$transaction(async (tx) => {
      await gridInScope(tx, viewer, input.gridId);
      const secrets = secretColumns(input.idNumber, input.phone);
      await assertNotRegistered(tx, viewer, secrets.idHash);
      await assertLinks(tx, viewer, input.gridId, input.householdId, input.houseId);
      await assertTags(tx, input.tags);
      const created = await tx.resident.create({
        data: {
          gridId: input.gridId,
          name: input.name,
          ...secrets,
          ...derivedFromId(input.idNumber),
          ethnicity: input.ethnicity,
          householdId: input.householdId,
          relationToHead: input.relationToHead,
          houseId: input.houseId,
          residenceType: input.residenceType,
          registeredHere: registeredHereFor(input.residenceType),
          livesHere: input.livesHere,
          employment: input.employment,
          createdById: viewer.id,
          tags: input.tags.length ? { createMany: { data: input.tags } } : undefined,
        },
        select: { id: true, gridId: true },
      });
      await recordHistory(tx, { entityType: ENTITY.resident, entityId: created.id, action: "CREATE", gridId: created.gridId, actorId: viewer.id });
      await syncHouseholdTier(tx, input.householdId);
      return { id: created.id };
    });
  } catch (err) {
    // Two people entering the same person at once: the unique index decides.
    if (isUniqueViolation(err)) throw new AppError("CONFLICT", { key: "peopleResidentExists", values: { name: input.name } }, { idNumber: "validation.peopleIdRegistered" });
    throw err;
  }
}

function tagList(tags: { tagId: number; careLevel: number }[]): string[] {
  return tags.map((t) => `${t.tagId}:${t.careLevel}`).sort();
}

/**
 * Edits a resident; a new grid moves the record (MOVE in its history, which stays with it).
 * Any change sends the record back to "entered" until a second person verifies it again.
 */
export async function updateResident(viewer: Viewer, input: UpdateResidentInput) {
  await authorize(viewer, "people.edit");
  try {
    return await db.$transaction(async (tx) => {
      const current = await tx.resident.findFirst({
        where: { id: input.id, deletedAt: null, ...inTerritory(viewer) },
        select: {
          gridId: true, name: true, idHash: true, phone: true, ethnicity: true, householdId: true, relationToHead: true, houseId: true,
          residenceType: true, livesHere: true, employment: true, version: true, tags: { select: { tagId: true, careLevel: true } },
        },
      });
      if (!current) throw new AppError("NOT_FOUND");
      if (current.version !== input.version) throw new AppError("STALE");
      if (input.gridId !== current.gridId) await gridInScope(tx, viewer, input.gridId);
      const idNumber = input.idNumber;
      const newHash = idNumber ? lookupHash(idNumber) : current.idHash;
      if (newHash !== current.idHash) await assertNotRegistered(tx, viewer, newHash, input.id);
      await assertLinks(tx, viewer, input.gridId, input.householdId, input.houseId);
      await assertTags(tx, input.tags, current.tags.map((t) => t.tagId));
      const phone = input.phone === undefined ? current.phone : input.phone;

      const before = { ...current, idNumber: current.idHash, tags: tagList(current.tags) };
      const after = {
        gridId: input.gridId, name: input.name, idNumber: newHash, phone, ethnicity: input.ethnicity, householdId: input.householdId,
        relationToHead: input.relationToHead, houseId: input.houseId, residenceType: input.residenceType, livesHere: input.livesHere,
        employment: input.employment, tags: tagList(input.tags),
      };
      const changes = diffFields(before, after, ["idNumber", "phone"]);
      if (!Object.keys(changes).length) return { id: input.id, version: current.version };

      const data: Prisma.ResidentUpdateManyMutationInput & { gridId: number; householdId: string | null; houseId: string | null } = {
        gridId: input.gridId,
        name: input.name,
        ethnicity: input.ethnicity,
        householdId: input.householdId,
        relationToHead: input.relationToHead,
        houseId: input.houseId,
        residenceType: input.residenceType,
        registeredHere: registeredHereFor(input.residenceType),
        livesHere: input.livesHere,
        employment: input.employment,
        phone,
        phoneMasked: phone ? maskPhone(phone) : null,
        dataState: "ENTERED",
        verifiedById: null,
        verifiedAt: null,
        version: { increment: 1 },
      };
      if (idNumber && newHash !== current.idHash) Object.assign(data, secretColumns(idNumber, phone), derivedFromId(idNumber));
      const { count } = await tx.resident.updateMany({
        where: { id: input.id, version: input.version, deletedAt: null, ...inTerritory(viewer) },
        data,
      });
      if (count === 0) throw new AppError("STALE");
      if (changes.tags) {
        await tx.residentTag.deleteMany({ where: { residentId: input.id } });
        if (input.tags.length) await tx.residentTag.createMany({ data: input.tags.map((t) => ({ ...t, residentId: input.id })) });
      }
      await recordEditHistory(tx, ENTITY.resident, input.id, current.gridId, viewer.id, changes);
      await syncHouseholdTier(tx, input.householdId);
      return { id: input.id, version: current.version + 1 };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("CONFLICT", { key: "peopleResidentExists", values: { name: input.name } }, { idNumber: "validation.peopleIdRegistered" });
    throw err;
  }
}

async function exists(viewer: Viewer, id: string) {
  return (await db.resident.count({ where: { id, ...inTerritory(viewer) } })) > 0;
}

/** Soft delete with a reason: the row (and its ID number) stays, leaves lists and counts, and can be restored. */
export async function deleteResident(viewer: Viewer, input: { id: string; version: number; reason: string }) {
  await authorize(viewer, "people.edit");
  const done = await db.$transaction(async (tx) => {
    const { count } = await tx.resident.updateMany({
      where: { id: input.id, version: input.version, deletedAt: null, ...inTerritory(viewer) },
      data: { deletedAt: new Date(), deleteReason: input.reason, version: { increment: 1 } },
    });
    if (count === 0) return null;
    const r = await tx.resident.findUniqueOrThrow({ where: { id: input.id }, select: { gridId: true } });
    await recordHistory(tx, { entityType: ENTITY.resident, entityId: input.id, action: "DELETE", gridId: r.gridId, actorId: viewer.id, reason: input.reason });
    return { id: input.id };
  });
  return done ?? staleOrMissing(await exists(viewer, input.id));
}

export async function restoreResident(viewer: Viewer, input: { id: string; version: number }) {
  await authorize(viewer, "people.edit");
  const done = await db.$transaction(async (tx) => {
    const { count } = await tx.resident.updateMany({
      where: { id: input.id, version: input.version, deletedAt: { not: null }, ...inTerritory(viewer) },
      data: { deletedAt: null, deleteReason: null, version: { increment: 1 } },
    });
    if (count === 0) return null;
    const r = await tx.resident.findUniqueOrThrow({ where: { id: input.id }, select: { gridId: true, householdId: true } });
    await recordHistory(tx, { entityType: ENTITY.resident, entityId: input.id, action: "RESTORE", gridId: r.gridId, actorId: viewer.id });
    await syncHouseholdTier(tx, r.householdId);
    return { id: input.id };
  });
  return done ?? staleOrMissing(await exists(viewer, input.id));
}

/** Confirms a resident entered by someone else: the verifier must differ from the creator. */
export async function verifyResident(viewer: Viewer, input: { id: string; version: number }) {
  await authorize(viewer, "people.verify");
  return db.$transaction(async (tx) => {
    const r = await tx.resident.findFirst({
      where: { id: input.id, deletedAt: null, ...inTerritory(viewer) },
      select: { gridId: true, version: true, dataState: true, createdById: true },
    });
    if (!r) throw new AppError("NOT_FOUND");
    if (r.version !== input.version) throw new AppError("STALE");
    if (r.dataState === "VERIFIED") throw new AppError("CONFLICT", { key: "peopleAlreadyVerified" });
    if (r.createdById === viewer.id) throw new AppError("VALIDATION", { key: "peopleVerifyOwn" });
    const { count } = await tx.resident.updateMany({
      where: { id: input.id, version: input.version, deletedAt: null, dataState: "ENTERED", ...inTerritory(viewer) },
      data: { dataState: "VERIFIED", verifiedById: viewer.id, verifiedAt: new Date(), version: { increment: 1 } },
    });
    if (count === 0) throw new AppError("STALE");
    await recordHistory(tx, { entityType: ENTITY.resident, entityId: input.id, action: "VERIFY", gridId: r.gridId, actorId: viewer.id, changes: { dataState: ["ENTERED", "VERIFIED"] } });
    return { id: input.id, version: r.version + 1 };
  });
}

/** Shows an ID number or phone in full to a permitted viewer, and records that they saw it. */
export async function revealResident(viewer: Viewer, input: { id: string; field: "idNumber" | "phone" }) {
  await authorize(viewer, "people.reveal");
  const r = await db.resident.findFirst({ where: { id: input.id, ...inTerritory(viewer) }, select: { idCipher: true, phone: true } });
  if (!r) throw new AppError("NOT_FOUND");
  const value = input.field === "idNumber" ? decryptSecret(r.idCipher) : r.phone;
  await writeAudit(db, {
    action: "resident.reveal",
    result: "success",
    userId: viewer.id,
    username: viewer.username,
    role: viewer.role,
    ip: viewer.ip,
    targetType: "resident",
    targetId: input.id,
    details: { field: input.field },
  });
  return { value };
}

/** Live residents, households and houses per grid of the viewer's territory. */
export async function peopleCountsByGrid(viewer: Viewer, unitId?: number) {
  await authorize(viewer, "people.view");
  const where = { ...scopeWhere(viewer, unitId), deletedAt: null };
  const [residents, households, houses] = await Promise.all([
    db.resident.groupBy({ by: ["gridId"], where, _count: { _all: true } }),
    db.household.groupBy({ by: ["gridId"], where, _count: { _all: true } }),
    db.house.groupBy({ by: ["gridId"], where, _count: { _all: true } }),
  ]);
  const out = new Map<number, { residents: number; households: number; houses: number }>();
  const at = (g: number) => out.get(g) ?? (out.set(g, { residents: 0, households: 0, houses: 0 }), out.get(g)!);
  for (const r of residents) at(r.gridId).residents = r._count._all;
  for (const h of households) at(h.gridId).households = h._count._all;
  for (const h of houses) at(h.gridId).houses = h._count._all;
  return out;
}

export { PAGE_SIZE };
