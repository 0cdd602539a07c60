import { describe, expect, it } from "vitest";
import {
  createHousehold,
  createResident,
  deleteResident,
  getResident,
  listResidents,
  lookupIdNumber,
  peopleCountsByGrid,
  restoreResident,
  revealResident,
  updateResident,
  verifyResident,
} from "@/lib/people/data";
import { createResidentSchema, residentFilterSchema, updateResidentSchema } from "@/lib/people/schemas";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { makeIdNumber } from "@/lib/id-number";
import { fixture, viewerFor } from "../support/fixtures";
import { badCheckDigit, idFor, residentInput, seedTags } from "../support/people";

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const filter = (f: Record<string, unknown> = {}) => residentFilterSchema.parse(f);

describe("resident scope", () => {
  it("shows a grid worker their own grid only; sibling grids and other counties answer NOT_FOUND", async () => {
    const grid = await viewerFor("grid");
    const mine = await createResident(grid, residentInput("G111", 1));
    const sibling = await createResident(await viewerFor("grid2"), residentInput("G112", 2));
    const other = await createResident(await viewerFor("gridB"), residentInput("GB", 3));

    const list = await listResidents(grid, filter());
    expect(list.items.map((r) => r.id)).toEqual([mine.id]);
    expect(list.total).toBe(1);
    expect((await rejection(getResident(grid, sibling.id))).code).toBe("NOT_FOUND");
    expect((await rejection(getResident(grid, other.id))).code).toBe("NOT_FOUND");
    expect((await rejection(revealResident(grid, { id: sibling.id, field: "idNumber" }))).code).toBe("NOT_FOUND");
    expect((await rejection(deleteResident(grid, { id: other.id, version: 1, reason: "测试删除" }))).code).toBe("NOT_FOUND");
    expect(await db.resident.count({ where: { deletedAt: { not: null } } })).toBe(0);

    // Higher levels see everything below them, and nothing of the other county.
    expect((await listResidents(await viewerFor("community"), filter())).total).toBe(2);
    expect((await listResidents(await viewerFor("admin"), filter())).total).toBe(2);
    expect((await listResidents(await viewerFor("adminB"), filter())).items.map((r) => r.id)).toEqual([other.id]);
    expect((await rejection(getResident(await viewerFor("adminB"), mine.id))).code).toBe("NOT_FOUND");
  });

  it("refuses to create a resident in a grid outside the territory", async () => {
    const err = await rejection(createResident(await viewerFor("grid"), residentInput("G112", 1)));
    expect(err.code).toBe("NOT_FOUND");
    expect(await db.resident.count()).toBe(0);
  });

  it("filters by a unit below the viewer and ignores one outside", async () => {
    const township = await viewerFor("township");
    await createResident(township, residentInput("G111", 1));
    await createResident(township, residentInput("G121", 2));
    expect((await listResidents(township, filter({ unitId: String(fixture().units.V12) }))).total).toBe(1);
    expect((await listResidents(township, filter({ unitId: String(fixture().units.GB) }))).total).toBe(0);
  });
});

