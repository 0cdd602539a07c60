import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { eventScope } from "@/lib/dispatch/engine";
import { normalizeIdNumber } from "@/lib/id-number";
import { listResidents } from "@/lib/people/data";
import type { ResidentFilter } from "@/lib/people/schemas";
import { authorize, type Viewer } from "@/lib/server/auth";
import { lookupHash } from "@/lib/server/crypto";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import type { Tx } from "@/lib/server/prisma";
import { inTerritory } from "@/lib/server/scope";
import { localDayRange } from "./deadlines";
import { disputeNo, insertDispute } from "./disputes-data";
import { insertPetition } from "./petitions-data";
import { REPEAT_WINDOW_DAYS } from "./permissions";
import type { IntakeInput, IntakeListQuery, VisitorRef } from "./schemas";
import { audit, centerScope, countyOf, createLinkedEvent, ownCenter, PAGE, resolveVisitor, TX, userNames, visitorSeen } from "./shared";

// The intake desk (接待登记): walk-ins, calls and letters, the visitor found in the registry
// (by name, full ID number or phone, through the people module's own search) or entered
// new, and what became of the matter: answered on the spot, a legal consultation record,
// a dispute case, a petition or a dispatch event. Each is written with its intake record in
// one transaction. Earlier visits of the same person about the same matter are counted.

const DAY = 86_400_000;
const ID_LIKE = /^\d{17}[\dXx]$/;
const PHONE_LIKE = /^1\d{10}$/;

// --- finding the visitor -------------------------------------------------------------------

export interface VisitorCandidate {
  source: "resident" | "visitor";
  id: string;
  name: string;
  detail: string;
  visits: number;
}

/** Residents (the registry's search) and visitors seen before, for the desk's picker. */
export async function searchVisitors(viewer: Viewer, q: string): Promise<VisitorCandidate[]> {
  await authorize(viewer, "center.records.view");
  const query = q.trim();
  if (!query) return [];
  const residents = viewer.permissions.includes("people.view") ? (await listResidents(viewer, { q: query } as ResidentFilter)).items.slice(0, 10) : [];
  const match: Prisma.CenterVisitorWhereInput = ID_LIKE.test(query)
    ? { idHash: lookupHash(normalizeIdNumber(query)) }
    : PHONE_LIKE.test(query)
      ? { phone: query }
      : { name: { startsWith: query } };
  const visitors = await db.centerVisitor.findMany({
    where: { AND: [visitorSeen(viewer), match, { OR: [{ residentId: null }, { resident: { NOT: inTerritory(viewer) } }] }] },
    select: { id: true, name: true, idMasked: true, phone: true },
    take: 10,
    orderBy: { createdAt: "desc" },
  });
  const linked = await db.centerVisitor.findMany({ where: { residentId: { in: residents.map((r) => r.id) } }, select: { id: true, residentId: true } });
  const visitorOf = new Map(linked.map((v) => [v.residentId, v.id]));
  const counts = await visitCounts(viewer, [...visitors.map((v) => v.id), ...linked.map((v) => v.id)]);
  return [
    ...residents.map((r) => ({
      source: "resident" as const,
      id: r.id,
      name: r.name,
      detail: [r.idMasked, r.phoneMasked, r.grid.name].filter(Boolean).join(" · "),
      visits: counts.get(visitorOf.get(r.id) ?? "") ?? 0,
    })),
    ...visitors.map((v) => ({
      source: "visitor" as const,
      id: v.id,
      name: v.name,
      detail: [v.idMasked, v.phone ? `${v.phone.slice(0, 3)}****${v.phone.slice(-4)}` : null].filter(Boolean).join(" · "),
      visits: counts.get(v.id) ?? 0,
    })),
  ];
}

async function visitCounts(viewer: Viewer, visitorIds: string[]): Promise<Map<string, number>> {
  if (!visitorIds.length) return new Map();
  const rows = await db.centerIntake.groupBy({ by: ["visitorId"], where: { visitorId: { in: visitorIds }, ...centerScope(viewer) }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.visitorId, r._count._all]));
}

/** The visitor a reference names, if already known (nothing is created). */
async function knownVisitor(viewer: Viewer, ref: VisitorRef): Promise<string | null> {
  const countyId = countyOf(viewer);
  if (ref.source === "visitor") return (await db.centerVisitor.findFirst({ where: { id: ref.visitorId, countyId }, select: { id: true } }))?.id ?? null;
  if (ref.source === "resident") return (await db.centerVisitor.findUnique({ where: { residentId: ref.residentId }, select: { id: true } }))?.id ?? null;
  if (ref.idNumber) {
    const idHash = lookupHash(normalizeIdNumber(ref.idNumber));
    const v = await db.centerVisitor.findFirst({ where: { countyId, OR: [{ idHash }, { resident: { idHash } }] }, select: { id: true } });
    return v?.id ?? null;
  }
  if (ref.phone) return (await db.centerVisitor.findFirst({ where: { countyId, name: ref.name, phone: ref.phone }, select: { id: true } }))?.id ?? null;
  return null;
}

