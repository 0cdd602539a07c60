import { describe, expect, it } from "vitest";
import { gridOverview } from "@/lib/grid/data";
import { createPlace, deletePlace, getPlace, listPlaces, updatePlace, verifyPlace } from "@/lib/grid/places-data";
import { historyOf } from "@/lib/grid/registry";
import { createPlaceSchema, updatePlaceSchema } from "@/lib/grid/schemas";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { fixture, viewerFor } from "../support/fixtures";
import { gridOf, gridRowCounts, pointsOf, rejection } from "../support/grid";

const base = { category: "SHOP" as const, riskLevel: "LOW" as const, address: null, personInCharge: null, contactPhone: null, lat: null, lng: null };

async function placeIn(username: string, key: "G111" | "G112" | "G121" | "GB", name = "测试便利店") {
  return createPlace(await viewerFor(username), { ...base, gridId: gridOf(key), name });
}

describe("places: scope", () => {
  it("answers NOT_FOUND for a sibling grid, a parent unit and another county, and writes nothing", async () => {
    const grid = await viewerFor("grid");
    for (const target of [gridOf("G112"), fixture().units.V11, gridOf("GB")]) {
      const err = await rejection(createPlace(grid, { ...base, gridId: target, name: "越界" }));
      expect(err.code).toBe("NOT_FOUND");
    }
    expect(await db.place.count()).toBe(0);
  });

  it("hides records of other grids from detail, edit, verify and delete", async () => {
    const sibling = await placeIn("grid2", "G112");
    const other = await placeIn("gridB", "GB");
    const grid = await viewerFor("grid");
    for (const p of [sibling, other]) {
      expect((await rejection(getPlace(grid, p.id))).code).toBe("NOT_FOUND");
      expect((await rejection(updatePlace(grid, { ...base, id: p.id, version: 1, gridId: gridOf("G111"), name: "x" }))).code).toBe("NOT_FOUND");
      expect((await rejection(verifyPlace(grid, { id: p.id, version: 1 }))).code).toBe("NOT_FOUND");
      expect((await rejection(deletePlace(grid, { id: p.id, version: 1, reason: "测试删除" }))).code).toBe("NOT_FOUND");
    }
    // The county's administrator sees the sibling, never the other county.
    const admin = await viewerFor("admin");
    expect((await getPlace(admin, sibling.id)).id).toBe(sibling.id);
    expect((await rejection(getPlace(admin, other.id))).code).toBe("NOT_FOUND");
  });

  it("never lists records outside the territory, whatever the filter", async () => {
    await placeIn("grid", "G111", "本网格店");
    await placeIn("grid2", "G112", "隔壁网格店");
    await placeIn("gridB", "GB", "邻县店");
    const grid = await viewerFor("grid");
    expect((await listPlaces(grid, {})).items.map((p) => p.name)).toEqual(["本网格店"]);
    expect((await listPlaces(grid, { gridId: gridOf("G112") })).items).toEqual([]);
    expect((await listPlaces(grid, { q: "店" })).total).toBe(1);
    const community = await viewerFor("community");
    expect((await listPlaces(community, {})).items.map((p) => p.name).sort()).toEqual(["本网格店", "隔壁网格店"].sort());
    const adminB = await viewerFor("adminB");
    expect((await listPlaces(adminB, {})).items.map((p) => p.name)).toEqual(["邻县店"]);
  });
});

