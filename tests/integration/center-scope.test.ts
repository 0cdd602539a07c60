import { beforeEach, describe, expect, it } from "vitest";
import * as center from "@/lib/center/data";
import { whistleSchema } from "@/lib/center/schemas";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { fixture, viewerFor } from "../support/fixtures";
import { centerRowCounts, key, organisation, person, petitionInput, registerDispute, resident, setupCenter, type CenterFixture } from "../support/center";

let f: CenterFixture;
beforeEach(async () => {
  f = await setupCenter();
});

async function threeCenters() {
  // One case at each level: the county's center, the township's (东镇) and the community's (东村).
  const county = await registerDispute("center", "G211", [person(resident(f.residents.戊)), organisation("南村某公司")], { title: "县中心案件" });
  const township = await registerDispute("township", "G121", [person(resident(f.residents.丁)), organisation("西村某公司")], { title: "镇中心案件" });
  const community = await registerDispute("community", "G111", [person(resident(f.residents.甲)), person(resident(f.residents.乙))], { title: "社区案件" });
  return { county: county.id, township: township.id, community: community.id };
}

describe("scope: a center sees its own unit and what lies below it", () => {
  it("gives the community its community only, the township its township, the county everything", async () => {
    const ids = await threeCenters();
    const titles = async (username: string) => (await center.listDisputes(await viewerFor(username), {})).items.map((d) => d.title).sort();
    expect(await titles("community")).toEqual(["社区案件"]);
    expect(await titles("township")).toEqual(["社区案件", "镇中心案件"].sort());
    expect(await titles("center")).toEqual(["县中心案件", "社区案件", "镇中心案件"].sort());
    expect(await titles("leader")).toEqual(await titles("center"));
    expect(await titles("adminB")).toEqual([]);
    await expect(center.getDispute(await viewerFor("community"), ids.township)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(center.getDispute(await viewerFor("township"), ids.county)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(center.getAgreementPrint(await viewerFor("adminB"), ids.community)).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A step on a case out of reach is not found and changes nothing.
    await expect(center.assignMediators(await viewerFor("community"), { id: ids.township, version: 1, committeeId: null, newCommittee: null, mediators: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.dispute.findUniqueOrThrow({ where: { id: ids.township } })).version).toBe(1);
  });

  it("keeps petitions, intake and the center page to the same scope", async () => {
    await center.createPetition(await viewerFor("community"), petitionInput([resident(f.residents.甲)], { title: "社区信访" }));
    await center.createPetition(await viewerFor("center"), petitionInput([resident(f.residents.戊)], { title: "县信访" }));
    expect((await center.listPetitions(await viewerFor("community"), {})).items.map((p) => p.title)).toEqual(["社区信访"]);
    expect((await center.listPetitions(await viewerFor("township"), {})).items.map((p) => p.title)).toEqual(["社区信访"]);
    expect((await center.listPetitions(await viewerFor("center"), {})).items).toHaveLength(2);
    const page = await center.getCenterPage(await viewerFor("community"));
    expect(page.kind === "center" && page.center.id).toBe(fixture().units.V11);
    await expect(center.getCenterPage(await viewerFor("community"), fixture().units.A)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const county = await center.getCenterPage(await viewerFor("center"));
    if (county.kind !== "center") throw new Error("the county's staff get the center page");
    expect(county.center.id).toBe(fixture().units.A);
    expect(county.petitions).toEqual([]);
    expect(county.stations.map((s) => [s.name, s.mode, s.fromAdmin])).toEqual([
      ["公安局", "PERMANENT", true],
      ["司法局", "ROTATING", false],
      ["卫生健康局", "ON_CALL", false],
    ]);
  });

  it("shows near and overdue petitions and today's intake on the center page", async () => {
    const desk = await viewerFor("center");
    const old = await center.createPetition(desk, petitionInput([resident(f.residents.甲)], { registeredAt: new Date(Date.now() - 20 * 86_400_000), title: "超期未受理" }));
    await center.createPetition(desk, petitionInput([resident(f.residents.乙)], { title: "新登记" }));
    await center.createIntake(desk, { requestKey: key(), visitor: resident(f.residents.丙), channel: "PHONE", matterType: "CONSULTATION", topic: "OTHER", content: "咨询", receivedAt: new Date(Date.now() - 60_000), handling: "ANSWERED", answer: "已答复", consultant: null });
    const page = await center.getCenterPage(desk);
    if (page.kind !== "center") throw new Error("center page expected");
    expect(page.petitions.map((p) => [p.id, p.dueState])).toEqual([[old.id, "overdue"]]);
    expect(page.intake.count).toBe(1);
  });
});

describe("whistles", () => {
  it("summons a department stationed or on call; refuses one that is neither, with a clear message, changing nothing", async () => {
    const ids = await threeCenters();
    const desk = await viewerFor("center");
    const before = await centerRowCounts();
    const r = await runAction(desk, whistleSchema, center.blowWhistle, { requestKey: key(), departmentId: f.market, caseKind: "DISPUTE", caseId: ids.county, reason: "需市场监管部门到场" });
    expect(r).toMatchObject({ ok: false, code: "VALIDATION", message: "“市场监督管理局”未入驻本中心，也不在随叫随驻名单中，不能吹哨。" });
    expect(await centerRowCounts()).toEqual(before);
    // The township's center has nobody stationed: the county's permanent departments are not its own.
    const atTownship = await runAction(await viewerFor("township"), whistleSchema, center.blowWhistle, { requestKey: key(), departmentId: f.police, caseKind: "DISPUTE", caseId: ids.township, reason: "x" });
    expect(atTownship).toMatchObject({ ok: false, code: "VALIDATION" });

    const onCall = await center.blowWhistle(desk, { requestKey: key(), departmentId: f.health, caseKind: "DISPUTE", caseId: ids.county, reason: "涉及医疗问题" });
    const police = await center.blowWhistle(desk, { requestKey: key(), departmentId: f.police, caseKind: "DISPUTE", caseId: ids.county, reason: "当事人情绪激动，请派警力" });
    // The police get the summons in the bell, not the other departments.
    const { users } = fixture();
    expect(await db.notification.findMany({ where: { kind: "center.whistle" }, select: { userId: true, href: true } })).toEqual([{ userId: users.dept, href: `/center/whistles/${police.id}` }]);
    const w = await db.centerWhistle.findUniqueOrThrow({ where: { id: police.id } });
    // Two office hours to report, by the shared calendar.
    expect(w.reportDueAt.getTime()).toBeGreaterThan(w.blownAt.getTime());

    // Department staff see their own department's whistles only, and answer them once.
    const dept = await viewerFor("dept");
    expect((await center.listWhistles(dept)).map((x) => x.id)).toEqual([police.id]);
    await expect(center.getWhistle(dept, onCall.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(center.answerWhistle(dept, { id: onCall.id, version: 1, note: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await center.answerWhistle(dept, { id: police.id, version: 1, note: "已派民警到中心" });
    await expect(center.answerWhistle(dept, { id: police.id, version: 2, note: "再报到" })).rejects.toMatchObject({ detail: { key: "centerWhistleAnswered" } });
    expect(await db.notification.count({ where: { kind: "center.whistleReported", userId: users.center } })).toBe(1);
    const page = await center.getCenterPage(desk);
    if (page.kind !== "center") throw new Error("center page expected");
    expect(page.whistles.map((x) => x.id)).toEqual([onCall.id]);
    // The desk cannot answer for a department.
    await expect(center.answerWhistle(desk, { id: onCall.id, version: 1, note: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("lets a center list its own departments and how they come, but not the administrators' stations", async () => {
    const desk = await viewerFor("township");
    await center.setPost(desk, { unitId: fixture().units.T1, departmentId: f.justice, mode: "PERMANENT", note: "司法所" });
    expect((await center.whistleTargets(desk, fixture().units.T1)).map((s) => s.name)).toEqual(["司法局"]);
    await expect(center.setPost(desk, { unitId: fixture().units.A, departmentId: f.justice, mode: null, note: null })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(center.setPost(await viewerFor("center"), { unitId: fixture().units.A, departmentId: f.police, mode: null, note: null })).rejects.toMatchObject({ detail: { key: "centerPostFromAdmin" } });
    await center.setPost(await viewerFor("center"), { unitId: fixture().units.A, departmentId: f.police, mode: "ROTATING", note: "周一至周三" });
    expect((await center.whistleTargets(await viewerFor("center"), fixture().units.A)).find((s) => s.departmentId === f.police)).toMatchObject({ mode: "ROTATING", fromAdmin: true });
  });
});