/** Earlier visits of a visitor on the same matter (topic) within the repeat window, newest first. */
async function earlierVisits(client: Tx | typeof db, viewer: Viewer, visitorId: string, topic: string, before: Date) {
  return client.centerIntake.findMany({
    where: { visitorId, topic: topic as never, receivedAt: { gte: new Date(before.getTime() - REPEAT_WINDOW_DAYS * DAY), lte: before }, ...centerScope(viewer) },
    orderBy: { receivedAt: "desc" },
    take: 10,
    select: { id: true, receivedAt: true, handling: true, content: true, unit: { select: { name: true } } },
  });
}

/** Shown on the form as soon as visitor and matter are chosen: has this person been here about this before? */
export async function repeatCheck(viewer: Viewer, input: { visitor: VisitorRef; topic: string }) {
  await authorize(viewer, "center.records.view");
  const visitorId = await knownVisitor(viewer, input.visitor);
  if (!visitorId) return { visitorId: null, earlier: [] };
  const earlier = await earlierVisits(db, viewer, visitorId, input.topic, new Date());
  return { visitorId, earlier: earlier.map((e) => ({ ...e, content: e.content.slice(0, 80), unit: e.unit.name })) };
}

// --- registering ---------------------------------------------------------------------------

async function insertIntake(tx: Tx, viewer: Viewer, input: IntakeInput, links: { disputeId?: string; petitionId?: string; eventId?: string }, visitorId: string) {
  const unitId = ownCenter(viewer);
  const earlier = await earlierVisits(tx, viewer, visitorId, input.topic, input.receivedAt);
  const intake = await tx.centerIntake.create({
    data: {
      unitId,
      visitorId,
      channel: input.channel,
      matterType: input.matterType,
      topic: input.topic,
      content: input.content,
      handling: input.handling,
      answer: input.answer,
      consultant: input.handling === "LEGAL_CONSULTATION" ? input.consultant : null,
      disputeId: links.disputeId ?? null,
      petitionId: links.petitionId ?? null,
      eventId: links.eventId ?? null,
      repeatCount: earlier.length,
      receivedAt: input.receivedAt,
      createdById: viewer.id,
      requestKey: input.requestKey,
    },
    select: { id: true, repeatCount: true },
  });
  await audit(tx, viewer, "intake.create", "intake", intake.id, { handling: input.handling, ...links, repeatCount: earlier.length });
  return intake;
}

export async function createIntake(viewer: Viewer, input: IntakeInput) {
  await authorize(viewer, "center.intake");
  ownCenter(viewer);
  const existing = await db.centerIntake.findUnique({
    where: { createdById_requestKey: { createdById: viewer.id, requestKey: input.requestKey } },
    select: { id: true, repeatCount: true, disputeId: true, petitionId: true, eventId: true },
  });
  if (existing) return { ...existing, repeated: true };
  if (input.handling === "DISPUTE") await authorize(viewer, "center.disputes.edit");
  if (input.handling === "PETITION") await authorize(viewer, "center.petitions.edit");

  if (input.handling === "EVENT") {
    let out: { id: string; repeatCount: number } | null = null;
    const made = await createLinkedEvent(
      viewer,
      { ...input.event!, requestKey: input.requestKey, description: input.content, contactName: input.visitor.source === "new" ? input.visitor.name : null, contactPhone: input.visitor.source === "new" ? input.visitor.phone : null },
      async (tx, eventId) => {
        const visitor = await resolveVisitor(tx, viewer, input.visitor);
        out = await insertIntake(tx, viewer, input, { eventId }, visitor.id);
      },
    );
    if (!out) throw new AppError("CONFLICT", { key: "centerEventKeyUsed" });
    const done = out as { id: string; repeatCount: number };
    return { id: done.id, repeatCount: done.repeatCount, eventId: made.id, disputeId: null, petitionId: null };
  }

  return db.$transaction(async (tx) => {
    const visitor = await resolveVisitor(tx, viewer, input.visitor);
    const links: { disputeId?: string; petitionId?: string } = {};
    if (input.handling === "DISPUTE") {
      const d = input.dispute!;
      const dispute = await insertDispute(tx, viewer, {
        requestKey: input.requestKey,
        title: d.title,
        type: d.type,
        facts: d.facts,
        amount: d.amount,
        risk: d.risk,
        riskReason: d.riskReason,
        gridId: d.gridId,
        source: "INTAKE",
        screeningId: null,
        referredBy: null,
        registeredAt: input.receivedAt,
        parties: [{ kind: "PERSON", visitor: { source: "visitor", visitorId: visitor.id }, name: null, occupation: null, address: null, phone: null, creditCode: null, representative: null }, ...d.otherParties],
      });
      links.disputeId = dispute.id;
    }
    if (input.handling === "PETITION") {
      const p = input.petition!;
      const petition = await insertPetition(tx, viewer, {
        requestKey: input.requestKey,
        channel: input.channel,
        topic: input.topic,
        title: p.title,
        matter: input.content,
        headcount: p.headcount,
        responsibleBody: p.responsibleBody,
        responsibleDepartmentId: p.responsibleDepartmentId,
        gridId: p.gridId,
        registeredAt: input.receivedAt,
        petitioners: [{ source: "visitor", visitorId: visitor.id }],
      });
      links.petitionId = petition.id;
    }
    const intake = await insertIntake(tx, viewer, input, links, visitor.id);
    return { id: intake.id, repeatCount: intake.repeatCount, disputeId: links.disputeId ?? null, petitionId: links.petitionId ?? null, eventId: null };
  }, TX);
}

