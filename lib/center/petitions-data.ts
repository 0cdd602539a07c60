import "server-only";
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { eventScope } from "@/lib/dispatch/engine";
import { authorize, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import type { Tx } from "@/lib/server/prisma";
import { dueAfter, dueState, extendedDue } from "./deadlines";
import { isJointPetition, OPEN_PETITION, petitionActions, petitionNext, petitionRefusal, REPEAT_WINDOW_DAYS, type PetitionAction, type PetitionStatus } from "./permissions";
import type {
  DecideInput,
  ExtendInput,
  PetitionDispatchInput,
  PetitionInput,
  PetitionListQuery,
  ReplyInput,
  ReviewInput,
  ReviewResultInput,
  SatisfactionInput,
  VisitorRef,
} from "./schemas";
import { audit, calendar, centerScope, countyOf, createLinkedEvent, deadlinesOf, gridInScope, ownCenter, PAGE, resolveVisitor, staleOrMissing, TX, userNames } from "./shared";

// Petitions (信访): registration, the acceptance decision within 15 days, handling within
// 60 days of acceptance (through a dispatch event), one extension of at most 30 days, the
// written reply, satisfaction and a request for review. The periods are the county's
// settings (defaults: the Regulations on Letters and Visits), computed with the shared
// holiday calendar. Joint petitions (5 or more people) and repeats are flagged at
// registration.

const DAY = 86_400_000;

export function petitionRegNo(no: number, at: Date): string {
  const year = new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();
  return `信〔${year}〕${String(no).padStart(5, "0")}号`;
}

type NewPetition = Omit<PetitionInput, "petitioners"> & { petitioners: VisitorRef[] };

/** Writes a petition and its petitioners in the caller's transaction; the intake desk uses it too. */
export async function insertPetition(tx: Tx, viewer: Viewer, input: NewPetition) {
  const unitId = ownCenter(viewer);
  const countyId = countyOf(viewer);
  if (input.gridId !== null) await gridInScope(tx, viewer, input.gridId);
  if (input.responsibleDepartmentId !== null) {
    const dept = await tx.department.count({ where: { id: input.responsibleDepartmentId, enabled: true } });
    if (!dept) throw new AppError("VALIDATION", { key: "centerDepartmentNotFound" }, { responsibleDepartmentId: "validation.centerDepartmentNotFound" });
  }
  const visitors: string[] = [];
  for (const ref of input.petitioners) {
    const v = await resolveVisitor(tx, viewer, ref);
    if (!visitors.includes(v.id)) visitors.push(v.id);
  }
  // A repeat: one of the petitioners petitioned on the same matter in the county before.
  const earlier = await tx.petition.findFirst({
    where: {
      unit: { pathIds: { has: countyId } },
      topic: input.topic,
      registeredAt: { gte: new Date(input.registeredAt.getTime() - REPEAT_WINDOW_DAYS * DAY), lte: input.registeredAt },
      petitioners: { some: { visitorId: { in: visitors } } },
    },
    orderBy: { registeredAt: "asc" },
    select: { id: true },
  });
  const settings = await deadlinesOf(tx, countyId);
  const cal = await calendar(tx);
  const created = await tx.petition.create({
    data: {
      // A placeholder until the serial is known (unique, dropped in the same transaction).
      regNo: `tmp-${randomUUID()}`,
      unitId,
      gridId: input.gridId,
      channel: input.channel,
      topic: input.topic,
      title: input.title,
      matter: input.matter,
      headcount: input.headcount,
      isJoint: isJointPetition(input.headcount, visitors.length),
      isRepeat: !!earlier,
      repeatOfId: earlier?.id ?? null,
      responsibleBody: input.responsibleBody,
      responsibleDepartmentId: input.responsibleDepartmentId,
      registeredAt: input.registeredAt,
      acceptDueAt: dueAfter(input.registeredAt, { amount: settings.acceptAmount, unit: settings.acceptUnit }, cal),
      createdById: viewer.id,
      requestKey: input.requestKey,
      petitioners: { create: visitors.map((visitorId, i) => ({ visitorId, position: i + 1 })) },
    },
    select: { id: true, no: true, isJoint: true, isRepeat: true },
  });
  const regNo = petitionRegNo(created.no, input.registeredAt);
  await tx.petition.update({ where: { id: created.id }, data: { regNo } });
  await audit(tx, viewer, "petition.create", "petition", created.id, { regNo, joint: created.isJoint, repeat: created.isRepeat, petitioners: visitors.length });
  return { ...created, regNo };
}

export async function createPetition(viewer: Viewer, input: PetitionInput) {
  await authorize(viewer, "center.petitions.edit");
  const existing = await db.petition.findUnique({ where: { createdById_requestKey: { createdById: viewer.id, requestKey: input.requestKey } }, select: { id: true, regNo: true, isJoint: true, isRepeat: true } });
  if (existing) return { ...existing, repeated: true };
  return db.$transaction(async (tx) => {
    const p = await insertPetition(tx, viewer, input);
    return { id: p.id, regNo: p.regNo, isJoint: p.isJoint, isRepeat: p.isRepeat, repeated: false };
  }, TX);
}

// --- reading -------------------------------------------------------------------------------

/** The deadline running now: acceptance while registered, handling once accepted. */
function runningDue(p: { status: string; acceptDueAt: Date; handleDueAt: Date | null }): Date | null {
  if (p.status === "REGISTERED") return p.acceptDueAt;
  if (p.status === "ACCEPTED" || p.status === "HANDLING") return p.handleDueAt;
  return null;
}

export async function listPetitions(viewer: Viewer, q: PetitionListQuery) {
  await authorize(viewer, "center.records.view");
  const settings = await deadlinesOf(db, countyOf(viewer));
  const now = new Date();
  const near = new Date(now.getTime() + settings.nearDays * DAY);
  const dueBefore = (before: Date): Prisma.PetitionWhereInput => ({
    OR: [
      { status: "REGISTERED", acceptDueAt: { lte: before } },
      { status: { in: ["ACCEPTED", "HANDLING"] }, handleDueAt: { lte: before } },
    ],
  });
  const flag: Prisma.PetitionWhereInput =
    q.flag === "joint" ? { isJoint: true } : q.flag === "repeat" ? { isRepeat: true } : q.flag === "near" ? dueBefore(near) : q.flag === "overdue" ? dueBefore(now) : {};
  const where: Prisma.PetitionWhereInput = {
    AND: [
      centerScope(viewer),
      q.status === "OPEN" ? { status: { in: [...OPEN_PETITION] } } : q.status ? { status: q.status } : {},
      flag,
      q.q ? { OR: [{ title: { contains: q.q } }, { regNo: { contains: q.q } }, { petitioners: { some: { visitor: { name: { startsWith: q.q } } } } }] } : {},
    ],
  };
  const page = q.page ?? 1;
  const [rows, total] = await Promise.all([
    db.petition.findMany({
      where,
      orderBy: [{ registeredAt: "desc" }, { no: "desc" }],
      skip: (page - 1) * PAGE,
      take: PAGE,
      select: {
        id: true,
        regNo: true,
        title: true,
        channel: true,
        topic: true,
        status: true,
        isJoint: true,
        isRepeat: true,
        headcount: true,
        registeredAt: true,
        acceptDueAt: true,
        handleDueAt: true,
        unit: { select: { name: true } },
        petitioners: { orderBy: { position: "asc" }, take: 3, select: { visitor: { select: { id: true, name: true } } } },
      },
    }),
    db.petition.count({ where }),
  ]);
  return {
    items: rows.map((r) => {
      const due = runningDue(r);
      return { ...r, petitioners: r.petitioners.map((p) => p.visitor), due, dueState: dueState(now, due, settings.nearDays) };
    }),
    total,
    pages: Math.max(1, Math.ceil(total / PAGE)),
  };
}

export async function getPetition(viewer: Viewer, id: string) {
  await authorize(viewer, "center.records.view");
  const p = await db.petition.findFirst({
    where: { id, ...centerScope(viewer) },
    select: {
      id: true,
      regNo: true,
      version: true,
      unitId: true,
      unit: { select: { name: true } },
      gridId: true,
      channel: true,
      topic: true,
      title: true,
      matter: true,
      headcount: true,
      isJoint: true,
      isRepeat: true,
      repeatOfId: true,
      responsibleBody: true,
      responsibleDepartment: { select: { id: true, name: true } },
      status: true,
      registeredAt: true,
      acceptDueAt: true,
      decidedAt: true,
      notAcceptedReason: true,
      handleDueAt: true,
      extendedDays: true,
      extensionReason: true,
      eventId: true,
      replyText: true,
      repliedAt: true,
      repliedOnTime: true,
      satisfaction: true,
      reviewRequestedAt: true,
      reviewBody: true,
      reviewResult: true,
      reviewedAt: true,
      closedAt: true,
      createdById: true,
      petitioners: { orderBy: { position: "asc" }, select: { visitor: { select: { id: true, name: true, idMasked: true, residentId: true } } } },
    },
  });
  if (!p) throw notFound();
  const now = new Date();
  const [settings, names, event, repeatOf, grid, whistles] = await Promise.all([
    deadlinesOf(db, countyOf(viewer)),
    userNames([p.createdById]),
    p.eventId ? db.event.findFirst({ where: { id: p.eventId, ...eventScope(viewer) }, select: { id: true, no: true, state: true, dueAt: true } }) : null,
    p.repeatOfId ? db.petition.findFirst({ where: { id: p.repeatOfId, ...centerScope(viewer) }, select: { id: true, regNo: true, title: true } }) : null,
    p.gridId ? db.unit.findUnique({ where: { id: p.gridId }, select: { name: true } }) : null,
    db.centerWhistle.findMany({ where: { caseKind: "PETITION", caseId: p.id }, orderBy: { blownAt: "desc" }, select: { id: true, status: true, blownAt: true, reportDueAt: true, reportedAt: true, reason: true, reportNote: true, department: { select: { name: true } } } }),
  ]);
  const due = runningDue(p);
  const { createdById, ...rest } = p;
  return {
    ...rest,
    unitName: p.unit.name,
    gridName: grid?.name ?? null,
    petitioners: p.petitioners.map((x) => x.visitor),
    createdByName: names.get(createdById) ?? null,
    due,
    dueState: dueState(now, due, settings.nearDays),
    acceptState: dueState(now, p.acceptDueAt, settings.nearDays, p.decidedAt),
    handleState: dueState(now, p.handleDueAt, settings.nearDays, p.repliedAt),
    extensionMaxDays: settings.extensionMaxDays,
    event,
    repeatOf,
    whistles: whistles.map((w) => ({ ...w, department: w.department.name, late: w.reportedAt ? w.reportedAt > w.reportDueAt : now > w.reportDueAt })),
    actions: viewer.permissions.includes("center.petitions.edit") ? petitionActions({ status: p.status as PetitionStatus, extendedDays: p.extendedDays, eventId: p.eventId }) : [],
  };
}
export type PetitionDetail = Awaited<ReturnType<typeof getPetition>>;

// --- steps -------------------------------------------------------------------------------

const STEP = {
  id: true,
  version: true,
  status: true,
  title: true,
  matter: true,
  regNo: true,
  registeredAt: true,
  decidedAt: true,
  handleDueAt: true,
  extendedDays: true,
  eventId: true,
  repliedAt: true,
  reviewRequestedAt: true,
  petitioners: { orderBy: { position: "asc" }, take: 1, select: { visitor: { select: { name: true, phone: true } } } },
} satisfies Prisma.PetitionSelect;
type StepPetition = Prisma.PetitionGetPayload<{ select: typeof STEP }>;

async function loadStep(tx: Tx, viewer: Viewer, id: string, version: number, action: PetitionAction): Promise<StepPetition> {
  const p = await tx.petition.findFirst({ where: { id, ...centerScope(viewer) }, select: STEP });
  if (!p) throw notFound();
  if (p.version !== version) throw new AppError("STALE");
  const refusal = petitionRefusal(action, { status: p.status as PetitionStatus, extendedDays: p.extendedDays, eventId: p.eventId });
  if (refusal) throw new AppError("CONFLICT", { key: `centerPetition_${refusal}` });
  return p;
}

async function advance(tx: Tx, viewer: Viewer, p: StepPetition, action: PetitionAction, data: Prisma.PetitionUpdateManyMutationInput, accepted?: boolean) {
  const { count } = await tx.petition.updateMany({
    where: { id: p.id, version: p.version, ...centerScope(viewer) },
    data: { ...data, status: petitionNext(action, p.status as PetitionStatus, accepted), version: { increment: 1 } },
  });
  if (count === 0) staleOrMissing(true);
}

async function step(viewer: Viewer, input: { id: string; version: number }, action: PetitionAction, plan: (tx: Tx, p: StepPetition) => Promise<{ data: Prisma.PetitionUpdateManyMutationInput; details?: Prisma.InputJsonValue; accepted?: boolean }>) {
  await authorize(viewer, "center.petitions.edit");
  return db.$transaction(async (tx) => {
    const p = await loadStep(tx, viewer, input.id, input.version, action);
    const out = await plan(tx, p);
    await advance(tx, viewer, p, action, out.data, out.accepted);
    await audit(tx, viewer, `petition.${action}`, "petition", p.id, out.details);
    return { id: p.id };
  }, TX);
}

const notBefore = (at: Date, earliest: Date | null, field: string, key: string) => {
  if (earliest && at.getTime() < earliest.getTime()) throw new AppError("VALIDATION", { key }, { [field]: `validation.${key}` });
};

/** Accept or not: the decision date cannot precede the registration. */
export async function decidePetition(viewer: Viewer, input: DecideInput) {
  const settings = await deadlinesOf(db, countyOf(viewer));
  const cal = await calendar();
  return step(viewer, input, "decide", async (_tx, p) => {
    notBefore(input.decidedAt, p.registeredAt, "decidedAt", "centerPetitionDecidedBeforeRegistered");
    if (!input.accept) return { data: { decidedAt: input.decidedAt, notAcceptedReason: input.reason, closedAt: input.decidedAt }, details: { accept: false, reason: input.reason }, accepted: false };
    const handleDueAt = dueAfter(input.decidedAt, { amount: settings.handleAmount, unit: settings.handleUnit }, cal);
    return { data: { decidedAt: input.decidedAt, handleDueAt }, details: { accept: true, handleDueAt: handleDueAt.toISOString() }, accepted: true };
  });
}

/** Handling through the dispatch workflow: an event linked to the petition, made in one transaction with the link. */
export async function dispatchPetition(viewer: Viewer, input: PetitionDispatchInput) {
  await authorize(viewer, "center.petitions.edit");
  const pre = await db.petition.findFirst({ where: { id: input.id, ...centerScope(viewer) }, select: STEP });
  if (!pre) throw notFound();
  const contact = pre.petitioners[0]?.visitor;
  const made = await createLinkedEvent(
    viewer,
    {
      requestKey: input.requestKey,
      categoryId: input.categoryId,
      urgency: input.urgency,
      gridId: input.gridId,
      title: `【信访 ${pre.regNo}】${pre.title}`,
      description: pre.matter,
      contactName: contact?.name,
      contactPhone: contact?.phone,
    },
    async (tx, eventId) => {
      const p = await loadStep(tx, viewer, input.id, input.version, "dispatch");
      await advance(tx, viewer, p, "dispatch", { eventId });
      await audit(tx, viewer, "petition.dispatch", "petition", p.id, { eventId });
    },
  );
  if (made.repeated) {
    const linked = await db.petition.count({ where: { id: input.id, eventId: made.id } });
    if (!linked) throw new AppError("CONFLICT", { key: "centerEventKeyUsed" });
  }
  return { id: input.id, eventId: made.id, eventNo: made.no };
}

/** One extension of at most the county's maximum (30 days by default), counted on from the current deadline. */
export async function extendPetition(viewer: Viewer, input: ExtendInput) {
  const settings = await deadlinesOf(db, countyOf(viewer));
  const cal = await calendar();
  if (input.days > settings.extensionMaxDays)
    throw new AppError("VALIDATION", { key: "centerExtensionTooLong", values: { max: settings.extensionMaxDays } }, { days: "validation.centerExtensionTooLong" });
  return step(viewer, input, "extend", async (_tx, p) => {
    const handleDueAt = extendedDue(p.handleDueAt!, input.days, cal);
    return { data: { extendedDays: input.days, extensionReason: input.reason, handleDueAt }, details: { days: input.days, handleDueAt: handleDueAt.toISOString() } };
  });
}

export async function replyPetition(viewer: Viewer, input: ReplyInput) {
  return step(viewer, input, "reply", async (_tx, p) => {
    notBefore(input.repliedAt, p.decidedAt, "repliedAt", "centerReplyBeforeAcceptance");
    const onTime = p.handleDueAt ? input.repliedAt.getTime() <= p.handleDueAt.getTime() : null;
    return { data: { replyText: input.text, repliedAt: input.repliedAt, repliedOnTime: onTime }, details: { onTime } };
  });
}

export async function recordSatisfaction(viewer: Viewer, input: SatisfactionInput) {
  return step(viewer, input, "satisfaction", async () => ({ data: { satisfaction: input.satisfaction }, details: { satisfaction: input.satisfaction } }));
}

export async function requestReview(viewer: Viewer, input: ReviewInput) {
  return step(viewer, input, "review", async (_tx, p) => {
    notBefore(input.requestedAt, p.repliedAt, "requestedAt", "centerReviewBeforeReply");
    return { data: { reviewRequestedAt: input.requestedAt, reviewBody: input.reviewBody }, details: { reviewBody: input.reviewBody } };
  });
}

export async function recordReviewResult(viewer: Viewer, input: ReviewResultInput) {
  return step(viewer, input, "reviewResult", async (_tx, p) => {
    notBefore(input.reviewedAt, p.reviewRequestedAt, "reviewedAt", "centerReviewResultBeforeRequest");
    return { data: { reviewResult: input.result, reviewedAt: input.reviewedAt, closedAt: input.reviewedAt } };
  });
}

export async function closePetition(viewer: Viewer, input: { id: string; version: number }) {
  return step(viewer, input, "close", async () => ({ data: { closedAt: new Date() } }));
}
