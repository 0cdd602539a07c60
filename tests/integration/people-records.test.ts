import { describe, expect, it } from "vitest";
import {
  createHouse,
  createHousehold,
  createResident,
  createTag,
  deleteHouse,
  deleteHousehold,
  getHouse,
  getHousehold,
  getResident,
  listHouseholds,
  listHouses,
  listTags,
  peopleCountsByGrid,
  renameTag,
  revealLandlordPhone,
  setTagEnabled,
  updateHouse,
  updateHousehold,
  verifyHouse,
} from "@/lib/people/data";
import { createHouseSchema, householdFilterSchema, houseFilterSchema, updateHouseSchema, type HouseInput } from "@/lib/people/schemas";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { nextVisitDue } from "@/lib/visit-schedule";
import { fixture, viewerFor } from "../support/fixtures";
import { residentInput, seedTags } from "../support/people";

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

function house(grid: "G111" | "G112" | "G121" | "GB", room: string, extra: Partial<HouseInput> = {}): HouseInput {
  return {
    gridId: fixture().units[grid],
    building: "3栋",
    unitNo: "2单元",
    room,
    use: "RESIDENTIAL",
    tenure: "OWNER_OCCUPIED",
    landlordName: null,
    landlordPhone: null,
    permittedOccupants: null,
    lat: null,
    lng: null,
    ...extra,
  };
}

