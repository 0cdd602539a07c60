// Governance center fixtures on top of tests/support/fixtures.ts: the dispatch reference
// data (categories, calendar) the center's events need, residents registered through the
// people module's own function, mediation committees, departments stationed at the
// county's center, and helpers that register visitors, disputes and petitions.
import { randomUUID } from "node:crypto";
import * as center from "@/lib/center/data";
import type { DisputeInput, PartyInput, PetitionInput, VisitorRef } from "@/lib/center/schemas";
import { invalidateDispatchConfig } from "@/lib/dispatch/config";
import { createResident } from "@/lib/people/data";
import { db } from "@/lib/server/db";
import { seedDispatchReference } from "@/prisma/seed/dispatch";
import { fixture, viewerFor, type UnitKey } from "./fixtures";
import { idFor, residentInput } from "./people";

export interface CenterFixture {
  /** Residents by name: 甲 and 乙 in G111, 丙 in G112, 丁 in G121, 戊 in G211, 己 in GB (the other county). */
  residents: Record<"甲" | "乙" | "丙" | "丁" | "戊" | "己", string>;
  idNumbers: Record<string, string>;
  categoryId: number;
  police: number;
  justice: number;
  health: number;
  market: number;
  committeeA: number;
  committeeV11: number;
}

const RESIDENTS: [keyof CenterFixture["residents"], UnitKey, string][] = [
  ["甲", "G111", "admin"],
  ["乙", "G111", "admin"],
  ["丙", "G112", "admin"],
  ["丁", "G121", "admin"],
  ["戊", "G211", "admin"],
  ["己", "GB", "adminB"],
];

export const key = () => randomUUID().replaceAll("-", "").slice(0, 24);
const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000);
export const ago = at;

/** Call in beforeEach, after the fixture reset. */
export async function setupCenter(): Promise<CenterFixture> {
  await seedDispatchReference(db);
  invalidateDispatchConfig();
  const residents = {} as CenterFixture["residents"];
  const idNumbers: Record<string, string> = {};
  for (const [i, [name, grid, who]] of RESIDENTS.entries()) {
    const input = residentInput(grid, 7000 + i, { name: `居民${name}` });
    const r = await createResident(await viewerFor(who), input);
    residents[name] = r.id;
    idNumbers[name] = input.idNumber;
  }
  const police = (await db.department.findUniqueOrThrow({ where: { code: "public-security" } })).id;
  const dept = (code: string, name: string) => db.department.create({ data: { code, name, nameEn: code }, select: { id: true } }).then((d) => d.id);
  const justice = await dept("justice", "司法局");
  const health = await dept("health", "卫生健康局");
  const market = await dept("market-regulation", "市场监督管理局");
  const { units } = fixture();
  // The administrators station the police at the county's center; the center adds how the others come.
  await db.departmentStation.create({ data: { departmentId: police, unitId: units.A } });
  await db.centerPost.createMany({
    data: [
      { unitId: units.A, departmentId: justice, mode: "ROTATING", note: "每周二" },
      { unitId: units.A, departmentId: health, mode: "ON_CALL" },
    ],
  });
  const committeeA = (await db.mediationCommittee.create({ data: { unitId: units.A, name: "测试县人民调解委员会" } })).id;
  const committeeV11 = (await db.mediationCommittee.create({ data: { unitId: units.V11, name: "东村人民调解委员会" } })).id;
  const categoryId = (await db.eventCategory.findUniqueOrThrow({ where: { code: "disputes-neighbour" } })).id;
  return { residents, idNumbers, categoryId, police, justice, health, market, committeeA, committeeV11 };
}

export const resident = (id: string): VisitorRef => ({ source: "resident", residentId: id });
export const person = (ref: VisitorRef): PartyInput => ({ kind: "PERSON", visitor: ref, name: null, occupation: null, address: null, phone: null, creditCode: null, representative: null });
export const organisation = (name: string): PartyInput => ({ kind: "ORGANISATION", name, creditCode: "91620981MA71X3K2A5", representative: "钱某", occupation: null, address: "测试县工业园", phone: null });

