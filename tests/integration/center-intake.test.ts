import { beforeEach, describe, expect, it } from "vitest";
import * as center from "@/lib/center/data";
import { makeIdNumber } from "@/lib/id-number";
import { intakeSchema, type IntakeInput } from "@/lib/center/schemas";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { fixture, viewerFor } from "../support/fixtures";
import { ago, centerRowCounts, key, person, resident, setupCenter, type CenterFixture } from "../support/center";

let f: CenterFixture;
beforeEach(async () => {
  f = await setupCenter();
});

function intake(extra: Partial<IntakeInput>): IntakeInput {
  return {
    requestKey: key(),
    visitor: resident(f.residents.甲),
    channel: "WALK_IN",
    matterType: "CONSULTATION",
    topic: "NEIGHBOUR",
    content: "咨询邻居排水沟改建引发的矛盾如何解决",
    receivedAt: ago(0.01),
    handling: "ANSWERED",
    answer: "告知可申请人民调解。",
    consultant: null,
    ...extra,
  };
}

describe("finding the visitor", () => {
  it("finds residents by name, full ID number and phone through the registry's search", async () => {
    const desk = await viewerFor("center");
    expect((await center.searchVisitors(desk, "居民甲")).map((c) => c.id)).toContain(f.residents.甲);
    const byId = await center.searchVisitors(desk, f.idNumbers.乙);
    expect(byId).toHaveLength(1);
    expect(byId[0]).toMatchObject({ source: "resident", id: f.residents.乙 });
    // The full number is never handed back, only the masked form.
    expect(JSON.stringify(byId)).not.toContain(f.idNumbers.乙);
    const phone = (await db.resident.findUniqueOrThrow({ where: { id: f.residents.丙 }, select: { phone: true } })).phone!;
    expect((await center.searchVisitors(desk, phone)).map((c) => c.id)).toEqual([f.residents.丙]);
    // A community desk finds only its own residents; the other county's never.
    const community = await viewerFor("community");
    expect((await center.searchVisitors(community, "居民丁")).length).toBe(0);
    expect((await center.searchVisitors(desk, "居民己")).length).toBe(0);
  });

  it("joins a new visitor with a registered ID number to the resident, and known newcomers to their earlier visits", async () => {
    const desk = await viewerFor("center");
    await center.createIntake(desk, intake({ visitor: { source: "new", name: "居民乙", phone: null, idNumber: f.idNumbers.乙 } }));
    const visitor = await db.centerVisitor.findFirstOrThrow({ where: { residentId: f.residents.乙 } });
    const stranger = { source: "new" as const, name: "外地来访人", phone: "13912345678", idNumber: makeIdNumber("110101", "1990-03-07", 123) };
    await center.createIntake(desk, intake({ visitor: stranger }));
    await center.createIntake(desk, intake({ visitor: { ...stranger, phone: null } }));
    const strangers = await db.centerVisitor.findMany({ where: { name: "外地来访人" } });
    expect(strangers).toHaveLength(1);
    expect(strangers[0].idMasked).toBe(`110101********${stranger.idNumber.slice(-4)}`);
    // Only the keyed hash and the masked form are kept.
    expect(JSON.stringify(strangers[0])).not.toContain(stranger.idNumber);
    expect(await db.centerIntake.count({ where: { visitorId: visitor.id } })).toBe(1);
    expect((await center.searchVisitors(desk, stranger.idNumber)).map((c) => c.id)).toEqual([strangers[0].id]);
  });
});