describe("resident records", () => {
  it("derives birth date and sex from the ID number", async () => {
    const grid = await viewerFor("grid");
    const id = makeIdNumber("620981", "1956-03-08", 122);
    const { id: rid } = await createResident(grid, residentInput("G111", 1, { idNumber: id }));
    const row = await db.resident.findUniqueOrThrow({ where: { id: rid }, select: { birthDate: true, sex: true } });
    expect(row.birthDate.toISOString().slice(0, 10)).toBe("1956-03-08");
    expect(row.sex).toBe("FEMALE");
    const detail = await getResident(grid, rid);
    expect(detail.sex).toBe("FEMALE");
    expect(detail.age).toBeGreaterThanOrEqual(69);
  });

  it("searches by name prefix, full ID number and mobile number", async () => {
    const grid = await viewerFor("grid");
    await createResident(grid, residentInput("G111", 1, { name: "王小明" }));
    await createResident(grid, residentInput("G111", 2, { name: "王大明" }));
    await createResident(grid, residentInput("G111", 3, { name: "李王" }));
    expect((await listResidents(grid, filter({ q: "王" }))).items.map((r) => r.name)).toEqual(["王大明", "王小明"]);
    expect((await listResidents(grid, filter({ q: idFor(3) }))).items.map((r) => r.name)).toEqual(["李王"]);
    expect((await listResidents(grid, filter({ q: idFor(3).toLowerCase() }))).total).toBe(1);
    expect((await listResidents(grid, filter({ q: "13800000002" }))).items.map((r) => r.name)).toEqual(["王大明"]);
  });

  it("pages with a keyset cursor, without gaps or repeats", async () => {
    const grid = await viewerFor("grid");
    for (let i = 0; i < 35; i++) await createResident(grid, residentInput("G111", i, { name: `张${String.fromCharCode(0x4e00 + (i * 7) % 35)}` }));
    const first = await listResidents(grid, filter());
    expect(first.items).toHaveLength(30);
    expect(first.total).toBe(35);
    expect(first.nextCursor).toBeTruthy();
    const second = await listResidents(grid, filter({ cursor: first.nextCursor }));
    expect(second.items).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((r) => r.id);
    expect(new Set(ids).size).toBe(35);
    const names = [...first.items, ...second.items].map((r) => r.name);
    expect(names).toEqual([...names].sort());
  });

  it("keeps a household's tier in step with key-group members", async () => {
    const tags = await seedTags();
    const grid = await viewerFor("grid");
    const hh = await createHousehold(grid, { gridId: fixture().units.G111, houseId: null, householdNo: "H001", visitTier: "REASSURED" });
    const before = await db.household.findUniqueOrThrow({ where: { id: hh.id } });
    await createResident(grid, residentInput("G111", 1, { householdId: hh.id, relationToHead: "HEAD", tags: [{ tagId: tags.ELDERLY_ALONE, careLevel: 3 }] }));
    const after = await db.household.findUniqueOrThrow({ where: { id: hh.id } });
    expect(after.visitTier).toBe("KEY");
    expect(after.nextVisitDue.getTime() - before.createdAt.getTime()).toBe(7 * 86_400_000);
  });

  it("refuses a disabled or unknown tag", async () => {
    const tags = await seedTags();
    await db.keyGroupTag.update({ where: { id: tags.DISABLED }, data: { enabled: false } });
    const err = await rejection(createResident(await viewerFor("grid"), residentInput("G111", 1, { tags: [{ tagId: tags.DISABLED, careLevel: 1 }] })));
    expect(err.fieldErrors?.tags).toBe("validation.peopleTagUnknown");
  });
});

describe("masking and reveal", () => {
  it("never puts a full ID number or phone in a list or detail, and audits a reveal", async () => {
    const grid = await viewerFor("grid");
    const input = residentInput("G111", 7);
    const { id } = await createResident(grid, input);
    for (const viewer of [grid, await viewerFor("admin"), await viewerFor("leader")]) {
      const text = JSON.stringify([await listResidents(viewer, filter()), await getResident(viewer, id)]);
      expect(text).not.toContain(input.idNumber);
      expect(text).not.toContain(input.phone!);
      // The birth date would complete the masked number.
      expect(text).not.toContain(input.idNumber.slice(6, 14));
      expect(text).toContain(`${input.idNumber.slice(0, 6)}********${input.idNumber.slice(-4)}`);
      expect(text).toContain("138****");
    }
    expect(await db.auditLog.count({ where: { action: "resident.reveal" } })).toBe(0);

    expect(await revealResident(grid, { id, field: "idNumber" })).toEqual({ value: input.idNumber });
    expect(await revealResident(grid, { id, field: "phone" })).toEqual({ value: input.phone });
    const audits = await db.auditLog.findMany({ where: { action: "resident.reveal" }, orderBy: { id: "asc" } });
    expect(audits.map((a) => [a.userId, a.targetId, (a.details as { field: string }).field])).toEqual([
      [fixture().users.grid, id, "idNumber"],
      [fixture().users.grid, id, "phone"],
    ]);
  });

  it("refuses a reveal to a role without the permission, and records the refusal", async () => {
    const { id } = await createResident(await viewerFor("grid"), residentInput("G111", 7));
    expect((await rejection(revealResident(await viewerFor("leader"), { id, field: "idNumber" }))).code).toBe("FORBIDDEN");
    expect(await db.auditLog.count({ where: { action: "people.reveal", result: "denied" } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: "resident.reveal" } })).toBe(0);
  });
});

