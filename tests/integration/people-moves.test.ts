// Move requests: one ID number is one resident county-wide, so a person registered in a grid
// outside the viewer's territory is asked for, and moves when the holder approves.
import { describe, expect, it } from "vitest";
import {
  createHousehold,
  createResident,
  decideResidentMove,
  deleteResident,
  getMoveRequest,
  getResident,
  listMoveRequests,
  peopleCountsByGrid,
  requestResidentMove,
  updateResident,
  withdrawResidentMove,
} from "@/lib/people/data";
import { decideMoveSchema, moveListSchema, requestMoveSchema } from "@/lib/people/schemas";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { fixture, viewerFor } from "../support/fixtures";
import { badCheckDigit, idFor, residentInput } from "../support/people";

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const NOTE = "2026年10月起住本网格3栋201";

/** A resident of grid G112 (grid2's), with a household; returns its id. */
async function residentOfG112(extra: Parameters<typeof residentInput>[2] = {}) {
  const grid2 = await viewerFor("grid2");
  const hh = await createHousehold(grid2, { gridId: fixture().units.G112, houseId: null, householdNo: "H112", visitTier: "ORDINARY" });
  const { id } = await createResident(grid2, residentInput("G112", 1, { name: "保密姓名", householdId: hh!.id, relationToHead: "HEAD", ...extra }));
  return id;
}

async function ask(username = "grid", grid: "G111" | "GB" = "G111", n = 1) {
  return requestResidentMove(await viewerFor(username), { idNumber: idFor(n), toGridId: fixture().units[grid], note: NOTE });
}

async function notificationsOf(username: string) {
  return db.notification.findMany({ where: { userId: fixture().users[username] }, select: { kind: true, href: true, params: true }, orderBy: { id: "asc" } });
}

const list = (box: "incoming" | "outgoing", show: "pending" | "decided" = "pending") => moveListSchema.parse({ box, show });

describe("asking for a resident registered elsewhere", () => {
  it("refuses a second entry, files a request, and tells the requester no more than where the record is held", async () => {
    const residentId = await residentOfG112();
    const grid = await viewerFor("grid");
    const refused = await rejection(createResident(grid, residentInput("G111", 1, { name: "新录入" })));
    expect(refused.detail?.key).toBe("peopleResidentElsewhere");

    const { id } = await ask();
    const request = await db.residentMoveRequest.findUniqueOrThrow({ where: { id } });
    expect(request).toMatchObject({ residentId, fromGridId: fixture().units.G112, toGridId: fixture().units.G111, status: "PENDING", note: NOTE });

    const seen = await getMoveRequest(grid, id);
    expect(seen).toMatchObject({ side: "requester", resident: null, from: "测试县 东镇", canWithdraw: true, canDecide: false, record: null });
    expect(seen.idMasked).toBe(`${idFor(1).slice(0, 6)}********${idFor(1).slice(-4)}`);
    const outgoing = await listMoveRequests(grid, list("outgoing"));
    expect(outgoing.items.map((m) => m.id)).toEqual([id]);
    // Neither the name nor the grid holding the record reaches the requester's side.
    for (const text of [JSON.stringify(seen), JSON.stringify(outgoing)]) {
      expect(text).not.toContain("保密姓名");
      expect(text).not.toContain("东村第2网格");
      expect(text).not.toContain(residentId);
    }
    expect(await db.auditLog.count({ where: { action: "resident.moveRequest", targetId: id, userId: grid.id } })).toBe(1);

    // The holders (the grid's worker and the community above it) are told, with the person's name.
    for (const holder of ["grid2", "community"]) {
      const [n] = await notificationsOf(holder);
      expect(n).toMatchObject({ kind: "people.moveRequested", href: `/grid/moves/${id}` });
      expect(n.params).toMatchObject({ actor: "grid", name: "保密姓名", to: "东村 东村第1网格", comment: NOTE });
    }
    expect(await notificationsOf("township")).toEqual([]);
    expect(await notificationsOf("grid")).toEqual([]);
  });

  it("shows the holder the record and what the move takes it out of", async () => {
    const residentId = await residentOfG112();
    await createResident(await viewerFor("grid2"), residentInput("G112", 2, { householdId: (await db.resident.findUniqueOrThrow({ where: { id: residentId } })).householdId, relationToHead: "SPOUSE" }));
    const { id } = await ask();
    const grid2 = await viewerFor("grid2");
    const seen = await getMoveRequest(grid2, id);
    expect(seen).toMatchObject({ side: "holder", canDecide: true, canWithdraw: false, resident: { id: residentId, name: "保密姓名" }, from: "东镇 东村 东村第2网格", to: "东镇 东村 东村第1网格" });
    expect(seen.record).toMatchObject({ grid: "东村第2网格", inHousehold: true, householdNo: "H112", relationToHead: "HEAD", otherMembers: 1, deleted: false });
    expect((await listMoveRequests(grid2, list("incoming"))).items.map((m) => m.id)).toEqual([id]);
    expect((await listMoveRequests(await viewerFor("township"), list("incoming"))).total).toBe(1);
  });
});