describe("places: writing", () => {
  it("creates a place with its map point and a CREATE history entry", async () => {
    const grid = await viewerFor("grid");
    const { inside } = await pointsOf("G111");
    const { id } = await createPlace(grid, { ...base, gridId: gridOf("G111"), name: "阳光超市", ...inside, contactPhone: "0937-1234567" });
    const p = await getPlace(grid, id);
    expect(p).toMatchObject({ name: "阳光超市", lat: inside.lat, lng: inside.lng, dataState: "ENTERED", createdByName: "grid" });
    expect(p.history.map((h) => h.action)).toEqual(["CREATE"]);
  });

  it("refuses a map point outside the grid with a clear message and writes nothing", async () => {
    const grid = await viewerFor("grid");
    const { outside } = await pointsOf("G111");
    const before = await gridRowCounts();
    const r = await runAction(grid, createPlaceSchema, createPlace, { ...base, gridId: gridOf("G111"), name: "越界店", ...outside });
    expect(r).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { lat: "该位置不在所选网格范围内。" } });
    expect(!r.ok && r.message).toContain("东村第1网格");
    expect(await gridRowCounts()).toEqual(before);
  });

  it("refuses bad input with translated messages: oversized text, a bad phone, half a point, unknown keys", async () => {
    const grid = await viewerFor("grid");
    const gridId = gridOf("G111");
    const cases: [unknown, string][] = [
      [{ ...base, gridId, name: "店".repeat(101) }, "name"],
      [{ ...base, gridId, name: "店", contactPhone: "call me" }, "contactPhone"],
      [{ ...base, gridId, name: "店", lat: 30.005, lng: null }, "lat"],
      [{ ...base, gridId, name: "店", category: "CASINO" }, "category"],
      [{ ...base, gridId, name: "店", createdById: "someone" }, "_"],
    ];
    for (const [input, field] of cases) {
      const r = await runAction(grid, createPlaceSchema, createPlace, input);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.code).toBe("VALIDATION");
        expect(Object.keys(r.fieldErrors ?? {})).toContain(field);
        expect(r.fieldErrors?.[field]).not.toMatch(/^validation\./);
      }
    }
    expect(await db.place.count()).toBe(0);
  });

  it("records field changes, refuses a stale version, and sends a verified record back to ENTERED when edited", async () => {
    const grid = await viewerFor("grid");
    const community = await viewerFor("community");
    const { id } = await placeIn("grid", "G111", "老张修车铺");
    await verifyPlace(community, { id, version: 1 });
    const input = { ...base, id, version: 2, gridId: gridOf("G111"), name: "老张汽修", riskLevel: "MEDIUM" as const };
    expect(await updatePlace(grid, input)).toEqual({ id, version: 3 });
    expect((await rejection(updatePlace(grid, { ...input, name: "又改了" }))).code).toBe("STALE");
    const p = await getPlace(grid, id);
    expect(p).toMatchObject({ name: "老张汽修", riskLevel: "MEDIUM", dataState: "ENTERED", verifiedById: null, version: 3 });
    const update = p.history.find((h) => h.action === "UPDATE")!;
    expect(update.changes).toEqual({ name: ["老张修车铺", "老张汽修"], riskLevel: ["LOW", "MEDIUM"] });
    expect(p.history.map((h) => h.action)).toEqual(["UPDATE", "VERIFY", "CREATE"]);
  });

  it("writes nothing for an edit that changes nothing", async () => {
    const grid = await viewerFor("grid");
    const { id } = await placeIn("grid", "G111", "不变的店");
    expect(await updatePlace(grid, { ...base, id, version: 1, gridId: gridOf("G111"), name: "不变的店" })).toEqual({ id, version: 1 });
    expect((await historyOf("place", id)).length).toBe(1);
  });

  it("soft-deletes with a reason: gone from lists and counts, history kept", async () => {
    const grid = await viewerFor("grid");
    const { id } = await placeIn("grid", "G111", "已关门的店");
    const r = await runAction(grid, (await import("@/lib/grid/schemas")).deleteSchema, deletePlace, { id, version: 1, reason: "" });
    expect(r.ok).toBe(false);
    await deletePlace(grid, { id, version: 1, reason: "店铺已关闭" });
    expect((await listPlaces(grid, {})).total).toBe(0);
    expect((await gridOverview(grid, gridOf("G111"))).counts.places).toBe(0);
    expect((await rejection(getPlace(grid, id))).code).toBe("NOT_FOUND");
    const history = await historyOf("place", id);
    expect(history[0]).toMatchObject({ action: "DELETE", reason: "店铺已关闭" });
    expect(await db.place.count()).toBe(1);
  });
});

describe("places: verification", () => {
  it("must come from a second person", async () => {
    const grid = await viewerFor("grid");
    const { id } = await placeIn("grid", "G111");
    const own = await rejection(verifyPlace(grid, { id, version: 1 }));
    expect(own.code).toBe("VALIDATION");
    expect(own.detail?.key).toBe("gridVerifyOwnRecord");
    expect((await getPlace(grid, id)).dataState).toBe("ENTERED");

    const community = await viewerFor("community");
    await verifyPlace(community, { id, version: 1 });
    const p = await getPlace(grid, id);
    expect(p).toMatchObject({ dataState: "VERIFIED", verifiedByName: "community" });
    expect(p.history[0]).toMatchObject({ action: "VERIFY", actorName: "community" });
    expect((await rejection(verifyPlace(community, { id, version: 2 }))).code).toBe("CONFLICT");
  });

  it("is refused to roles without the permission, and recorded", async () => {
    const { id } = await placeIn("grid", "G111");
    const leader = await viewerFor("leader");
    expect((await rejection(verifyPlace(leader, { id, version: 1 }))).code).toBe("FORBIDDEN");
    expect(await db.auditLog.count({ where: { action: "grid.records.verify", result: "denied" } })).toBe(1);
  });
});

