import { beforeEach, describe, expect, it } from "vitest";
import * as center from "@/lib/center/data";
import { decideSchema, extendSchema, petitionSchema } from "@/lib/center/schemas";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { fixture, viewerFor } from "../support/fixtures";
import { centerRowCounts, key, petitionInput, resident, setupCenter, type CenterFixture } from "../support/center";

let f: CenterFixture;
beforeEach(async () => {
  f = await setupCenter();
});

/** China time "YYYY-MM-DD HH:mm" as an instant. */
const at = (s: string) => new Date(`${s.replace(" ", "T")}:00+08:00`);
const local = (d: Date | null | undefined) => (d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ") : null);
const versionOf = async (id: string) => (await db.petition.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

describe("the petition lifecycle", () => {
  it("registers, accepts, hands to dispatch, extends once, replies in time, records satisfaction and closes", async () => {
    const desk = await viewerFor("center");
    // Registered Saturday 7 March 2026: 15 days end on Sunday the 22nd, so Monday the 23rd.
    const p = await center.createPetition(desk, petitionInput([resident(f.residents.甲)], { registeredAt: at("2026-03-07 10:00"), gridId: fixture().units.G111 }));
    let d = await center.getPetition(desk, p.id);
    expect(d).toMatchObject({ status: "REGISTERED", isJoint: false, isRepeat: false, actions: ["decide"] });
    expect(d.regNo).toMatch(/^信〔2026〕\d{5}号$/);
    expect(local(d.acceptDueAt)).toBe("2026-03-23 23:59");

    await center.decidePetition(desk, { id: p.id, version: 1, accept: true, decidedAt: at("2026-03-18 16:00"), reason: null });
    d = await center.getPetition(desk, p.id);
    // 60 days from 18 March end on Sunday 17 May, so Monday 18 May.
    expect(local(d.handleDueAt)).toBe("2026-05-18 23:59");
    expect(d.acceptState).toBe("met");

    const r = await center.dispatchPetition(desk, { id: p.id, version: 2, requestKey: key(), categoryId: f.categoryId, urgency: "NORMAL", gridId: fixture().units.G111 });
    d = await center.getPetition(desk, p.id);
    expect(d).toMatchObject({ status: "HANDLING", event: { id: r.eventId, state: "ACCEPTED" } });
    const event = await db.event.findUniqueOrThrow({ where: { id: r.eventId } });
    expect(event).toMatchObject({ source: "CENTER_INTAKE", contactName: "居民甲" });
    expect(event.title).toContain(d.regNo);

    await expect(center.extendPetition(desk, { id: p.id, version: 3, days: 31, reason: "需现场勘查" })).rejects.toMatchObject({ detail: { key: "centerExtensionTooLong", values: { max: 30 } } });
    await center.extendPetition(desk, { id: p.id, version: 3, days: 30, reason: "需现场勘查" });
    d = await center.getPetition(desk, p.id);
    expect(local(d.handleDueAt)).toBe("2026-06-17 23:59");
    await expect(center.extendPetition(desk, { id: p.id, version: 4, days: 5, reason: "再延" })).rejects.toMatchObject({ detail: { key: "centerPetition_extendedTwice" } });

    await center.replyPetition(desk, { id: p.id, version: 4, text: "经核实，补偿款已于6月1日拨付到户。", repliedAt: at("2026-06-10 10:00") });
    await center.recordSatisfaction(desk, { id: p.id, version: 5, satisfaction: "SATISFIED" });
    await center.closePetition(desk, { id: p.id, version: 6 });
    d = await center.getPetition(desk, p.id);
    expect(d).toMatchObject({ status: "CLOSED", repliedOnTime: true, satisfaction: "SATISFIED", handleState: "met" });
  });

  it("does not accept, with a reason, and takes a request for review to its result", async () => {
    const desk = await viewerFor("center");
    const a = await center.createPetition(desk, petitionInput([resident(f.residents.乙)], { registeredAt: at("2026-03-02 09:00") }));
    await center.decidePetition(desk, { id: a.id, version: 1, accept: false, decidedAt: at("2026-03-05 09:00"), reason: "已经人民法院生效判决处理" });
    expect(await center.getPetition(desk, a.id)).toMatchObject({ status: "NOT_ACCEPTED", actions: [] });

    const b = await center.createPetition(desk, petitionInput([resident(f.residents.丙)], { registeredAt: at("2026-03-02 09:00") }));
    await center.decidePetition(desk, { id: b.id, version: 1, accept: true, decidedAt: at("2026-03-03 09:00"), reason: null });
    // Replied after the 60 days: late.
    await center.replyPetition(desk, { id: b.id, version: 2, text: "答复", repliedAt: at("2026-05-20 09:00") });
    await center.recordSatisfaction(desk, { id: b.id, version: 3, satisfaction: "UNSATISFIED" });
    await expect(center.requestReview(desk, { id: b.id, version: 4, reviewBody: "县人民政府", requestedAt: at("2026-05-19 09:00") })).rejects.toMatchObject({ detail: { key: "centerReviewBeforeReply" } });
    await center.requestReview(desk, { id: b.id, version: 4, reviewBody: "县人民政府", requestedAt: at("2026-05-25 09:00") });
    await center.recordReviewResult(desk, { id: b.id, version: 5, result: "维持原处理意见", reviewedAt: at("2026-06-10 09:00") });
    expect(await center.getPetition(desk, b.id)).toMatchObject({ status: "CLOSED", repliedOnTime: false, handleState: "late", reviewResult: "维持原处理意见" });
  });
});

describe("joint and repeat petitions", () => {
  it("flags five or more people as a joint petition and a second one on the same matter as a repeat", async () => {
    const desk = await viewerFor("center");
    const joint = await center.createPetition(desk, petitionInput([resident(f.residents.甲), resident(f.residents.乙)], { headcount: 12, topic: "LABOUR_WAGES" }));
    expect(joint).toMatchObject({ isJoint: true, isRepeat: false });
    const first = await center.createPetition(desk, petitionInput([resident(f.residents.丙)], { registeredAt: new Date(Date.now() - 60 * 86_400_000) }));
    const other = await center.createPetition(desk, petitionInput([resident(f.residents.丙)], { topic: "ENVIRONMENT" }));
    expect(other.isRepeat).toBe(false);
    // The township's center sees the same person come back about the same matter.
    const second = await center.createPetition(await viewerFor("township"), petitionInput([resident(f.residents.丙)], { title: "再次反映补偿款" }));
    expect(second.isRepeat).toBe(true);
    expect((await db.petition.findUniqueOrThrow({ where: { id: second.id! } })).repeatOfId).toBe(first.id);
    const list = await center.listPetitions(desk, { flag: "repeat" });
    expect(list.items.map((p) => p.id)).toEqual([second.id]);
    expect((await center.listPetitions(desk, { flag: "joint" })).items.map((p) => p.id)).toEqual([joint.id]);
  });
});

describe("deadlines as settings", () => {
  it("lets the county's center change the periods; townships only read them", async () => {
    const desk = await viewerFor("center");
    expect(await center.getCenterSettings(desk)).toMatchObject({ acceptAmount: 15, acceptUnit: "DAY", handleAmount: 60, extensionMaxDays: 30, version: 0 });
    await center.saveCenterSettings(desk, { version: 0, acceptAmount: 10, acceptUnit: "WORKDAY", handleAmount: 30, handleUnit: "DAY", extensionMaxDays: 15, judicialDays: 30, whistleAmount: 1, whistleUnit: "HOUR", nearDays: 2 });
    // Friday 6 March + 10 working days (whole days after the start day) → Friday 20 March.
    const p = await center.createPetition(desk, petitionInput([resident(f.residents.甲)], { registeredAt: at("2026-03-06 15:00") }));
    expect(local((await center.getPetition(desk, p.id)).acceptDueAt)).toBe("2026-03-20 23:59");
    await expect(center.saveCenterSettings(desk, { version: 0, acceptAmount: 9, acceptUnit: "DAY", handleAmount: 30, handleUnit: "DAY", extensionMaxDays: 15, judicialDays: 30, whistleAmount: 1, whistleUnit: "HOUR", nearDays: 2 })).rejects.toMatchObject({ code: "STALE" });
    await expect(center.saveCenterSettings(await viewerFor("township"), { version: 1, acceptAmount: 9, acceptUnit: "DAY", handleAmount: 30, handleUnit: "DAY", extensionMaxDays: 15, judicialDays: 30, whistleAmount: 1, whistleUnit: "HOUR", nearDays: 2 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.auditLog.count({ where: { action: "center.settings.save" } })).toBe(1);
  });
});

describe("bad input", () => {
  it("refuses an acceptance dated before the registration, with a clear message, and changes nothing", async () => {
    const desk = await viewerFor("center");
    const p = await center.createPetition(desk, petitionInput([resident(f.residents.甲)], { registeredAt: at("2026-03-10 09:00") }));
    const before = await centerRowCounts();
    const r = await runAction(desk, decideSchema, center.decidePetition, { id: p.id, version: 1, accept: true, decidedAt: "2026-03-09T09:00:00+08:00", reason: null });
    expect(r).toMatchObject({ ok: false, code: "VALIDATION", message: "受理决定日期不能早于信访登记日期。", fieldErrors: { decidedAt: "受理决定日期不能早于信访登记日期。" } });
    expect(await center.getPetition(desk, p.id)).toMatchObject({ status: "REGISTERED", decidedAt: null, handleDueAt: null, version: 1 });
    expect(await centerRowCounts()).toEqual(before);
    const noReason = await runAction(desk, decideSchema, center.decidePetition, { id: p.id, version: 1, accept: false, decidedAt: "2026-03-11T09:00:00+08:00", reason: "" });
    expect(noReason).toMatchObject({ ok: false, fieldErrors: { reason: "不予受理须写明理由。" } });
    const zero = await runAction(desk, extendSchema, center.extendPetition, { id: p.id, version: 1, days: 0, reason: "x" });
    expect(zero.ok).toBe(false);
  });

  it("refuses a petition without petitioners", async () => {
    const desk = await viewerFor("center");
    const r = await runAction(desk, petitionSchema, center.createPetition, { ...petitionInput([]), registeredAt: new Date().toISOString() });
    expect(r).toMatchObject({ ok: false, fieldErrors: { petitioners: "至少需要一名信访人。" } });
    expect(await db.petition.count()).toBe(0);
  });
});
