import { randomUUID } from "node:crypto";
import * as center from "@/lib/center/data";
import type { Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { fixture } from "../fixtures";
import { NOT_APPLICABLE, type AuthzCases } from "./types";

// The governance center's actions in the authorization matrix. "Outside" targets are
// records of the other county's center (county B), written straight to the database.

const k = () => randomUUID().replaceAll("-", "").slice(0, 24);
const police = () => db.department.findUniqueOrThrow({ where: { code: "public-security" }, select: { id: true } }).then((d) => d.id);

async function disputeAt(unitId: number, gridId: number, createdById: string) {
  return db.dispute.create({
    data: { unitId, gridId, title: "测试纠纷", facts: "事实", type: "NEIGHBOUR", risk: "YELLOW", riskReason: "理由", source: "INTAKE", registeredAt: new Date(), createdById, requestKey: k(), parties: { create: [{ position: 1, kind: "ORGANISATION", name: "甲公司" }, { position: 2, kind: "ORGANISATION", name: "乙公司" }] } },
    select: { id: true, version: true },
  });
}

const inB = () => ({ unitId: fixture().units.B, createdById: fixture().users.adminB });

async function petitionInB() {
  return db.petition.create({
    data: { ...inB(), regNo: `B-${k()}`, channel: "WALK_IN", topic: "OTHER", title: "邻县信访", matter: "事项", responsibleBody: "某局", registeredAt: new Date(), acceptDueAt: new Date(Date.now() + 86_400_000), requestKey: k() },
    select: { id: true, version: true },
  });
}

async function whistleAt(unitId: number, caseId: string, blownById: string) {
  return db.centerWhistle.create({
    data: { unitId, departmentId: await police(), caseKind: "DISPUTE", caseId, caseLabel: "测试", reason: "到场", blownAt: new Date(), blownById, reportDueAt: new Date(Date.now() + 3_600_000), requestKey: k() },
    select: { id: true, version: true },
  });
}

const newVisitor = (name: string) => ({ source: "new" as const, name, phone: null, idNumber: null });

function noLeak(unitIds: number[], viewer: Viewer) {
  if (unitIds.includes(fixture().units.B) || unitIds.some((u) => u === fixture().units.TB)) throw new Error(`the other county leaked to ${viewer.username}`);
}

export const centerCases: AuthzCases = {
  "center.view": async (viewer, inside) => {
    if (inside) return center.getCenterPage(viewer);
    const d = await disputeAt(fixture().units.B, fixture().units.GB, fixture().users.adminB);
    const w = await whistleAt(fixture().units.B, d.id, fixture().users.adminB);
    return center.getWhistle(viewer, w.id);
  },
  "center.records.view": async (viewer, inside) => {
    const b = await disputeAt(fixture().units.B, fixture().units.GB, fixture().users.adminB);
    if (!inside) return center.getDispute(viewer, b.id);
    const list = await center.listDisputes(viewer, {});
    if (list.items.some((d) => d.id === b.id)) throw new Error("another county's dispute leaked");
  },
  "center.intake": async (viewer, inside) =>
    inside
      ? center.createIntake(viewer, { requestKey: k(), visitor: newVisitor("来访人"), channel: "WALK_IN", matterType: "CONSULTATION", topic: "OTHER", content: "咨询", receivedAt: new Date(), handling: "ANSWERED", answer: "已答复", consultant: null })
      : NOT_APPLICABLE,
  "center.disputes.edit": async (viewer, inside) => {
    if (!inside) {
      const b = await disputeAt(fixture().units.B, fixture().units.GB, fixture().users.adminB);
      return center.assignMediators(viewer, { id: b.id, version: b.version, committeeId: null, newCommittee: null, mediators: "调解员" });
    }
    const party = (name: string) => ({ kind: "PERSON" as const, visitor: newVisitor(name), name: null, occupation: null, address: null, phone: null, creditCode: null, representative: null });
    return center.createDispute(viewer, { requestKey: k(), title: "纠纷", type: "NEIGHBOUR", facts: "事实", amount: null, risk: "GREEN", riskReason: "轻微", gridId: fixture().units.G111, source: "INTAKE", screeningId: null, referredBy: null, registeredAt: new Date(), parties: [party("甲"), party("乙")] });
  },
  "center.petitions.edit": async (viewer, inside) => {
    if (!inside) {
      const p = await petitionInB();
      return center.decidePetition(viewer, { id: p.id, version: p.version, accept: true, decidedAt: new Date(), reason: null });
    }
    return center.createPetition(viewer, { requestKey: k(), channel: "WALK_IN", topic: "OTHER", title: "信访", matter: "事项", headcount: 1, responsibleBody: "某局", responsibleDepartmentId: null, gridId: null, registeredAt: new Date(), petitioners: [newVisitor("信访人")] });
  },
  "center.meetings.edit": async (viewer, inside) => {
    if (!inside) {
      const m = await db.centerMeeting.create({ data: { ...inB(), kind: "JOINT", title: "邻县会议", scheduledAt: new Date(), place: "x", requestKey: k() }, select: { id: true } });
      return center.recordMinutes(viewer, { id: m.id, version: 1, minutes: "纪要" });
    }
    return center.createMeeting(viewer, { requestKey: k(), kind: "CONSULTATION", title: "会商", scheduledAt: new Date(), place: "会议室", agenda: null, departmentIds: [], cases: [] });
  },
  "center.opendays.edit": async (viewer, inside) => {
    if (!inside) {
      const d = await db.openDay.create({ data: { unitId: fixture().units.VB, heldOn: new Date(), place: "x", officials: "y", createdById: fixture().users.adminB, requestKey: k() }, select: { id: true } });
      return center.markOpenDayHeld(viewer, { id: d.id, version: 1, residentsHeard: 10, summary: null });
    }
    return center.createOpenDay(viewer, { requestKey: k(), unitId: fixture().units.V11, heldOn: new Date(), place: "党群服务中心", officials: "镇长" });
  },
  "center.stations.edit": async (viewer, inside) =>
    center.setPost(viewer, { unitId: inside ? viewer.unitId : fixture().units.B, departmentId: await police(), mode: "ON_CALL", note: null }),
  "center.whistle": async (viewer, inside) => {
    const d = inside ? await disputeAt(viewer.unitId, fixture().units.G111, viewer.id) : await disputeAt(fixture().units.B, fixture().units.GB, fixture().users.adminB);
    await db.centerPost.create({ data: { unitId: inside ? viewer.unitId : fixture().units.B, departmentId: await police(), mode: "ON_CALL" } });
    return center.blowWhistle(viewer, { requestKey: k(), departmentId: await police(), caseKind: "DISPUTE", caseId: d.id, reason: "请到场" });
  },
  "center.whistle.answer": async (viewer, inside) => {
    const unitId = inside ? fixture().units.A : fixture().units.B;
    const d = await disputeAt(unitId, inside ? fixture().units.G111 : fixture().units.GB, fixture().users.center);
    const w = await whistleAt(unitId, d.id, fixture().users.center);
    return center.answerWhistle(viewer, { id: w.id, version: w.version, note: "已报到" });
  },
  "center.configure": async (viewer, inside) =>
    inside
      ? center.saveCenterSettings(viewer, { version: 0, acceptAmount: 15, acceptUnit: "DAY", handleAmount: 60, handleUnit: "DAY", extensionMaxDays: 30, judicialDays: 30, whistleAmount: 2, whistleUnit: "WORKHOUR", nearDays: 3 })
      : NOT_APPLICABLE,
  "center.reports": async (viewer, inside) => {
    if (!inside) return center.monthlyReport(viewer, { unitId: fixture().units.B });
    const r = await center.monthlyReport(viewer, {});
    noLeak([...r.rows.map((x) => x.unitId), ...r.units.map((u) => u.id)], viewer);
  },
};