export function disputeInput(grid: UnitKey, parties: PartyInput[], extra: Partial<DisputeInput> = {}): DisputeInput {
  return {
    requestKey: key(),
    title: "相邻排水纠纷",
    type: "NEIGHBOUR",
    facts: "甲方反映乙方改建排水沟，雨水流入甲方院内，双方多次争吵。",
    amount: 3000,
    risk: "YELLOW",
    riskReason: "双方分歧较大",
    gridId: fixture().units[grid],
    source: "INTAKE",
    screeningId: null,
    referredBy: null,
    registeredAt: at(3),
    parties,
    ...extra,
  };
}

export async function registerDispute(username: string, grid: UnitKey, parties: PartyInput[], extra: Partial<DisputeInput> = {}) {
  return center.createDispute(await viewerFor(username), disputeInput(grid, parties, extra));
}

const versionOf = async (id: string) => (await db.dispute.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
const partyIds = async (id: string) => (await db.disputeParty.findMany({ where: { disputeId: id }, orderBy: { position: "asc" }, select: { id: true } })).map((p) => p.id);

/** Takes a case from registration to an agreement. */
export async function mediateToAgreement(username: string, disputeId: string, committeeId: number | null, when: { session: Date; agreed: Date; judicialRequested?: boolean } = { session: at(2), agreed: at(1) }) {
  const viewer = await viewerFor(username);
  await center.assignMediators(viewer, { id: disputeId, version: await versionOf(disputeId), committeeId, newCommittee: null, mediators: "张调解、李调解" });
  await center.recordSession(viewer, { id: disputeId, version: await versionOf(disputeId), heldAt: when.session, place: "调解室", present: "双方当事人、调解员", notes: "释法说理，双方同意协商。" });
  return center.recordAgreement(viewer, {
    id: disputeId,
    version: await versionOf(disputeId),
    partyIds: await partyIds(disputeId),
    facts: "乙方改建排水沟致雨水流入甲方院内。",
    terms: "一、乙方于十日内恢复原排水沟走向。\n二、乙方赔偿甲方损失人民币一千元。",
    performance: "十日内履行完毕。",
    agreedAt: when.agreed,
    judicialRequested: when.judicialRequested ?? false,
  });
}

export function petitionInput(petitioners: VisitorRef[], extra: Partial<PetitionInput> = {}): PetitionInput {
  return {
    requestKey: key(),
    channel: "WALK_IN",
    topic: "LAND_HOUSING",
    title: "反映承包地补偿款未到位",
    matter: "承包地被道路工程占用，补偿款至今未发放。",
    headcount: 1,
    responsibleBody: "自然资源局",
    responsibleDepartmentId: null,
    gridId: null,
    registeredAt: at(2),
    petitioners,
    ...extra,
  };
}

export { versionOf as disputeVersion, partyIds as disputePartyIds, idFor };

/** How many rows the center's tables hold: a refused request must leave these unchanged. */
export async function centerRowCounts() {
  const [visitors, intakes, disputes, parties, sessions, agreements, petitions, whistles, events, notifications, sentiments, screenings, meetings, decisions] = await Promise.all([
    db.centerVisitor.count(),
    db.centerIntake.count(),
    db.dispute.count(),
    db.disputeParty.count(),
    db.mediationSession.count(),
    db.mediationAgreement.count(),
    db.petition.count(),
    db.centerWhistle.count(),
    db.event.count(),
    db.notification.count(),
    db.sentimentEntry.count(),
    db.disputeScreening.count(),
    db.centerMeeting.count(),
    db.meetingDecision.count(),
  ]);
  return { visitors, intakes, disputes, parties, sessions, agreements, petitions, whistles, events, notifications, sentiments, screenings, meetings, decisions };
}