// --- reading -------------------------------------------------------------------------------

const LIST = {
  id: true,
  channel: true,
  matterType: true,
  topic: true,
  content: true,
  handling: true,
  repeatCount: true,
  receivedAt: true,
  disputeId: true,
  petitionId: true,
  eventId: true,
  unit: { select: { name: true } },
  visitor: { select: { id: true, name: true } },
} satisfies Prisma.CenterIntakeSelect;

/** One day's intake (today by default) of the centers in the viewer's territory, newest first. */
export async function listIntake(viewer: Viewer, q: IntakeListQuery) {
  await authorize(viewer, "center.records.view");
  const day = q.day ? new Date(`${q.day}T12:00:00+08:00`) : new Date();
  const { from, to } = localDayRange(day);
  const where: Prisma.CenterIntakeWhereInput = { ...centerScope(viewer), receivedAt: { gte: from, lt: to } };
  const page = q.page ?? 1;
  const [rows, total, byHandling] = await Promise.all([
    db.centerIntake.findMany({ where, orderBy: [{ receivedAt: "desc" }, { id: "desc" }], skip: (page - 1) * PAGE, take: PAGE, select: LIST }),
    db.centerIntake.count({ where }),
    db.centerIntake.groupBy({ by: ["handling"], where, _count: { _all: true } }),
  ]);
  return {
    day: new Date(from.getTime() + 8 * 3_600_000).toISOString().slice(0, 10),
    items: rows.map((r) => ({ ...r, content: r.content.length > 120 ? `${r.content.slice(0, 120)}…` : r.content })),
    total,
    pages: Math.max(1, Math.ceil(total / PAGE)),
    byHandling: Object.fromEntries(byHandling.map((b) => [b.handling, b._count._all])) as Record<string, number>,
  };
}

export async function getIntake(viewer: Viewer, id: string) {
  await authorize(viewer, "center.records.view");
  const r = await db.centerIntake.findFirst({ where: { id, ...centerScope(viewer) }, select: { ...LIST, answer: true, consultant: true, createdById: true } });
  if (!r) throw notFound();
  const names = await userNames([r.createdById]);
  return { ...r, createdByName: names.get(r.createdById) ?? null };
}

/**
 * One visitor's history across the desk, disputes and petitions of the viewer's territory.
 * A visitor with nothing in the territory (and not a resident of it) is not found.
 */
export async function getVisitor(viewer: Viewer, id: string) {
  await authorize(viewer, "center.records.view");
  const v = await db.centerVisitor.findFirst({
    where: { id, ...visitorSeen(viewer) },
    select: { id: true, name: true, idMasked: true, phone: true, residentId: true, resident: { select: { id: true, gridId: true, grid: { select: { name: true, pathIds: true } } } } },
  });
  if (!v) throw notFound();
  const scope = centerScope(viewer);
  const [intakes, disputes, petitions] = await Promise.all([
    db.centerIntake.findMany({ where: { visitorId: v.id, ...scope }, orderBy: { receivedAt: "desc" }, take: 200, select: LIST }),
    db.dispute.findMany({
      where: { parties: { some: { visitorId: v.id } }, ...scope },
      orderBy: { registeredAt: "desc" },
      take: 100,
      select: { id: true, no: true, title: true, status: true, risk: true, registeredAt: true, unit: { select: { name: true } } },
    }),
    db.petition.findMany({
      where: { petitioners: { some: { visitorId: v.id } }, ...scope },
      orderBy: { registeredAt: "desc" },
      take: 100,
      select: { id: true, regNo: true, title: true, status: true, isRepeat: true, isJoint: true, registeredAt: true, unit: { select: { name: true } } },
    }),
  ]);
  const eventIds = intakes.map((i) => i.eventId).filter((x): x is string => !!x);
  const events = eventIds.length ? await db.event.findMany({ where: { id: { in: eventIds }, ...eventScope(viewer) }, select: { id: true, no: true, state: true } }) : [];
  const residentVisible = !!v.resident && v.resident.grid.pathIds.includes(viewer.unitId) && viewer.permissions.includes("people.view");
  return {
    id: v.id,
    name: v.name,
    idMasked: v.idMasked,
    phoneMasked: v.phone ? `${v.phone.slice(0, 3)}****${v.phone.slice(-4)}` : null,
    resident: residentVisible ? { id: v.resident!.id, gridName: v.resident!.grid.name } : null,
    intakes,
    disputes: disputes.map((d) => ({ ...d, code: disputeNo(d.no, d.registeredAt) })),
    petitions,
    events,
  };
}
export type VisitorHistory = Awaited<ReturnType<typeof getVisitor>>;