describe("registering and handling", () => {
  it("answers on the spot and records a legal consultation", async () => {
    const desk = await viewerFor("center");
    const a = await center.createIntake(desk, intake({}));
    const b = await center.createIntake(desk, intake({ handling: "LEGAL_CONSULTATION", answer: "依据民法典第二百九十条，相邻方应提供便利。", consultant: "值班律师 陈某" }));
    expect(await db.centerIntake.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ unitId: fixture().units.A, handling: "ANSWERED", repeatCount: 0 });
    expect(await db.centerIntake.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({ handling: "LEGAL_CONSULTATION", consultant: "值班律师 陈某", repeatCount: 1 });
    expect(await db.auditLog.count({ where: { action: "center.intake.create", result: "success" } })).toBe(2);
  });

  it("turns a visit into a dispute whose first party is the visitor, with the registry's particulars", async () => {
    const r = await center.createIntake(
      await viewerFor("center"),
      intake({
        matterType: "DISPUTE",
        handling: "DISPUTE",
        dispute: { title: "排水沟纠纷", type: "NEIGHBOUR", facts: "排水沟改建致院内积水", amount: null, risk: "YELLOW", riskReason: "双方有调解意愿", gridId: fixture().units.G111, otherParties: [person(resident(f.residents.乙))] },
      }),
    );
    expect(r.disputeId).toBeTruthy();
    const d = await db.dispute.findUniqueOrThrow({ where: { id: r.disputeId! }, select: { source: true, unitId: true, parties: { orderBy: { position: "asc" }, select: { name: true, sex: true, ethnicity: true, age: true } } } });
    expect(d.source).toBe("INTAKE");
    expect(d.parties.map((p) => p.name)).toEqual(["居民甲", "居民乙"]);
    expect(d.parties[0]).toMatchObject({ ethnicity: "01" });
    expect(d.parties[0].age).toBeGreaterThan(0);
    expect(await db.centerIntake.count({ where: { disputeId: r.disputeId } })).toBe(1);
  });

  it("turns a visit into a petition", async () => {
    const r = await center.createIntake(
      await viewerFor("center"),
      intake({ matterType: "PETITION", topic: "LAND_HOUSING", handling: "PETITION", petition: { title: "承包地补偿", headcount: 1, responsibleBody: "自然资源局", responsibleDepartmentId: null, gridId: null } }),
    );
    const p = await db.petition.findUniqueOrThrow({ where: { id: r.petitionId! }, select: { status: true, matter: true, petitioners: { select: { visitor: { select: { residentId: true } } } } } });
    expect(p.status).toBe("REGISTERED");
    expect(p.petitioners.map((x) => x.visitor.residentId)).toEqual([f.residents.甲]);
  });

  it("turns a visit into a dispatch event through the dispatch module, linked in one transaction; a retry makes nothing twice", async () => {
    const desk = await viewerFor("center");
    const input = intake({ matterType: "HAZARD", topic: "PUBLIC_SERVICE", handling: "EVENT", content: "小区门口井盖缺失", event: { title: "井盖缺失", categoryId: f.categoryId, urgency: "URGENT", gridId: fixture().units.G112 } });
    const r = await center.createIntake(desk, input);
    const event = await db.event.findUniqueOrThrow({ where: { id: r.eventId! } });
    expect(event).toMatchObject({ source: "CENTER_INTAKE", state: "ACCEPTED", gridId: fixture().units.G112, title: "井盖缺失", contactName: null });
    const again = await center.createIntake(desk, input);
    expect(again.id).toBe(r.id);
    expect(await db.event.count()).toBe(1);
    expect(await db.centerIntake.count()).toBe(1);
    const history = await center.getVisitor(desk, (await db.centerIntake.findUniqueOrThrow({ where: { id: r.id } })).visitorId);
    expect(history.events).toEqual([expect.objectContaining({ id: event.id, state: "ACCEPTED" })]);
  });

  it("rolls the event back when the intake cannot be written, and refuses a grid outside the desk's territory", async () => {
    const before = await centerRowCounts();
    const community = await viewerFor("community");
    // The visitor is resolved inside the event's transaction: an unknown one undoes the event too.
    await expect(
      center.createIntake(community, intake({ visitor: { source: "visitor", visitorId: "no-such-visitor" }, handling: "EVENT", event: { title: "井盖缺失", categoryId: f.categoryId, urgency: "NORMAL", gridId: fixture().units.G111 } })),
    ).rejects.toMatchObject({ code: "VALIDATION", detail: { key: "centerVisitorNotFound" } });
    await expect(
      center.createIntake(community, intake({ handling: "EVENT", event: { title: "井盖缺失", categoryId: f.categoryId, urgency: "NORMAL", gridId: fixture().units.G121 } })),
    ).rejects.toMatchObject({ code: "VALIDATION", detail: { key: "centerGridNotInScope" } });
    expect(await centerRowCounts()).toEqual(before);
  });
});

describe("repeat visits and the visitor's history", () => {
  it("counts earlier visits about the same matter and shows them before saving", async () => {
    const desk = await viewerFor("center");
    await center.createIntake(desk, intake({ receivedAt: ago(40) }));
    await center.createIntake(desk, intake({ receivedAt: ago(10), topic: "LABOUR_WAGES" }));
    await center.createIntake(desk, intake({ receivedAt: ago(5) }));
    const check = await center.repeatCheck(desk, { visitor: resident(f.residents.甲), topic: "NEIGHBOUR" });
    expect(check.earlier).toHaveLength(2);
    const third = await center.createIntake(desk, intake({}));
    expect(third.repeatCount).toBe(2);
    const visitorId = check.visitorId!;
    const list = await center.listIntake(desk, {});
    expect(list.items.find((i) => i.id === third.id)?.repeatCount).toBe(2);
    // One click away: everything this visitor brought, across the desk, disputes and petitions.
    await center.createDispute(desk, {
      requestKey: key(),
      title: "排水沟纠纷",
      type: "NEIGHBOUR",
      facts: "积水",
      amount: null,
      risk: "GREEN",
      riskReason: "轻微",
      gridId: fixture().units.G111,
      source: "INTAKE",
      screeningId: null,
      referredBy: null,
      registeredAt: ago(1),
      parties: [person(resident(f.residents.甲)), person(resident(f.residents.乙))],
    });
    const history = await center.getVisitor(desk, visitorId);
    expect(history.intakes).toHaveLength(4);
    expect(history.disputes).toHaveLength(1);
    expect(history.resident?.id).toBe(f.residents.甲);
    // Another county's administrator does not find this visitor at all.
    await expect(center.getVisitor(await viewerFor("adminB"), visitorId)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("bad input", () => {
  it("refuses an incomplete handling and changes nothing", async () => {
    const before = await centerRowCounts();
    const desk = await viewerFor("center");
    const noDetails = await runAction(desk, intakeSchema, center.createIntake, { ...intake({ handling: "DISPUTE" }), receivedAt: new Date().toISOString() });
    expect(noDetails).toMatchObject({ ok: false, code: "VALIDATION" });
    if (!noDetails.ok) expect(noDetails.fieldErrors?.dispute).toBe("请填写所选办理方式的详细信息。");
    const badId = await runAction(desk, intakeSchema, center.createIntake, { ...intake({ visitor: { source: "new", name: "某人", phone: null, idNumber: "123" } }), receivedAt: new Date().toISOString() });
    expect(badId.ok).toBe(false);
    expect(await centerRowCounts()).toEqual(before);
  });

  it("keeps department staff and grid workers away from the desk", async () => {
    await expect(center.createIntake(await viewerFor("dept"), intake({}))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(center.createIntake(await viewerFor("grid"), intake({}))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