describe("houses", () => {
  it("builds the standard address from the grid's community and refuses the same address twice", async () => {
    const grid = await viewerFor("grid");
    const { id } = await createHouse(grid, house("G111", "301室"))!;
    const h = await getHouse(grid, id);
    expect(h.address).toBe("东村 3栋 2单元 301室");
    const err = await rejection(createHouse(grid, house("G111", "301室")));
    expect(err.code).toBe("CONFLICT");
    expect(err.fieldErrors?.room).toBe("validation.peopleAddressTaken");
  });

  it("requires a landlord for a rented house and masks the landlord's phone", async () => {
    const grid = await viewerFor("grid");
    const bad = await runAction(grid, createHouseSchema, createHouse, house("G111", "302室", { tenure: "RENTED" }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.fieldErrors?.landlordName).toContain("房东姓名");
    const { id } = (await createHouse(grid, house("G111", "302室", { tenure: "RENTED", landlordName: "马某", landlordPhone: "13712345678", permittedOccupants: 2 })))!;
    const h = await getHouse(grid, id);
    expect(JSON.stringify(h)).not.toContain("13712345678");
    expect(h.landlordPhoneMasked).toBe("137****5678");
    expect(await revealLandlordPhone(grid, { id })).toEqual({ value: "13712345678" });
    expect(await db.auditLog.count({ where: { action: "house.reveal", targetId: id } })).toBe(1);
    // An edit that leaves the phone out keeps it.
    const { landlordPhone: _p, ...rest } = house("G111", "302室", { tenure: "RENTED", landlordName: "马某某", permittedOccupants: 2 });
    const r = await runAction(grid, updateHouseSchema, updateHouse, { ...rest, id, version: 1 });
    expect(r.ok).toBe(true);
    expect(await revealLandlordPhone(grid, { id })).toEqual({ value: "13712345678" });
  });

  it("counts actual occupants against permitted ones, and lists tenants", async () => {
    const grid = await viewerFor("grid");
    const { id } = (await createHouse(grid, house("G111", "303室", { tenure: "RENTED", landlordName: "马某", permittedOccupants: 1 })))!;
    await createResident(grid, residentInput("G111", 1, { houseId: id, residenceType: "FLOATING", livesHere: true }));
    await createResident(grid, residentInput("G111", 2, { houseId: id, residenceType: "PERMANENT_NON_REGISTERED", livesHere: true }));
    const list = await listHouses(grid, houseFilterSchema.parse({ tenure: "RENTED" }));
    expect(list.items[0]).toMatchObject({ occupants: 2, permittedOccupants: 1 });
    const h = await getHouse(grid, id);
    expect(h.occupantList.map((o) => o.state)).toEqual(["UNREGISTERED", "UNREGISTERED"]);
  });

  it("moves a house with its households and people to another grid, with MOVE entries", async () => {
    const community = await viewerFor("community");
    const { id: houseId } = (await createHouse(community, house("G111", "401室")))!;
    const { id: householdId } = (await createHousehold(community, { gridId: fixture().units.G111, houseId, householdNo: "401", visitTier: "ORDINARY" }))!;
    const a = await createResident(community, residentInput("G111", 1, { householdId, relationToHead: "HEAD", houseId }));
    // Registered in the household but living elsewhere: moves with the household, loses the old grid's house.
    const other = (await createHouse(community, house("G111", "402室")))!;
    const b = await createResident(community, residentInput("G111", 2, { householdId, relationToHead: "CHILD", houseId: other.id, livesHere: false }));
    const { id: _i, ...rest } = { id: houseId, ...house("G112", "401室") };
    await updateHouse(community, { ...rest, id: houseId, version: 1 });

    expect((await getHouse(community, houseId)).gridId).toBe(fixture().units.G112);
    expect((await getHousehold(community, householdId)).gridId).toBe(fixture().units.G112);
    const ra = await getResident(community, a.id);
    const rb = await getResident(community, b.id);
    expect([ra.gridId, ra.houseId]).toEqual([fixture().units.G112, houseId]);
    expect([rb.gridId, rb.houseId]).toEqual([fixture().units.G112, null]);
    expect(ra.history[0]).toMatchObject({ action: "MOVE", changes: { gridId: ["东村第1网格", "东村第2网格"] } });
    const counts = await peopleCountsByGrid(community);
    expect(counts.get(fixture().units.G112)).toEqual({ residents: 2, households: 1, houses: 1 });
    expect(counts.get(fixture().units.G111)).toEqual({ residents: 0, households: 0, houses: 1 });
  });

  it("refuses a move that would split someone from their household", async () => {
    const community = await viewerFor("community");
    const home = (await createHouse(community, house("G111", "501室")))!;
    const rented = (await createHouse(community, house("G111", "502室", { tenure: "RENTED", landlordName: "马某" })))!;
    const hh = (await createHousehold(community, { gridId: fixture().units.G111, houseId: home.id, householdNo: "501", visitTier: "ORDINARY" }))!;
    await createResident(community, residentInput("G111", 1, { householdId: hh.id, relationToHead: "HEAD", houseId: rented.id }));
    const err = await rejection(updateHouse(community, { ...house("G112", "502室", { tenure: "RENTED", landlordName: "马某" }), id: rented.id, version: 1 }));
    expect(err.detail?.key).toBe("peopleMoveSplitsHousehold");
    expect((await getHouse(community, rented.id)).gridId).toBe(fixture().units.G111);
  });

  it("refuses to delete a house that people live in; an empty one goes with its reason", async () => {
    const grid = await viewerFor("grid");
    const used = (await createHouse(grid, house("G111", "601室")))!;
    await createResident(grid, residentInput("G111", 1, { houseId: used.id }));
    expect((await rejection(deleteHouse(grid, { id: used.id, version: 1, reason: "拆除" }))).detail?.key).toBe("peopleHouseInUse");
    const empty = (await createHouse(grid, house("G111", "602室")))!;
    await deleteHouse(grid, { id: empty.id, version: 1, reason: "拆除" });
    expect((await listHouses(grid, houseFilterSchema.parse({}))).total).toBe(1);
    expect((await getHouse(grid, empty.id)).history[0]).toMatchObject({ action: "DELETE", reason: "拆除" });
  });

  it("is verified by a second person only", async () => {
    const grid = await viewerFor("grid");
    const community = await viewerFor("community");
    const { id } = (await createHouse(community, house("G111", "701室")))!;
    expect((await rejection(verifyHouse(community, { id, version: 1 }))).detail?.key).toBe("peopleVerifyOwn");
    expect((await rejection(verifyHouse(grid, { id, version: 1 }))).code).toBe("FORBIDDEN");
    await verifyHouse(await viewerFor("township"), { id, version: 1 });
    expect((await getHouse(grid, id)).dataState).toBe("VERIFIED");
  });

  it("keeps other grids' houses out of reach", async () => {
    const { id } = (await createHouse(await viewerFor("gridB"), house("GB", "101室")))!;
    const grid = await viewerFor("grid");
    expect((await rejection(getHouse(grid, id))).code).toBe("NOT_FOUND");
    expect((await rejection(revealLandlordPhone(grid, { id }))).code).toBe("NOT_FOUND");
    expect((await listHouses(await viewerFor("admin"), houseFilterSchema.parse({}))).total).toBe(0);
    // A resident cannot be put into another grid's house either.
    const err = await rejection(createResident(grid, residentInput("G111", 1, { houseId: id })));
    expect(err.fieldErrors?.houseId).toBe("validation.peopleHouseMissing");
  });
});

describe("households", () => {
  it("sets the next visit by the tier rule and recomputes it when the tier changes", async () => {
    const grid = await viewerFor("grid");
    const { id } = (await createHousehold(grid, { gridId: fixture().units.G111, houseId: null, householdNo: "H9", visitTier: "ORDINARY" }))!;
    const row = await db.household.findUniqueOrThrow({ where: { id } });
    expect(row.nextVisitDue).toEqual(nextVisitDue("ORDINARY", null, row.createdAt));
    await updateHousehold(grid, { id, version: 1, gridId: fixture().units.G111, houseId: null, householdNo: "H9", visitTier: "REASSURED" });
    const after = await db.household.findUniqueOrThrow({ where: { id } });
    expect(after.nextVisitDue).toEqual(nextVisitDue("REASSURED", null, row.createdAt));
  });

  it("lists with the head, member count and search by register number or member name", async () => {
    const grid = await viewerFor("grid");
    const { id } = (await createHousehold(grid, { gridId: fixture().units.G111, houseId: null, householdNo: "620001", visitTier: "ORDINARY" }))!;
    await createResident(grid, residentInput("G111", 1, { name: "赵大", householdId: id, relationToHead: "HEAD" }));
    await createResident(grid, residentInput("G111", 2, { name: "钱二", householdId: id, relationToHead: "SPOUSE" }));
    await createHousehold(grid, { gridId: fixture().units.G111, houseId: null, householdNo: "710002", visitTier: "KEY" });
    const all = await listHouseholds(grid, householdFilterSchema.parse({}));
    expect(all.total).toBe(2);
    expect(all.items.find((h) => h.id === id)).toMatchObject({ head: { name: "赵大" }, memberCount: 2 });
    expect((await listHouseholds(grid, householdFilterSchema.parse({ q: "6200" }))).items.map((h) => h.id)).toEqual([id]);
    expect((await listHouseholds(grid, householdFilterSchema.parse({ q: "钱" }))).items.map((h) => h.id)).toEqual([id]);
    expect((await listHouseholds(grid, householdFilterSchema.parse({ visitTier: "KEY" }))).total).toBe(1);
  });

  it("refuses a second household with the same number in one house", async () => {
    const grid = await viewerFor("grid");
    const { id: houseId } = (await createHouse(grid, house("G111", "801室")))!;
    await createHousehold(grid, { gridId: fixture().units.G111, houseId, householdNo: "8001", visitTier: "ORDINARY" });
    const err = await rejection(createHousehold(grid, { gridId: fixture().units.G111, houseId, householdNo: "8001", visitTier: "ORDINARY" }));
    expect(err.code).toBe("CONFLICT");
  });

  it("refuses to delete a household with members", async () => {
    const grid = await viewerFor("grid");
    const { id } = (await createHousehold(grid, { gridId: fixture().units.G111, houseId: null, householdNo: "H1", visitTier: "ORDINARY" }))!;
    await createResident(grid, residentInput("G111", 1, { householdId: id, relationToHead: "HEAD" }));
    expect((await rejection(deleteHousehold(grid, { id, version: 1, reason: "合户" }))).detail?.key).toBe("peopleHouseholdHasMembers");
    expect((await getHousehold(grid, id)).deletedAt).toBeNull();
  });

  it("moves its members along when it moves to another grid", async () => {
    const township = await viewerFor("township");
    const { id } = (await createHousehold(township, { gridId: fixture().units.G111, houseId: null, householdNo: "H2", visitTier: "ORDINARY" }))!;
    const r = await createResident(township, residentInput("G111", 1, { householdId: id, relationToHead: "HEAD" }));
    await updateHousehold(township, { id, version: 1, gridId: fixture().units.G121, houseId: null, householdNo: "H2", visitTier: "ORDINARY" });
    const moved = await getResident(township, r.id);
    expect(moved.gridId).toBe(fixture().units.G121);
    expect(moved.history.map((h) => h.action)).toEqual(["MOVE", "CREATE"]);
    expect((await getHousehold(township, id)).history.map((h) => h.action)).toEqual(["MOVE", "CREATE"]);
  });
});

describe("key-group tags (the dictionary)", () => {
  it("lets an administrator add, rename and disable tags, with audit entries", async () => {
    await seedTags();
    const admin = await viewerFor("admin");
    const { id } = await createTag(admin, { code: "PREGNANT_WOMAN", name: "孕产妇", nameEn: "Pregnant woman", visitTier: "ORDINARY" });
    await renameTag(admin, { id, name: "孕产妇（高危）", nameEn: "High-risk pregnancy" });
    await setTagEnabled(admin, { id, enabled: false });
    const all = await listTags(admin, true);
    expect(all.find((t) => t.id === id)).toMatchObject({ name: "孕产妇（高危）", enabled: false });
    expect((await listTags(admin)).some((t) => t.id === id)).toBe(false);
    expect(await db.auditLog.count({ where: { action: { startsWith: "people.tag." } } })).toBe(3);
    expect((await rejection(createTag(admin, { code: "PREGNANT_WOMAN", name: "x", nameEn: "x", visitTier: "KEY" }))).code).toBe("CONFLICT");
  });

  it("refuses everyone else", async () => {
    await seedTags();
    for (const who of ["grid", "community", "township", "leader"]) {
      const v = await viewerFor(who);
      expect((await rejection(createTag(v, { code: "X_TAG", name: "x", nameEn: "x", visitTier: "KEY" }))).code).toBe("FORBIDDEN");
      expect((await rejection(setTagEnabled(v, { id: 1, enabled: false }))).code).toBe("FORBIDDEN");
    }
    expect(await db.keyGroupTag.count({ where: { enabled: false } })).toBe(0);
  });
});