describe("places: moving between grids", () => {
  it("keeps the history, follows the new grid's scope, and counts right after the move", async () => {
    const community = await viewerFor("community");
    const { id } = await placeIn("grid", "G111", "流动的店");
    const { inside } = await pointsOf("G112");
    const before = await gridOverview(community, gridOf("G111"));
    expect(before.counts.places).toBe(1);

    await updatePlace(community, { ...base, id, version: 1, gridId: gridOf("G112"), name: "流动的店", ...inside });
    expect((await gridOverview(community, gridOf("G111"))).counts.places).toBe(0);
    expect((await gridOverview(community, gridOf("G112"))).counts.places).toBe(1);

    // The old grid's worker loses it; the new grid's worker sees it with its whole past.
    expect((await rejection(getPlace(await viewerFor("grid"), id))).code).toBe("NOT_FOUND");
    const seen = await getPlace(await viewerFor("grid2"), id);
    expect(seen.history.map((h) => h.action)).toEqual(["UPDATE", "MOVE", "CREATE"]);
    expect(seen.history.find((h) => h.action === "MOVE")?.changes).toEqual({ gridId: ["东村第1网格", "东村第2网格"] });
    expect(seen.history.find((h) => h.action === "CREATE")?.gridName).toBe("东村第1网格");
  });

  it("refuses a move out of the territory and a move that leaves the point outside the new grid", async () => {
    const community = await viewerFor("community");
    const { inside } = await pointsOf("G111");
    const { id } = await createPlace(community, { ...base, gridId: gridOf("G111"), name: "定点店", ...inside });
    expect((await rejection(updatePlace(community, { ...base, id, version: 1, gridId: gridOf("G121"), name: "定点店" }))).code).toBe("NOT_FOUND");
    const err = await rejection(updatePlace(community, { ...base, id, version: 1, gridId: gridOf("G112"), name: "定点店", ...inside }));
    expect(err.detail?.key).toBe("gridPointOutside");
    expect((await db.place.findUniqueOrThrow({ where: { id } })).gridId).toBe(gridOf("G111"));
  });

  it("refuses an update through the action wrapper when the id is outside the territory", async () => {
    const { id } = await placeIn("gridB", "GB");
    const r = await runAction(await viewerFor("admin"), updatePlaceSchema, updatePlace, { ...base, id, version: 1, gridId: gridOf("G111"), name: "x" });
    expect(r).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});

describe("places: lists", () => {
  it("pages with keyset cursors without gaps or repeats, newest first and by name", async () => {
    const grid = await viewerFor("grid");
    const gridId = gridOf("G111");
    const names = Array.from({ length: 45 }, (_, i) => `店${String(i).padStart(2, "0")}`);
    // Same creation instant for some rows: the id breaks ties.
    const at = new Date("2026-01-01T00:00:00Z");
    await db.place.createMany({ data: names.map((name, i) => ({ gridId, name, category: "SHOP" as const, createdAt: i < 20 ? at : new Date(at.getTime() + i * 1000) })) });
    for (const sort of [undefined, "name"] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await listPlaces(grid, { sort, cursor });
        expect(page.total).toBe(45);
        seen.push(...page.items.map((p) => p.name));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(45);
      if (sort === "name") expect(seen).toEqual([...names].sort());
    }
    // A forged cursor is just the first page.
    expect((await listPlaces(grid, { cursor: "not-a-cursor" })).items).toHaveLength(20);
  });

  it("filters and counts by category, risk and data state", async () => {
    const grid = await viewerFor("grid");
    const gridId = gridOf("G111");
    await createPlace(grid, { ...base, gridId, name: "一中", category: "SCHOOL", riskLevel: "MEDIUM" });
    await createPlace(grid, { ...base, gridId, name: "二小", category: "SCHOOL" });
    await createPlace(grid, { ...base, gridId, name: "诊所", category: "CLINIC", riskLevel: "HIGH" });
    const all = await listPlaces(grid, { category: "SCHOOL" });
    expect(all.total).toBe(2);
    expect(all.byCategory).toEqual({ SCHOOL: 2, CLINIC: 1 });
    expect((await listPlaces(grid, { riskLevel: "HIGH" })).items.map((p) => p.name)).toEqual(["诊所"]);
    expect((await listPlaces(grid, { dataState: "VERIFIED" })).total).toBe(0);
    expect((await listPlaces(grid, { q: "一" })).items.map((p) => p.name)).toEqual(["一中"]);
  });
});