describe("deciding", () => {
  it("moves the record on approval in one transaction, with its history, right counts, an audit entry and both sides notified", async () => {
    const residentId = await residentOfG112();
    const { id } = await ask();
    const grid = await viewerFor("grid");
    const grid2 = await viewerFor("grid2");
    const community = await viewerFor("community");
    const before = await peopleCountsByGrid(community);
    expect(before.get(fixture().units.G112)?.residents).toBe(1);

    const r = await runAction(grid2, decideMoveSchema, decideResidentMove, { id, version: 1, decision: "approve", reason: null });
    expect(r).toMatchObject({ ok: true, data: { status: "APPROVED", residentId } });

    const row = await db.resident.findUniqueOrThrow({ where: { id: residentId }, select: { gridId: true, householdId: true, relationToHead: true, dataState: true, version: true } });
    expect(row).toEqual({ gridId: fixture().units.G111, householdId: null, relationToHead: null, dataState: "ENTERED", version: 2 });
    const after = await peopleCountsByGrid(community);
    expect(after.get(fixture().units.G111)?.residents).toBe(1);
    expect(after.get(fixture().units.G112)?.residents ?? 0).toBe(0);

    // The new grid's worker has the record with its whole past; the old one no longer sees it.
    const detail = await getResident(grid, residentId);
    expect(detail.name).toBe("保密姓名");
    const move = detail.history.find((h) => h.action === "MOVE")!;
    expect(move.changes).toEqual({ gridId: ["东村第2网格", "东村第1网格"] });
    expect(move.reason).toBe(NOTE);
    expect(detail.history.find((h) => h.action === "UPDATE")?.changes).toMatchObject({ householdId: ["H112", null], relationToHead: ["HEAD", null] });
    expect(detail.history.at(-1)?.action).toBe("CREATE");
    expect((await rejection(getResident(grid2, residentId))).code).toBe("NOT_FOUND");

    expect(await db.residentMoveRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "APPROVED", decidedById: grid2.id, version: 2 });
    expect(await db.auditLog.count({ where: { action: "resident.moveApprove", targetId: id, userId: grid2.id } })).toBe(1);
    expect(await notificationsOf("grid")).toEqual([
      { kind: "people.moveApproved", href: `/grid/residents/${residentId}`, params: expect.objectContaining({ actor: "grid2", name: "保密姓名" }) },
    ]);
    expect((await notificationsOf("community")).map((n) => n.kind)).toEqual(["people.moveRequested", "people.moveOut"]);
    expect((await notificationsOf("grid2")).map((n) => n.kind)).toEqual(["people.moveRequested"]);

    // The requester now sees the name; the request is decided for good; a second entry is
    // now a duplicate inside the territory.
    expect((await getMoveRequest(grid, id)).resident).toEqual({ id: residentId, name: "保密姓名" });
    expect((await rejection(decideResidentMove(grid2, { id, version: 2, decision: "refuse", reason: "再议" }))).detail?.key).toBe("peopleMoveDecided");
    expect((await rejection(createResident(grid, residentInput("G111", 1)))).detail?.key).toBe("peopleResidentExists");
    expect((await listMoveRequests(grid2, list("incoming", "decided"))).items.map((m) => [m.id, m.status, m.resident])).toEqual([[id, "APPROVED", null]]);
  });

  it("refuses with a reason only, changes nothing else, tells the requester, and lets them ask again", async () => {
    const residentId = await residentOfG112();
    const { id } = await ask();
    const grid2 = await viewerFor("grid2");
    const noReason = await runAction(grid2, decideMoveSchema, decideResidentMove, { id, version: 1, decision: "refuse", reason: " " });
    expect(noReason.ok).toBe(false);
    if (noReason.ok) return;
    expect(noReason.code).toBe("VALIDATION");
    expect(noReason.fieldErrors?.reason).toContain("拒绝时请填写原因");
    expect((await db.residentMoveRequest.findUniqueOrThrow({ where: { id } })).status).toBe("PENDING");

    await decideResidentMove(grid2, { id, version: 1, decision: "refuse", reason: "该居民仍在本网格居住" });
    expect(await db.resident.findUniqueOrThrow({ where: { id: residentId }, select: { gridId: true, version: true } })).toEqual({ gridId: fixture().units.G112, version: 1 });
    const grid = await viewerFor("grid");
    expect(await getMoveRequest(grid, id)).toMatchObject({ status: "REFUSED", decisionReason: "该居民仍在本网格居住", decidedBy: "grid2", canWithdraw: false });
    expect(await notificationsOf("grid")).toEqual([
      { kind: "people.moveRefused", href: `/grid/moves/${id}`, params: expect.objectContaining({ actor: "grid2", comment: "该居民仍在本网格居住" }) },
    ]);
    expect(JSON.stringify(await notificationsOf("grid"))).not.toContain("保密姓名");
    expect(await db.auditLog.count({ where: { action: "resident.moveRefuse", targetId: id } })).toBe(1);
    expect((await ask()).id).not.toBe(id);
  });

  it("restores a deleted record in the new grid", async () => {
    const residentId = await residentOfG112();
    await deleteResident(await viewerFor("grid2"), { id: residentId, version: 1, reason: "已迁出" });
    const { id } = await ask();
    expect((await getMoveRequest(await viewerFor("grid2"), id)).record?.deleted).toBe(true);
    await decideResidentMove(await viewerFor("community"), { id, version: 1, decision: "approve", reason: "同意" });
    const detail = await getResident(await viewerFor("grid"), residentId);
    expect(detail.deletedAt).toBeNull();
    expect(detail.history.map((h) => h.action)).toContain("RESTORE");
  });

  it("cannot approve once the record has left the holder's grid, but can still refuse", async () => {
    const residentId = await residentOfG112();
    const { id } = await ask();
    // The township moves the person to a grid of another community meanwhile.
    const township = await viewerFor("township");
    const { tags: _t, ...rest } = residentInput("G112", 1, { name: "保密姓名" });
    await updateResident(township, { ...rest, tags: [], id: residentId, version: 1, gridId: fixture().units.G121, idNumber: undefined, phone: undefined });
    const grid2 = await viewerFor("grid2");
    expect((await rejection(decideResidentMove(grid2, { id, version: 1, decision: "approve", reason: null }))).detail?.key).toBe("peopleMoveOutdated");
    expect((await db.resident.findUniqueOrThrow({ where: { id: residentId } })).gridId).toBe(fixture().units.G121);
    await decideResidentMove(grid2, { id, version: 1, decision: "refuse", reason: "已迁往西村" });
    expect((await db.residentMoveRequest.findUniqueOrThrow({ where: { id } })).status).toBe("REFUSED");
  });

  it("lets a stale version or a second decision change nothing", async () => {
    await residentOfG112();
    const { id } = await ask();
    expect((await rejection(decideResidentMove(await viewerFor("grid2"), { id, version: 7, decision: "approve", reason: null }))).code).toBe("STALE");
    // Two holders deciding at once: one wins, the other is told it was decided.
    const results = await Promise.allSettled([
      decideResidentMove(await viewerFor("grid2"), { id, version: 1, decision: "approve", reason: null }),
      decideResidentMove(await viewerFor("community"), { id, version: 1, decision: "refuse", reason: "不同意" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(["STALE", "CONFLICT"]).toContain((loser.reason as AppError).code);
    expect(await db.recordHistory.count({ where: { action: "MOVE" } })).toBe((await db.residentMoveRequest.findUniqueOrThrow({ where: { id } })).status === "APPROVED" ? 1 : 0);
  });
});

describe("one pending request per person", () => {
  it("refuses a second request from either side, lets only the requester withdraw, then accepts a new one", async () => {
    await residentOfG112();
    const { id } = await ask();
    expect((await rejection(ask())).detail?.key).toBe("peopleMovePendingHere");
    expect((await rejection(ask("gridB", "GB"))).detail?.key).toBe("peopleMovePendingElsewhere");
    expect((await rejection(withdrawResidentMove(await viewerFor("grid2"), { id, version: 1 }))).code).toBe("NOT_FOUND");
    expect((await rejection(withdrawResidentMove(await viewerFor("community"), { id, version: 1 }))).code).toBe("NOT_FOUND");
    await withdrawResidentMove(await viewerFor("grid"), { id, version: 1 });
    expect(await db.auditLog.count({ where: { action: "resident.moveWithdraw", targetId: id } })).toBe(1);
    expect((await rejection(decideResidentMove(await viewerFor("grid2"), { id, version: 2, decision: "approve", reason: null }))).detail?.key).toBe("peopleMoveDecided");
    expect((await rejection(withdrawResidentMove(await viewerFor("grid"), { id, version: 2 }))).detail?.key).toBe("peopleMoveDecided");
    await ask("gridB", "GB");
    expect(await db.residentMoveRequest.count({ where: { status: "PENDING" } })).toBe(1);
  });

  it("files exactly one of two requests made at the same moment", async () => {
    await residentOfG112();
    const results = await Promise.allSettled([ask(), ask("gridB", "GB")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason as AppError).code).toBe("CONFLICT");
    expect(await db.residentMoveRequest.count()).toBe(1);
  });
});

describe("scope and bad input", () => {
  it("lets only the holder's territory decide, and moves a record across counties", async () => {
    const { id: residentId } = await createResident(await viewerFor("grid"), residentInput("G111", 1, { name: "跨县迁移" }));
    const { id } = await ask("gridB", "GB");
    const adminB = await viewerFor("adminB");
    expect(await getMoveRequest(adminB, id)).toMatchObject({ side: "requester", from: "测试县 东镇", resident: null });
    for (const outsider of ["grid2", "adminB", "gridB"]) {
      expect((await rejection(decideResidentMove(await viewerFor(outsider), { id, version: 1, decision: "approve", reason: null }))).code).toBe("NOT_FOUND");
    }
    expect((await rejection(getMoveRequest(await viewerFor("grid2"), id))).code).toBe("NOT_FOUND");
    for (const role of ["leader", "center"]) {
      expect((await rejection(decideResidentMove(await viewerFor(role), { id, version: 1, decision: "approve", reason: null }))).code).toBe("FORBIDDEN");
    }
    expect((await rejection(getMoveRequest(await viewerFor("dept"), id))).code).toBe("FORBIDDEN");
    expect(await db.auditLog.count({ where: { action: "people.move.decide", result: "denied" } })).toBe(2);

    await decideResidentMove(await viewerFor("township"), { id, version: 1, decision: "approve", reason: null });
    expect((await getResident(adminB, residentId)).gridId).toBe(fixture().units.GB);
    expect((await rejection(getResident(await viewerFor("admin"), residentId))).code).toBe("NOT_FOUND");
  });

  it("refuses requests that make no sense, with a message, writing nothing", async () => {
    const grid = await viewerFor("grid");
    await residentOfG112();
    const { id: mine } = await createResident(grid, residentInput("G111", 2, { name: "本网格人" }));
    expect((await rejection(ask("grid", "G111", 99))).detail?.key).toBe("peopleMoveNoRecord");
    expect((await rejection(ask("grid", "G111", 2))).detail?.key).toBe("peopleMoveInTerritory");
    // The community holds both grids: it moves the record itself instead of asking.
    expect((await rejection(requestResidentMove(await viewerFor("community"), { idNumber: idFor(1), toGridId: fixture().units.G111, note: NOTE }))).detail?.key).toBe("peopleMoveInTerritory");
    expect((await rejection(requestResidentMove(grid, { idNumber: idFor(1), toGridId: fixture().units.G112, note: NOTE }))).code).toBe("NOT_FOUND");
    expect((await rejection(requestResidentMove(await viewerFor("leader"), { idNumber: idFor(1), toGridId: fixture().units.G111, note: NOTE }))).code).toBe("FORBIDDEN");

    const cases: [Record<string, unknown>, string, string][] = [
      [{ idNumber: "62098119800101" }, "idNumber", "18 位"],
      [{ idNumber: badCheckDigit(idFor(1)) }, "idNumber", "校验位"],
      [{ note: " " }, "note", "请说明迁入原因"],
      [{ note: "很".repeat(201) }, "note", "200"],
      [{ toGridId: "x" }, "toGridId", ""],
      [{ residentId: mine }, "_", ""],
    ];
    for (const [change, field, text] of cases) {
      const r = await runAction(grid, requestMoveSchema, requestResidentMove, { idNumber: idFor(1), toGridId: fixture().units.G111, note: NOTE, ...change });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.code).toBe("VALIDATION");
      expect(Object.keys(r.fieldErrors ?? {}).length).toBeGreaterThan(0);
      if (text) expect(r.fieldErrors?.[field]).toContain(text);
    }
    expect(await db.residentMoveRequest.count()).toBe(0);
    expect(await db.notification.count()).toBe(0);
  });
});
