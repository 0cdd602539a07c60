import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { eventScope } from "@/lib/dispatch/engine";
import { authorize, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { attachStaged, withUploads } from "@/lib/server/files";
import type { Tx } from "@/lib/server/prisma";
import { unitsWithin } from "@/lib/server/scope";
import { dueAfter, dueState } from "./deadlines";
import {
  agreementNo,
  caseNo,
  disputeActions,
  disputeNext,
  disputeRefusal,
  isHighRisk,
  OPEN_DISPUTE,
  RISKS,
  type DisputeAction,
  type DisputeFacts,
  type DisputeStatus,
} from "./permissions";
import type {
  AgreementInput,
  AssignInput,
  CloseDisputeInput,
  DisputeInput,
  DisputeListQuery,
  FollowUpInput,
  JudicialApplyInput,
  JudicialResultInput,
  PartyInput,
  ReferInput,
  RiskInput,
  ScanInput,
  ScreeningInput,
  SessionInput,
} from "./schemas";
import {
  audit,
  calendar,
  centerScope,
  countyOf,
  createLinkedEvent,
  deadlinesOf,
  gridInScope,
  notifyCenter,
  ownCenter,
  PAGE,
  resolveVisitor,
  staleOrMissing,
  TX,
  userNames,
} from "./shared";

// Disputes (矛盾纠纷) and their mediation. A case is found only through `centerScope`:
// another center's case outside the viewer's territory is simply not found. Every step is
// one conditional update of the case on its version plus the step's own rows and an audit
// entry, in one transaction.

export const AGREEMENT_SCAN = "center-agreement";
export const disputeNo = (no: number, at: Date) => caseNo("MD", no, at);

// --- registering -------------------------------------------------------------------------

type NewDispute = Omit<DisputeInput, "parties"> & { parties: PartyInput[]; sourceIntakeNote?: string };

/** Writes a case and its parties in the caller's transaction; the intake desk uses it too. */
export async function insertDispute(tx: Tx, viewer: Viewer, input: NewDispute) {
  const unitId = ownCenter(viewer);
  const grid = await gridInScope(tx, viewer, input.gridId);
  if (input.screeningId) {
    const s = await tx.disputeScreening.findFirst({ where: { id: input.screeningId, ...centerScope(viewer) }, select: { id: true } });
    if (!s) throw new AppError("VALIDATION", { key: "centerScreeningNotFound" }, { screeningId: "validation.centerScreeningNotFound" });
  }
  const parties: Prisma.DisputePartyCreateWithoutDisputeInput[] = [];
  const seen = new Set<string>();
  for (const [i, p] of input.parties.entries()) {
    if (p.kind === "PERSON") {
      const v = await resolveVisitor(tx, viewer, p.visitor!);
      if (seen.has(v.id)) throw new AppError("VALIDATION", { key: "centerPartyTwice", values: { name: v.name } }, { [`parties.${i}`]: "validation.centerPartyTwice" });
      seen.add(v.id);
      parties.push({
        position: i + 1,
        kind: "PERSON",
        visitor: { connect: { id: v.id } },
        name: v.name,
        sex: v.sex,
        ethnicity: v.ethnicity,
        age: v.age,
        occupation: p.occupation ?? v.occupation,
        address: p.address ?? v.address,
        phone: p.phone ?? v.phone,
      });
    } else {
      parties.push({ position: i + 1, kind: "ORGANISATION", name: p.name!, address: p.address, phone: p.phone, creditCode: p.creditCode, representative: p.representative });
    }
  }
  const dispute = await tx.dispute.create({
    data: {
      unitId,
      gridId: grid.id,
      title: input.title,
      facts: input.facts,
      type: input.type,
      amount: input.amount,
      risk: input.risk,
      riskReason: input.riskReason,
      source: input.source,
      screeningId: input.screeningId,
      referredBy: input.source === "REFERRAL" ? input.referredBy : null,
      registeredAt: input.registeredAt,
      createdById: viewer.id,
      requestKey: input.requestKey,
      parties: { create: parties },
    },
    select: { id: true, no: true, title: true, registeredAt: true },
  });
  await audit(tx, viewer, "dispute.create", "dispute", dispute.id, { risk: input.risk, type: input.type, source: input.source, parties: parties.length });
  if (isHighRisk(input.risk)) await notifyHighRisk(tx, viewer, { ...dispute, unitId });
  return dispute;
}

async function notifyHighRisk(tx: Tx, viewer: Viewer, d: { id: string; no: number; title: string; registeredAt: Date; unitId: number }) {
  // The center head: whoever runs this center's desk, and the centers above it.
  await notifyCenter(tx, {
    kind: "highRisk",
    href: `/center/disputes/${d.id}`,
    unitId: d.unitId,
    actorId: viewer.id,
    roles: ["CENTER_STAFF", "TOWNSHIP_OFFICER", "COMMUNITY_OFFICER"],
    params: { no: disputeNo(d.no, d.registeredAt), title: d.title, actor: viewer.displayName },
  });
}

export async function createDispute(viewer: Viewer, input: DisputeInput) {
  await authorize(viewer, "center.disputes.edit");
  const existing = await db.dispute.findUnique({ where: { createdById_requestKey: { createdById: viewer.id, requestKey: input.requestKey } }, select: { id: true } });
  if (existing) return { id: existing.id, repeated: true };
  return db.$transaction(async (tx) => ({ id: (await insertDispute(tx, viewer, input)).id }), TX);
}

// --- screening -------------------------------------------------------------------------------

export async function createScreening(viewer: Viewer, input: ScreeningInput) {
  await authorize(viewer, "center.disputes.edit");
  const unitId = ownCenter(viewer);
  const existing = await db.disputeScreening.findUnique({ where: { createdById_requestKey: { createdById: viewer.id, requestKey: input.requestKey } }, select: { id: true } });
  if (existing) return { id: existing.id };
  return db.$transaction(async (tx) => {
    const grid = await gridInScope(tx, viewer, input.gridId);
    const s = await tx.disputeScreening.create({
      data: { unitId, gridId: grid.id, screenedOn: new Date(`${input.screenedOn}T00:00:00Z`), findings: input.findings, found: input.found, createdById: viewer.id, requestKey: input.requestKey },
      select: { id: true },
    });
    await audit(tx, viewer, "screening.create", "screening", s.id, { gridId: grid.id, found: input.found });
    return { id: s.id };
  }, TX);
}

export async function listScreenings(viewer: Viewer, page = 1) {
  await authorize(viewer, "center.records.view");
  const where = centerScope(viewer);
  const [rows, total] = await Promise.all([
    db.disputeScreening.findMany({
      where,
      orderBy: [{ screenedOn: "desc" }, { createdAt: "desc" }],
      skip: (page - 1) * PAGE,
      take: PAGE,
      select: { id: true, screenedOn: true, findings: true, found: true, unit: { select: { name: true } }, grid: { select: { id: true, name: true } }, _count: { select: { disputes: true } } },
    }),
    db.disputeScreening.count({ where }),
  ]);
  return { items: rows.map((r) => ({ ...r, screenedOn: r.screenedOn.toISOString().slice(0, 10), cases: r._count.disputes })), total, pages: Math.max(1, Math.ceil(total / PAGE)) };
}

/**
 * Screening is periodic (monthly): which grids of the viewer's territory have a screening
 * record in the month (China time) and which have none yet, by whichever center recorded it.
 */
export async function screeningCoverage(viewer: Viewer, month: string) {
  await authorize(viewer, "center.records.view");
  const from = new Date(`${month}-01T00:00:00Z`);
  const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  const grids: Prisma.UnitWhereInput = { ...unitsWithin(viewer), level: "GRID", retiredAt: null };
  const screened = await db.disputeScreening.findMany({ where: { grid: grids, screenedOn: { gte: from, lt: to } }, distinct: ["gridId"], select: { gridId: true } });
  const screenedIds = screened.map((s) => s.gridId);
  const [total, missing] = await Promise.all([
    db.unit.count({ where: grids }),
    db.unit.findMany({ where: { ...grids, id: { notIn: screenedIds } }, orderBy: { code: "asc" }, take: 60, select: { id: true, name: true } }),
  ]);
  return { month, total, screened: screenedIds.length, missing };
}

// --- reading -------------------------------------------------------------------------------

export async function listDisputes(viewer: Viewer, q: DisputeListQuery) {
  await authorize(viewer, "center.records.view");
  const where: Prisma.DisputeWhereInput = {
    ...centerScope(viewer),
    ...(q.status === "OPEN" ? { status: { in: [...OPEN_DISPUTE] } } : q.status ? { status: q.status } : {}),
    ...(q.risk ? { risk: q.risk } : {}),
    ...(q.type ? { type: q.type } : {}),
    // Agreements whose parties asked for judicial confirmation and that have no result yet.
    ...(q.judicial === "pending" ? { status: "AGREED" as const, agreement: { judicialRequested: true, judicialResult: null } } : {}),
    ...(q.q ? { OR: [{ title: { contains: q.q } }, { parties: { some: { name: { startsWith: q.q } } } }, ...(/^\d+$/.test(q.q) ? [{ no: Number(q.q) }] : [])] } : {}),
  };
  const page = q.page ?? 1;
  const now = new Date();
  const [rows, total, byRisk, settings] = await Promise.all([
    db.dispute.findMany({
      where,
      orderBy: q.judicial === "pending" ? [{ agreement: { judicialDueAt: "asc" } }, { no: "asc" }] : [{ registeredAt: "desc" }, { no: "desc" }],
      skip: (page - 1) * PAGE,
      take: PAGE,
      select: {
        id: true,
        no: true,
        title: true,
        type: true,
        risk: true,
        status: true,
        registeredAt: true,
        amount: true,
        unit: { select: { name: true } },
        grid: { select: { name: true } },
        parties: { select: { name: true }, orderBy: { position: "asc" }, take: 4 },
        agreement: { select: { judicialRequested: true, judicialDueAt: true, judicialAppliedAt: true, judicialResult: true } },
      },
    }),
    db.dispute.count({ where }),
    db.dispute.groupBy({ by: ["risk"], where: { ...centerScope(viewer), status: { in: [...OPEN_DISPUTE] } }, _count: { _all: true } }),
    deadlinesOf(db, countyOf(viewer)),
  ]);
  return {
    items: rows.map(({ agreement, ...r }) => ({
      ...r,
      amount: r.amount === null ? null : Number(r.amount),
      code: disputeNo(r.no, r.registeredAt),
      parties: r.parties.map((p) => p.name),
      // Shown while the confirmation the parties asked for has no result.
      judicial: agreement && !agreement.judicialResult && r.status === "AGREED" ? judicialState(agreement, now, settings.nearDays) : "none",
      judicialDueAt: agreement?.judicialDueAt ?? null,
    })),
    total,
    pages: Math.max(1, Math.ceil(total / PAGE)),
    openByRisk: Object.fromEntries(RISKS.map((r) => [r, byRisk.find((b) => b.risk === r)?._count._all ?? 0])) as Record<(typeof RISKS)[number], number>,
  };
}

const DETAIL = {
  id: true,
  no: true,
  version: true,
  unitId: true,
  unit: { select: { name: true, pathIds: true } },
  gridId: true,
  grid: { select: { name: true, pathIds: true } },
  title: true,
  facts: true,
  type: true,
  amount: true,
  risk: true,
  riskReason: true,
  source: true,
  referredBy: true,
  screening: { select: { id: true, screenedOn: true } },
  status: true,
  committee: { select: { id: true, name: true } },
  mediators: true,
  referral: true,
  referralBody: true,
  referralNote: true,
  referralEventId: true,
  closeNote: true,
  registeredAt: true,
  concludedAt: true,
  closedAt: true,
  createdById: true,
  parties: {
    orderBy: { position: "asc" },
    select: { id: true, position: true, kind: true, visitorId: true, name: true, sex: true, ethnicity: true, age: true, occupation: true, address: true, phone: true, creditCode: true, representative: true },
  },
  sessions: { orderBy: { heldAt: "asc" }, select: { id: true, heldAt: true, place: true, present: true, notes: true, createdById: true } },
  agreement: {
    select: {
      id: true,
      no: true,
      partyPositions: true,
      facts: true,
      terms: true,
      performance: true,
      agreedAt: true,
      mediatorNames: true,
      committeeName: true,
      judicialRequested: true,
      judicialDueAt: true,
      judicialAppliedAt: true,
      judicialCourt: true,
      judicialResult: true,
      judicialResultAt: true,
      judicialNote: true,
    },
  },
  followUps: { orderBy: { visitedAt: "asc" }, select: { id: true, visitedAt: true, fulfilled: true, note: true, createdById: true } },
  intakes: { select: { id: true, receivedAt: true } },
} satisfies Prisma.DisputeSelect;

function factsOf(d: { status: string; sessions: unknown[]; followUps: unknown[]; agreement: { judicialRequested: boolean; judicialAppliedAt: Date | null; judicialResult: string | null; judicialDueAt: Date } | null }): DisputeFacts {
  return {
    status: d.status as DisputeStatus,
    sessions: d.sessions.length,
    followUps: d.followUps.length,
    judicialRequested: d.agreement?.judicialRequested ?? false,
    judicialAppliedAt: d.agreement?.judicialAppliedAt ?? null,
    judicialResult: d.agreement?.judicialResult ?? null,
    judicialDueAt: d.agreement?.judicialDueAt ?? null,
  };
}

/**
 * Where the judicial confirmation stands: its 30-day period counts only where the parties
 * asked for it (or applied); met or late once applied for.
 */
function judicialState(a: { judicialRequested: boolean; judicialDueAt: Date; judicialAppliedAt: Date | null } | null, now: Date, nearDays: number) {
  if (!a || (!a.judicialRequested && !a.judicialAppliedAt)) return "none" as const;
  return dueState(now, a.judicialDueAt, nearDays, a.judicialAppliedAt);
}

export async function getDispute(viewer: Viewer, id: string) {
  await authorize(viewer, "center.records.view");
  const d = await db.dispute.findFirst({ where: { id, ...centerScope(viewer) }, select: DETAIL });
  if (!d) throw notFound();
  const now = new Date();
  const [names, scans, event, committees, whistles, settings] = await Promise.all([
    userNames([d.createdById, ...d.sessions.map((s) => s.createdById), ...d.followUps.map((f) => f.createdById)]),
    d.agreement ? db.attachment.findMany({ where: { ownerType: AGREEMENT_SCAN, ownerId: d.agreement.id }, select: { id: true, fileName: true, size: true, createdAt: true }, orderBy: { createdAt: "asc" } }) : [],
    d.referralEventId ? db.event.findFirst({ where: { id: d.referralEventId, ...eventScope(viewer) }, select: { id: true, no: true, state: true } }) : null,
    db.mediationCommittee.findMany({ where: { unitId: { in: [...new Set([...d.unit.pathIds, ...d.grid.pathIds])] } }, select: { id: true, name: true }, orderBy: { id: "asc" } }),
    db.centerWhistle.findMany({ where: { caseKind: "DISPUTE", caseId: d.id }, orderBy: { blownAt: "desc" }, select: { id: true, status: true, blownAt: true, reportDueAt: true, reportedAt: true, reason: true, reportNote: true, department: { select: { name: true } } } }),
    deadlinesOf(db, countyOf(viewer)),
  ]);
  const facts = factsOf(d);
  const { unit, grid, createdById, ...rest } = d;
  return {
    ...rest,
    amount: d.amount === null ? null : Number(d.amount),
    code: disputeNo(d.no, d.registeredAt),
    unitName: unit.name,
    gridName: grid.name,
    createdByName: names.get(createdById) ?? null,
    sessions: d.sessions.map((s) => ({ ...s, by: names.get(s.createdById) ?? null })),
    followUps: d.followUps.map((f) => ({ ...f, by: names.get(f.createdById) ?? null })),
    screening: d.screening ? { id: d.screening.id, screenedOn: d.screening.screenedOn.toISOString().slice(0, 10) } : null,
    judicialState: judicialState(d.agreement, now, settings.nearDays),
    scans,
    referralEvent: event,
    committees,
    whistles: whistles.map((w) => ({ ...w, department: w.department.name, late: w.reportedAt ? w.reportedAt > w.reportDueAt : now > w.reportDueAt })),
    actions: can(viewer) ? disputeActions(facts, now) : [],
  };
}
export type DisputeDetail = Awaited<ReturnType<typeof getDispute>>;

const can = (viewer: Viewer) => viewer.permissions.includes("center.disputes.edit");

// --- mediation steps -----------------------------------------------------------------------

const STEP_SELECT = {
  id: true,
  no: true,
  title: true,
  version: true,
  status: true,
  unitId: true,
  risk: true,
  registeredAt: true,
  committee: { select: { name: true } },
  mediators: true,
  parties: { select: { id: true, position: true } },
  sessions: { select: { id: true } },
  followUps: { select: { id: true } },
  agreement: { select: { id: true, judicialRequested: true, judicialAppliedAt: true, judicialResult: true, judicialDueAt: true, agreedAt: true } },
} satisfies Prisma.DisputeSelect;
type StepCase = Prisma.DisputeGetPayload<{ select: typeof STEP_SELECT }>;

function refusalError(refusal: string): AppError {
  return new AppError("CONFLICT", { key: `centerDispute_${refusal}` });
}

/** Loads the case in scope at the version the caller saw and checks the lifecycle allows the action. */
async function loadStep(tx: Tx, viewer: Viewer, id: string, version: number, action: DisputeAction, at?: Date): Promise<StepCase> {
  const d = await tx.dispute.findFirst({ where: { id, ...centerScope(viewer) }, select: STEP_SELECT });
  if (!d) throw notFound();
  if (d.version !== version) throw new AppError("STALE");
  const refusal = disputeRefusal(action, factsOf(d), at ?? new Date());
  if (refusal) throw refusalError(refusal);
  return d;
}

/** The conditional update every step makes: version and state move together or not at all. */
async function advance(tx: Tx, viewer: Viewer, d: StepCase, action: DisputeAction, data: Prisma.DisputeUpdateManyMutationInput = {}) {
  const { count } = await tx.dispute.updateMany({
    where: { id: d.id, version: d.version, ...centerScope(viewer) },
    data: { ...data, status: disputeNext(action, d.status as DisputeStatus), version: { increment: 1 } },
  });
  if (count === 0) staleOrMissing(true);
}

async function step<T>(viewer: Viewer, input: { id: string; version: number }, action: DisputeAction, write: (tx: Tx, d: StepCase) => Promise<{ data?: Prisma.DisputeUpdateManyMutationInput; result?: T; details?: Prisma.InputJsonValue }>, at?: Date) {
  await authorize(viewer, "center.disputes.edit");
  return db.$transaction(async (tx) => {
    const d = await loadStep(tx, viewer, input.id, input.version, action, at);
    const out = await write(tx, d);
    await advance(tx, viewer, d, action, out.data);
    await audit(tx, viewer, `dispute.${action}`, "dispute", d.id, out.details);
    return (out.result ?? { id: d.id }) as T | { id: string };
  }, TX);
}

export async function assignMediators(viewer: Viewer, input: AssignInput) {
  return step(viewer, input, "assign", async (tx, d) => {
    let committeeId = input.committeeId;
    if (input.newCommittee) {
      const existing = await tx.mediationCommittee.findUnique({ where: { unitId_name: { unitId: d.unitId, name: input.newCommittee } }, select: { id: true } });
      committeeId = existing?.id ?? (await tx.mediationCommittee.create({ data: { unitId: d.unitId, name: input.newCommittee }, select: { id: true } })).id;
    } else if (committeeId !== null) {
      const c = await tx.mediationCommittee.findFirst({ where: { id: committeeId, unit: { OR: [unitsWithin(viewer), { id: { in: viewer.unitPath } }] } }, select: { id: true } });
      if (!c) throw new AppError("VALIDATION", { key: "centerCommitteeNotFound" }, { committeeId: "validation.centerCommitteeNotFound" });
    }
    return { data: { committeeId, mediators: input.mediators }, details: { committeeId, mediators: input.mediators } };
  });
}

export async function recordSession(viewer: Viewer, input: SessionInput) {
  return step(viewer, input, "session", async (tx, d) => {
    if (input.heldAt < d.registeredAt) throw new AppError("VALIDATION", { key: "centerBeforeRegistration" }, { heldAt: "validation.centerBeforeRegistration" });
    const s = await tx.mediationSession.create({ data: { disputeId: d.id, heldAt: input.heldAt, place: input.place, present: input.present, notes: input.notes, createdById: viewer.id }, select: { id: true } });
    return { details: { sessionId: s.id } };
  });
}

export async function recordAgreement(viewer: Viewer, input: AgreementInput) {
  const cal = await calendar();
  return step(viewer, input, "agree", async (tx, d) => {
    const byId = new Map(d.parties.map((p) => [p.id, p.position]));
    const positions = [...new Set(input.partyIds)].map((pid) => byId.get(pid));
    if (positions.some((p) => p === undefined))
      throw new AppError("VALIDATION", { key: "centerAgreementPartyUnknown" }, { partyIds: "validation.centerAgreementPartyUnknown" });
    if (positions.length < 2) throw new AppError("VALIDATION", { key: "centerAgreementParties" }, { partyIds: "validation.centerAgreementParties" });
    if (input.agreedAt < d.registeredAt) throw new AppError("VALIDATION", { key: "centerBeforeRegistration" }, { agreedAt: "validation.centerBeforeRegistration" });
    if (!d.mediators) throw refusalError("noMediator");
    const settings = await deadlinesOf(tx, countyOf(viewer));
    const agreement = await tx.mediationAgreement.create({
      data: {
        disputeId: d.id,
        no: agreementNo(d.no, input.agreedAt),
        partyPositions: (positions as number[]).sort((a, b) => a - b),
        facts: input.facts,
        terms: input.terms,
        performance: input.performance,
        agreedAt: input.agreedAt,
        mediatorNames: d.mediators,
        committeeName: d.committee?.name ?? "",
        judicialRequested: input.judicialRequested,
        judicialDueAt: dueAfter(input.agreedAt, { amount: settings.judicialDays, unit: "DAY" }, cal),
        createdById: viewer.id,
      },
      select: { id: true, no: true },
    });
    return { data: { concludedAt: input.agreedAt }, details: { agreementId: agreement.id, no: agreement.no, judicialRequested: input.judicialRequested }, result: { id: d.id, agreementId: agreement.id } };
  });
}

/** A failed mediation referred on; to dispatch it becomes an event made in the same transaction. */
export async function referDispute(viewer: Viewer, input: ReferInput) {
  await authorize(viewer, "center.disputes.edit");
  const data = (eventId: string | null): Prisma.DisputeUpdateManyMutationInput => ({
    referral: input.referral,
    referralBody: input.referralBody,
    referralNote: input.note,
    referralEventId: eventId,
    concludedAt: new Date(),
  });
  if (input.referral !== "DISPATCH") {
    await step(viewer, input, "refer", async () => ({ data: data(null), details: { referral: input.referral, referralBody: input.referralBody } }));
    return { id: input.id, eventId: null };
  }
  const pre = await db.dispute.findFirst({ where: { id: input.id, ...centerScope(viewer) }, select: STEP_SELECT });
  if (!pre) throw notFound();
  const made = await createLinkedEvent(
    viewer,
    { ...input.event!, requestKey: input.requestKey!, title: pre.title, description: `${pre.title}\n${input.note}` },
    async (tx, eventId) => {
      const d = await loadStep(tx, viewer, input.id, input.version, "refer");
      await advance(tx, viewer, d, "refer", data(eventId));
      await audit(tx, viewer, "dispute.refer", "dispute", d.id, { referral: "DISPATCH", eventId });
    },
  );
  if (made.repeated) {
    const linked = await db.dispute.count({ where: { id: input.id, referralEventId: made.id } });
    if (!linked) throw new AppError("CONFLICT", { key: "centerEventKeyUsed" });
  }
  return { id: input.id, eventId: made.id };
}

export async function uploadAgreementScan(viewer: Viewer, input: ScanInput) {
  await authorize(viewer, "center.disputes.edit");
  return withUploads(input.files, "document", "files", (staged) =>
    db.$transaction(async (tx) => {
      const d = await tx.dispute.findFirst({ where: { id: input.id, ...centerScope(viewer) }, select: { id: true, status: true, agreement: { select: { id: true } } } });
      if (!d) throw notFound();
      if (!d.agreement || !["AGREED", "CLOSED"].includes(d.status)) throw refusalError("state");
      const rows = await attachStaged(tx, staged, { ownerType: AGREEMENT_SCAN, ownerId: d.agreement.id }, viewer.id);
      await audit(tx, viewer, "dispute.scan", "dispute", d.id, { attachments: rows.map((r) => r.id) });
      return { id: d.id, files: rows.length };
    }, TX),
  );
}

export async function recordFollowUp(viewer: Viewer, input: FollowUpInput) {
  return step(viewer, input, "followUp", async (tx, d) => {
    if (d.agreement && input.visitedAt < d.agreement.agreedAt) throw new AppError("VALIDATION", { key: "centerBeforeAgreement" }, { visitedAt: "validation.centerBeforeAgreement" });
    await tx.disputeFollowUp.create({ data: { disputeId: d.id, visitedAt: input.visitedAt, fulfilled: input.fulfilled, note: input.note, createdById: viewer.id } });
    return { details: { fulfilled: input.fulfilled } };
  });
}

export async function applyJudicial(viewer: Viewer, input: JudicialApplyInput) {
  return step(
    viewer,
    input,
    "judicialApply",
    async (tx, d) => {
      if (input.appliedAt < d.agreement!.agreedAt) throw new AppError("VALIDATION", { key: "centerBeforeAgreement" }, { appliedAt: "validation.centerBeforeAgreement" });
      await tx.mediationAgreement.update({ where: { id: d.agreement!.id }, data: { judicialRequested: true, judicialAppliedAt: input.appliedAt, judicialCourt: input.court } });
      return { details: { appliedAt: input.appliedAt.toISOString(), court: input.court } };
    },
    // Whether it came in time is judged by the day it was applied for.
    input.appliedAt,
  );
}

export async function recordJudicialResult(viewer: Viewer, input: JudicialResultInput) {
  return step(viewer, input, "judicialResult", async (tx, d) => {
    const agreement = await tx.mediationAgreement.findUniqueOrThrow({ where: { id: d.agreement!.id }, select: { judicialAppliedAt: true } });
    if (agreement.judicialAppliedAt && input.resultAt < agreement.judicialAppliedAt)
      throw new AppError("VALIDATION", { key: "centerBeforeApplication" }, { resultAt: "validation.centerBeforeApplication" });
    await tx.mediationAgreement.update({ where: { id: d.agreement!.id }, data: { judicialResult: input.result, judicialResultAt: input.resultAt, judicialNote: input.note } });
    return { details: { result: input.result } };
  });
}

export async function changeRisk(viewer: Viewer, input: RiskInput) {
  return step(viewer, input, "risk", async (tx, d) => {
    if (isHighRisk(input.risk) && !isHighRisk(d.risk)) await notifyHighRisk(tx, viewer, d);
    return { data: { risk: input.risk, riskReason: input.reason }, details: { risk: [d.risk, input.risk], reason: input.reason } };
  });
}

export async function closeDispute(viewer: Viewer, input: CloseDisputeInput) {
  return step(viewer, input, "close", async () => ({ data: { closedAt: new Date(), closeNote: input.note }, details: { note: input.note } }));
}

// --- the agreement as printed -------------------------------------------------------------

export async function getAgreementPrint(viewer: Viewer, disputeId: string) {
  await authorize(viewer, "center.records.view");
  const d = await db.dispute.findFirst({
    where: { id: disputeId, ...centerScope(viewer) },
    select: {
      id: true,
      no: true,
      registeredAt: true,
      title: true,
      unit: { select: { name: true } },
      parties: { orderBy: { position: "asc" }, select: { position: true, kind: true, name: true, sex: true, ethnicity: true, age: true, occupation: true, address: true, phone: true, creditCode: true, representative: true } },
      agreement: { select: { no: true, partyPositions: true, facts: true, terms: true, performance: true, agreedAt: true, mediatorNames: true, committeeName: true } },
    },
  });
  if (!d || !d.agreement) throw notFound();
  const signed = new Set(d.agreement.partyPositions);
  return {
    id: d.id,
    code: disputeNo(d.no, d.registeredAt),
    title: d.title,
    centerName: d.unit.name,
    parties: d.parties.filter((p) => signed.has(p.position)),
    ...d.agreement,
  };
}
export type AgreementPrint = Awaited<ReturnType<typeof getAgreementPrint>>;

/** An agreement's signed scan, for viewers who may see its case. */
export async function getAgreementScan(viewer: Viewer, attachmentId: string) {
  await authorize(viewer, "center.records.view");
  const att = await db.attachment.findFirst({ where: { id: attachmentId, ownerType: AGREEMENT_SCAN }, select: { id: true, ownerId: true, fileName: true, mimeType: true, size: true, sha256: true } });
  if (!att) throw notFound();
  const inScope = await db.mediationAgreement.count({ where: { id: att.ownerId, dispute: centerScope(viewer) } });
  if (!inScope) throw notFound();
  return att;
}

/** Mediation committees a case of the viewer's center may be given to. */
export async function committeeOptions(viewer: Viewer) {
  await authorize(viewer, "center.records.view");
  return db.mediationCommittee.findMany({ where: { unit: { OR: [unitsWithin(viewer), { id: { in: viewer.unitPath } }] } }, select: { id: true, name: true }, orderBy: { id: "asc" } });
}

/** A screening record of the viewer's centers, to register a dispute from it. */
export async function screeningRef(viewer: Viewer, id: string) {
  await authorize(viewer, "center.records.view");
  if (id.length > 40) return null;
  return db.disputeScreening.findFirst({ where: { id, ...centerScope(viewer) }, select: { id: true, gridId: true } });
}