describe("duplicate protection", () => {
  it("refuses the same ID number twice in the territory and links to the record", async () => {
    const grid = await viewerFor("grid");
    const { id } = await createResident(grid, residentInput("G111", 1));
    const err = await rejection(createResident(grid, residentInput("G111", 1, { name: "另一人" })));
    expect(err.code).toBe("CONFLICT");
    expect(err.detail?.key).toBe("peopleResidentExists");
    expect(err.fieldErrors?.idNumber).toBe("validation.peopleIdRegistered");
    expect(await lookupIdNumber(grid, idFor(1))).toEqual({ status: "here", id, name: "测试一", deleted: false });
    expect(await db.resident.count()).toBe(1);
  });

  it("refuses a number registered in another county, naming only where it is", async () => {
    await createResident(await viewerFor("grid"), residentInput("G111", 1, { name: "保密姓名" }));
    const gridB = await viewerFor("gridB");
    const result = await runAction(gridB, createResidentSchema, createResident, residentInput("GB", 1, { name: "新录入" }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe("CONFLICT");
    expect(result.message).toContain("测试县 东镇");
    expect(result.message).not.toContain("保密姓名");
    const lookup = await lookupIdNumber(gridB, idFor(1));
    expect(lookup).toEqual({ status: "elsewhere", place: "测试县 东镇" });
    expect(JSON.stringify(lookup)).not.toContain("保密");
    expect(await db.resident.count()).toBe(1);
  });

  it("points to a deleted record instead of creating a second one", async () => {
    const grid = await viewerFor("grid");
    const { id } = await createResident(grid, residentInput("G111", 1));
    await deleteResident(grid, { id, version: 1, reason: "迁出" });
    const err = await rejection(createResident(grid, residentInput("G111", 1)));
    expect(err.detail?.key).toBe("peopleResidentDeleted");
  });

  it("refuses an edit that would give a resident someone else's ID number", async () => {
    const grid = await viewerFor("grid");
    await createResident(grid, residentInput("G111", 1));
    const b = await createResident(grid, residentInput("G111", 2));
    const { tags: _t, ...rest } = residentInput("G111", 2);
    const err = await rejection(updateResident(grid, { ...rest, tags: [], id: b.id, version: 1, idNumber: idFor(1) }));
    expect(err.code).toBe("CONFLICT");
  });
});

describe("bad input through the action wrapper", () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ["a malformed ID number", { idNumber: "62098119800101" }, "idNumber", "身份证号应为 18 位"],
    ["a wrong check digit", { idNumber: badCheckDigit(idFor(5)) }, "idNumber", "校验位不正确"],
    ["a future birth date", { idNumber: makeIdNumber("620981", `${new Date().getUTCFullYear() + 1}-01-01`, 5) }, "idNumber", "晚于今天"],
    ["a phone with letters", { phone: "1380013800a" }, "phone", "只能包含数字"],
    ["a phone too short", { phone: "138001" }, "phone", "11 位"],
    ["a name with digits", { name: "张3" }, "name", "姓名只能包含"],
    ["an unknown ethnicity", { ethnicity: "99" }, "ethnicity", "56 个民族"],
    ["a non-registered resident living elsewhere", { residenceType: "FLOATING", livesHere: false }, "livesHere", "须在本网格居住"],
    ["an unknown key", { birthDate: "1990-01-01" }, "_", ""],
  ];
  it.each(cases)("answers %s with a translated message and writes nothing", async (_label, change, field, text) => {
    const grid = await viewerFor("grid");
    const result = await runAction(grid, createResidentSchema, createResident, { ...residentInput("G111", 5), ...change });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe("VALIDATION");
    const messages = Object.entries(result.fieldErrors ?? {});
    if (text) expect(result.fieldErrors?.[field]).toContain(text);
    else expect(messages.length).toBeGreaterThan(0);
    expect(await db.resident.count()).toBe(0);
    expect(await db.recordHistory.count()).toBe(0);
  });
});

