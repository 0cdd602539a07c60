import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as center from "@/lib/center/data";
import { agreementSchema, disputeSchema, riskSchema, screeningSchema } from "@/lib/center/schemas";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { fixture, viewerFor } from "../support/fixtures";
import { ago, centerRowCounts, disputeInput, disputePartyIds, disputeVersion, key, mediateToAgreement, organisation, person, registerDispute, resident, setupCenter, type CenterFixture } from "../support/center";

let f: CenterFixture;
beforeAll(() => {
  process.env.UPLOAD_DIR = mkdtempSync(path.join(tmpdir(), "vitalgrid-center-"));
});
beforeEach(async () => {
  f = await setupCenter();
});

const PDF = new Blob([Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")], { type: "application/pdf" });

describe("the mediation lifecycle", () => {
  it("takes a case from registration to an agreement, its scan, a follow-up, judicial confirmation and closing", async () => {
    const { id } = await registerDispute("center", "G111", [person(resident(f.residents.甲)), person(resident(f.residents.乙)), organisation("测试县某物业公司")]);
    const desk = await viewerFor("center");
    expect((await center.getDispute(desk, id)).actions).toEqual(["assign", "refer", "risk"]);
    await mediateToAgreement("center", id, f.committeeA);
    const d = await center.getDispute(desk, id);
    expect(d.status).toBe("AGREED");
    expect(d.committee?.name).toBe("测试县人民调解委员会");
    expect(d.sessions).toHaveLength(1);
    expect(d.agreement).toMatchObject({ partyPositions: [1, 2, 3], mediatorNames: "张调解、李调解", committeeName: "测试县人民调解委员会" });
    expect(d.agreement!.no).toMatch(/^调字〔\d{4}〕第\d{4}号$/);
    // Judicial confirmation: apply within 30 days of the agreement (end of that day, later if it is a day off).
    expect(d.agreement!.judicialDueAt.getTime() - d.agreement!.agreedAt.getTime()).toBeGreaterThanOrEqual(30 * 86_400_000 - 86_400_000);
    expect(d.actions).toEqual(["scan", "followUp", "judicialApply", "risk"]);

    // The print page has the parties with their particulars and the text.
    const print = await center.getAgreementPrint(desk, id);
    expect(print.parties.map((p) => p.name)).toEqual(["居民甲", "居民乙", "测试县某物业公司"]);
    expect(print.parties[2]).toMatchObject({ kind: "ORGANISATION", creditCode: "91620981MA71X3K2A5", representative: "钱某" });
    expect(print.terms).toContain("恢复原排水沟走向");

    await center.uploadAgreementScan(desk, { id, files: [PDF] });
    const scans = (await center.getDispute(desk, id)).scans;
    expect(scans).toHaveLength(1);
    expect((await center.getAgreementScan(desk, scans[0].id)).mimeType).toBe("application/pdf");
    await expect(center.getAgreementScan(await viewerFor("adminB"), scans[0].id)).rejects.toMatchObject({ code: "NOT_FOUND" });

    await expect(center.closeDispute(desk, { id, version: await disputeVersion(id), note: null })).rejects.toMatchObject({ code: "CONFLICT", detail: { key: "centerDispute_noFollowUp" } });
    await center.recordFollowUp(desk, { id, version: await disputeVersion(id), visitedAt: ago(0.5), fulfilled: true, note: "已恢复排水沟，赔偿款已付。" });
    await center.applyJudicial(desk, { id, version: await disputeVersion(id), appliedAt: ago(0.4), court: "测试县人民法院" });
    await expect(center.closeDispute(desk, { id, version: await disputeVersion(id), note: null })).rejects.toMatchObject({ detail: { key: "centerDispute_judicialPending" } });
    await expect(center.applyJudicial(desk, { id, version: await disputeVersion(id), appliedAt: ago(0.3), court: "测试县人民法院" })).rejects.toMatchObject({ detail: { key: "centerDispute_judicialTwice" } });
    await center.recordJudicialResult(desk, { id, version: await disputeVersion(id), result: "CONFIRMED", resultAt: ago(0.1), note: null });
    await center.closeDispute(desk, { id, version: await disputeVersion(id), note: "履行完毕" });
    const closed = await center.getDispute(desk, id);
    expect(closed).toMatchObject({ status: "CLOSED", judicialState: "met" });
    expect(closed.actions).toEqual(["scan"]);
    expect(await db.auditLog.count({ where: { action: { startsWith: "center.dispute." }, targetId: id } })).toBe(9);
  });

  it("tracks judicial confirmation only where the parties asked for it, from the application to its result", async () => {
    const desk = await viewerFor("center");
    // Not asked for: the 30-day period is shown for reference, nothing runs, the case closes after its follow-up.
    const quiet = await registerDispute("center", "G111", [person(resident(f.residents.甲)), person(resident(f.residents.乙))]);
    await mediateToAgreement("center", quiet.id, f.committeeA);
    expect(await center.getDispute(desk, quiet.id)).toMatchObject({ judicialState: "none", agreement: { judicialRequested: false } });
    await center.recordFollowUp(desk, { id: quiet.id, version: await disputeVersion(quiet.id), visitedAt: ago(0.5), fulfilled: true, note: "已履行" });
    await center.closeDispute(desk, { id: quiet.id, version: await disputeVersion(quiet.id), note: null });

    // Asked for: the period runs, the case waits for the application and then for its result.
    const asked = await registerDispute("center", "G112", [person(resident(f.residents.丙)), person(resident(f.residents.甲))]);
    await mediateToAgreement("center", asked.id, f.committeeA, { session: ago(2), agreed: ago(1), judicialRequested: true });
    expect(await center.getDispute(desk, asked.id)).toMatchObject({ judicialState: "ok", agreement: { judicialRequested: true } });
    await center.recordFollowUp(desk, { id: asked.id, version: await disputeVersion(asked.id), visitedAt: ago(0.5), fulfilled: true, note: "正在履行" });
    await expect(center.closeDispute(desk, { id: asked.id, version: await disputeVersion(asked.id), note: null })).rejects.toMatchObject({ code: "CONFLICT", detail: { key: "centerDispute_judicialAwaited" } });
    // The list of agreements awaiting judicial confirmation has it, not the quiet one, and says where it stands.
    const pending = await center.listDisputes(desk, { judicial: "pending" });
    expect(pending.items.map((d) => [d.id, d.judicial])).toEqual([[asked.id, "ok"]]);
    await center.applyJudicial(desk, { id: asked.id, version: await disputeVersion(asked.id), appliedAt: ago(0.4), court: "测试县人民法院" });
    expect((await center.listDisputes(desk, { judicial: "pending" })).items.map((d) => [d.id, d.judicial])).toEqual([[asked.id, "met"]]);
    await center.recordJudicialResult(desk, { id: asked.id, version: await disputeVersion(asked.id), result: "CONFIRMED", resultAt: ago(0.1), note: "裁定协议有效" });
    expect((await center.listDisputes(desk, { judicial: "pending" })).items).toEqual([]);
    await center.closeDispute(desk, { id: asked.id, version: await disputeVersion(asked.id), note: null });
    expect(await center.getDispute(desk, asked.id)).toMatchObject({ status: "CLOSED", judicialState: "met", agreement: { judicialResult: "CONFIRMED" } });
  });

  it("refuses an agreement before any session and a stale version", async () => {
    const { id } = await registerDispute("center", "G111", [person(resident(f.residents.甲)), person(resident(f.residents.乙))]);
    const desk = await viewerFor("center");
    await center.assignMediators(desk, { id, version: 1, committeeId: null, newCommittee: "东村新调委会", mediators: "王调解" });
    expect(await db.mediationCommittee.count({ where: { name: "东村新调委会", unitId: fixture().units.A } })).toBe(1);
    const ids = await disputePartyIds(id);
    await expect(center.recordAgreement(desk, { id, version: 2, partyIds: ids, facts: "f", terms: "t", performance: "p", agreedAt: ago(0.1), judicialRequested: false })).rejects.toMatchObject({ detail: { key: "centerDispute_noSession" } });
    await expect(center.recordSession(desk, { id, version: 1, heldAt: ago(0.1), place: null, present: "双方", notes: "n" })).rejects.toMatchObject({ code: "STALE" });
  });

  it("refers a failed mediation to dispatch: the event and the referral commit together", async () => {
    const { id } = await registerDispute("township", "G121", [person(resident(f.residents.丁)), organisation("西村某建筑公司")], { type: "LABOUR_WAGES", title: "拖欠工资" });
    const township = await viewerFor("township");
    const r = await center.referDispute(township, { id, version: 1, referral: "DISPATCH", referralBody: null, note: "调解不成，转劳动监察。", requestKey: key(), event: { categoryId: f.categoryId, urgency: "URGENT", gridId: fixture().units.G121 } });
    const event = await db.event.findUniqueOrThrow({ where: { id: r.eventId! } });
    // A township officer's event starts at the township's desk.
    expect(event).toMatchObject({ state: "AT_TOWNSHIP", source: "GRID_REPORT", title: "拖欠工资" });
    const d = await center.getDispute(township, id);
    expect(d).toMatchObject({ status: "REFERRED", referral: "DISPATCH", referralEvent: { id: event.id, state: "AT_TOWNSHIP" } });
    // A stale second referral changes nothing: no second event.
    await expect(center.referDispute(township, { id, version: 1, referral: "DISPATCH", referralBody: null, note: "再转", requestKey: key(), event: { categoryId: f.categoryId, urgency: "URGENT", gridId: fixture().units.G121 } })).rejects.toMatchObject({ code: "STALE" });
    expect(await db.event.count()).toBe(1);
    await center.closeDispute(township, { id, version: 2, note: null });
  });
});

describe("high-risk cases", () => {
  it("notifies the center heads at once: the community's, the township's and the county's desks, not the actor", async () => {
    await registerDispute("community", "G111", [person(resident(f.residents.甲)), person(resident(f.residents.乙))], { risk: "RED", riskReason: "扬言报复" });
    const { users } = fixture();
    const got = await db.notification.findMany({ where: { kind: "center.highRisk" }, select: { userId: true, href: true } });
    expect(got.map((n) => n.userId).sort()).toEqual([users.center, users.township].sort());
    expect(got[0].href).toMatch(/^\/center\/disputes\//);
  });

  it("notifies when a case is raised to red, not when it stays there or goes down", async () => {
    const { id } = await registerDispute("community", "G112", [person(resident(f.residents.丙)), person(resident(f.residents.甲))]);
    const township = await viewerFor("township");
    await center.changeRisk(township, { id, version: 1, risk: "RED", reason: "当事人情绪激动" });
    const { users } = fixture();
    expect((await db.notification.findMany({ where: { kind: "center.highRisk" }, select: { userId: true } })).map((n) => n.userId).sort()).toEqual([users.center, users.community].sort());
    await center.changeRisk(township, { id, version: 2, risk: "RED", reason: "仍然激动" });
    await center.changeRisk(township, { id, version: 3, risk: "YELLOW", reason: "情绪平稳" });
    expect(await db.notification.count({ where: { kind: "center.highRisk" } })).toBe(2);
    expect(await db.dispute.findUniqueOrThrow({ where: { id }, select: { risk: true, riskReason: true } })).toEqual({ risk: "YELLOW", riskReason: "情绪平稳" });
  });
});

describe("bad input", () => {
  it("refuses a party who is neither a person nor an organisation, with a clear message, and changes nothing", async () => {
    const before = await centerRowCounts();
    const input = { ...disputeInput("G111", [person(resident(f.residents.甲)), { ...organisation("某公司"), kind: "ANIMAL" }] as never), registeredAt: new Date(Date.now() - 3600_000).toISOString() };
    const r = await runAction(await viewerFor("center"), disputeSchema, center.createDispute, input);
    expect(r).toMatchObject({ ok: false, code: "VALIDATION" });
    if (!r.ok) expect(r.fieldErrors?.["parties.1.kind"]).toBe("当事人只能是自然人或组织。");
    const one = await runAction(await viewerFor("center"), disputeSchema, center.createDispute, { ...input, parties: [person(resident(f.residents.甲))] });
    if (!one.ok) expect(one.fieldErrors?.parties).toBe("纠纷至少需要两方当事人。");
    expect(one.ok).toBe(false);
    const twice = await runAction(await viewerFor("center"), disputeSchema, center.createDispute, { ...input, parties: [person(resident(f.residents.甲)), person(resident(f.residents.甲))] });
    expect(twice).toMatchObject({ ok: false, message: "当事人“居民甲”重复列出。" });
    expect(await centerRowCounts()).toEqual(before);
  });

  it("refuses an agreement without parties, or with a party not of the case, and changes nothing", async () => {
    const { id } = await registerDispute("center", "G111", [person(resident(f.residents.甲)), person(resident(f.residents.乙))]);
    const desk = await viewerFor("center");
    await center.assignMediators(desk, { id, version: 1, committeeId: f.committeeA, newCommittee: null, mediators: "张调解" });
    await center.recordSession(desk, { id, version: 2, heldAt: ago(1), place: null, present: "双方", notes: "调解" });
    const before = await centerRowCounts();
    const base = { id, version: 3, facts: "f", terms: "t", performance: "p", agreedAt: new Date(Date.now() - 3600_000).toISOString() };
    const none = await runAction(desk, agreementSchema, center.recordAgreement, { ...base, partyIds: [] });
    expect(none).toMatchObject({ ok: false, code: "VALIDATION" });
    if (!none.ok) expect(none.fieldErrors?.partyIds).toBe("调解协议至少需要两方当事人签署。");
    const [first] = await disputePartyIds(id);
    const stranger = await runAction(desk, agreementSchema, center.recordAgreement, { ...base, partyIds: [first, "someone-else"] });
    expect(stranger).toMatchObject({ ok: false, message: "协议当事人必须是本案当事人。" });
    expect(await centerRowCounts()).toEqual(before);
    expect(await disputeVersion(id)).toBe(3);
  });

  it("refuses a risk change without a reason", async () => {
    const { id } = await registerDispute("center", "G111", [person(resident(f.residents.甲)), person(resident(f.residents.乙))]);
    const r = await runAction(await viewerFor("center"), riskSchema, center.changeRisk, { id, version: 1, risk: "RED", reason: " " });
    expect(r.ok).toBe(false);
    expect(await db.notification.count()).toBe(0);
  });
});

describe("screening", () => {
  it("records a grid's screening and registers a case from it", async () => {
    const township = await viewerFor("township");
    const s = await center.createScreening(township, { requestKey: key(), gridId: fixture().units.G121, screenedOn: "2026-03-02", findings: "发现一起土地纠纷苗头", found: 1 });
    await registerDispute("township", "G121", [person(resident(f.residents.丁)), organisation("西村村委会")], { source: "SCREENING", screeningId: s.id, type: "LAND_HOUSING" });
    const list = await center.listScreenings(township);
    expect(list.items).toEqual([expect.objectContaining({ id: s.id, found: 1, cases: 1 })]);
    await expect(center.createScreening(await viewerFor("community"), { requestKey: key(), gridId: fixture().units.G121, screenedOn: "2026-03-02", findings: "x", found: 0 })).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("shows which grids have been screened in the month, and notifies the center head at once of a high-risk case found", async () => {
    const township = await viewerFor("township");
    const s = await center.createScreening(township, { requestKey: key(), gridId: fixture().units.G121, screenedOn: "2026-03-02", findings: "发现一起可能激化的宅基地纠纷", found: 1 });
    await center.createScreening(township, { requestKey: key(), gridId: fixture().units.G111, screenedOn: "2026-03-31", findings: "未发现纠纷", found: 0 });
    await center.createScreening(township, { requestKey: key(), gridId: fixture().units.G112, screenedOn: "2026-04-01", findings: "未发现纠纷", found: 0 });
    // The township's three grids: two screened in March; the county also has 南村's grid.
    expect(await center.screeningCoverage(township, "2026-03")).toMatchObject({ total: 3, screened: 2, missing: [{ id: fixture().units.G112, name: "东村第2网格" }] });
    expect(await center.screeningCoverage(await viewerFor("center"), "2026-03")).toMatchObject({ total: 4, screened: 2 });
    expect((await center.screeningCoverage(await viewerFor("community"), "2026-04")).missing.map((g) => g.name)).toEqual(["东村第1网格"]);

    // The case found is red: the county's center hears of it at once (the township is the actor).
    await registerDispute("township", "G121", [person(resident(f.residents.丁)), person(resident(f.residents.甲))], { source: "SCREENING", screeningId: s.id, risk: "RED", riskReason: "一方扬言过激行为" });
    expect((await db.notification.findMany({ where: { kind: "center.highRisk" }, select: { userId: true } })).map((n) => n.userId)).toEqual([fixture().users.center]);

    // A screening cannot be dated in the future.
    const before = await centerRowCounts();
    const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    const r = await runAction(township, screeningSchema, center.createScreening, { requestKey: key(), gridId: fixture().units.G121, screenedOn: tomorrow, findings: "x", found: 0 });
    expect(r).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { screenedOn: "时间不能晚于现在。" } });
    expect(await centerRowCounts()).toEqual(before);
  });
});