describe("edits, moves, verification and deletion", () => {
  it("records each edit in the history, keeping secrets out of it", async () => {
    const grid = await viewerFor("grid");
    const input = residentInput("G111", 1);
    const { id } = await createResident(grid, input);
    const { tags: _t, ...rest } = input;
    const r = await updateResident(grid, { ...rest, tags: [], id, version: 1, name: "测试改", phone: "13911112222", idNumber: undefined });
    expect(r.version).toBe(2);
    const detail = await getResident(grid, id);
    expect(detail.name).toBe("测试改");
    expect(detail.phoneMasked).toBe("139****2222");
    const update = detail.history.find((h) => h.action === "UPDATE")!;
    expect(update.changes).toEqual({ name: ["测试一", "测试改"], phone: ["***", "***"] });
    expect(JSON.stringify(detail.history)).not.toContain("13911112222");
    // A stale version is refused.
    expect((await rejection(updateResident(grid, { ...rest, tags: [], id, version: 1, name: "再改" }))).code).toBe("STALE");
  });

  it("moves a resident between grids with a MOVE entry and keeps counts per grid right", async () => {
    const community = await viewerFor("community");
    const { id } = await createResident(await viewerFor("grid"), residentInput("G111", 1));
    await createResident(await viewerFor("grid"), residentInput("G111", 2));
    const before = await peopleCountsByGrid(community);
    expect(before.get(fixture().units.G111)?.residents).toBe(2);
    expect(before.get(fixture().units.G112)?.residents ?? 0).toBe(0);

    const { tags: _t, ...rest } = residentInput("G111", 1);
    await updateResident(community, { ...rest, tags: [], id, version: 1, gridId: fixture().units.G112, idNumber: undefined, phone: undefined });
    const after = await peopleCountsByGrid(community);
    expect(after.get(fixture().units.G111)?.residents).toBe(1);
    expect(after.get(fixture().units.G112)?.residents).toBe(1);

    const detail = await getResident(community, id);
    expect(detail.gridId).toBe(fixture().units.G112);
    expect(detail.history.map((h) => h.action)).toEqual(["MOVE", "CREATE"]);
    expect(detail.history[0].changes).toEqual({ gridId: ["东村第1网格", "东村第2网格"] });
    // The old grid's worker no longer sees it; the new grid's worker sees it with its past.
    expect((await rejection(getResident(await viewerFor("grid"), id))).code).toBe("NOT_FOUND");
    expect((await getResident(await viewerFor("grid2"), id)).history).toHaveLength(2);
  });

  it("does not let a grid worker move a resident out of their territory", async () => {
    const grid = await viewerFor("grid");
    const { id } = await createResident(grid, residentInput("G111", 1));
    const { tags: _t, ...rest } = residentInput("G111", 1);
    const err = await rejection(updateResident(grid, { ...rest, tags: [], id, version: 1, gridId: fixture().units.G112 }));
    expect(err.code).toBe("NOT_FOUND");
    expect((await db.resident.findUniqueOrThrow({ where: { id } })).gridId).toBe(fixture().units.G111);
  });

  it("needs a second person to verify, and an edit sends the record back to entered", async () => {
    const grid = await viewerFor("grid");
    const community = await viewerFor("community");
    const { id } = await createResident(grid, residentInput("G111", 1));
    expect((await rejection(verifyResident(grid, { id, version: 1 }))).code).toBe("FORBIDDEN");
    const own = await createResident(community, residentInput("G111", 2));
    expect((await rejection(verifyResident(community, { id: own.id, version: 1 }))).detail?.key).toBe("peopleVerifyOwn");

    await verifyResident(community, { id, version: 1 });
    let detail = await getResident(grid, id);
    expect(detail.dataState).toBe("VERIFIED");
    expect(detail.verifiedByName).toBe("community");
    expect((await rejection(verifyResident(community, { id, version: 2 }))).detail?.key).toBe("peopleAlreadyVerified");

    const { tags: _t, ...rest } = residentInput("G111", 1);
    await updateResident(grid, { ...rest, tags: [], id, version: 2, employment: "个体经营", idNumber: undefined, phone: undefined });
    detail = await getResident(grid, id);
    expect(detail.dataState).toBe("ENTERED");
  });

  it("soft-deletes with a reason and restores", async () => {
    const grid = await viewerFor("grid");
    const { id } = await createResident(grid, residentInput("G111", 1));
    expect((await rejection(deleteResident(grid, { id, version: 9, reason: "迁出本县" }))).code).toBe("STALE");
    await deleteResident(grid, { id, version: 1, reason: "迁出本县" });
    expect((await listResidents(grid, filter())).total).toBe(0);
    expect((await listResidents(grid, filter({ deleted: "1" }))).total).toBe(1);
    const detail = await getResident(grid, id);
    expect(detail.deleteReason).toBe("迁出本县");
    expect(detail.history[0]).toMatchObject({ action: "DELETE", reason: "迁出本县" });
    expect((await peopleCountsByGrid(grid)).get(fixture().units.G111)?.residents ?? 0).toBe(0);
    await restoreResident(grid, { id, version: 2 });
    expect((await listResidents(grid, filter())).total).toBe(1);
  });

  it("refuses a delete without a reason through the wrapper", async () => {
    const grid = await viewerFor("grid");
    const { id } = await createResident(grid, residentInput("G111", 1));
    const { deleteSchema } = await import("@/lib/people/schemas");
    const result = await runAction(grid, deleteSchema, deleteResident, { id, version: 1, reason: " " });
    expect(result.ok).toBe(false);
    expect(await db.resident.count({ where: { deletedAt: null } })).toBe(1);
  });

  it("accepts an edit that leaves the ID number and phone out, keeping them", async () => {
    const grid = await viewerFor("grid");
    const input = residentInput("G111", 1);
    const { id } = await createResident(grid, input);
    const { idNumber: _i, phone: _p, tags: _t, ...rest } = input;
    const result = await runAction(grid, updateResidentSchema, updateResident, { ...rest, tags: [], id, version: 1, employment: "务农" });
    expect(result.ok).toBe(true);
    expect(await revealResident(grid, { id, field: "idNumber" })).toEqual({ value: input.idNumber });
    expect(await revealResident(grid, { id, field: "phone" })).toEqual({ value: input.phone });
  });
});
