import { describe, expect, it } from "vitest";
import { gridOverview, ownGridId, pickGrids } from "@/lib/grid/data";
import { createFacility } from "@/lib/grid/facilities-data";
import { createPlace } from "@/lib/grid/places-data";
import { createSentiment, setFollowUp } from "@/lib/grid/sentiments-data";
import { addTeamMember } from "@/lib/grid/team-data";
import { db } from "@/lib/server/db";
import { fixture, viewerFor } from "../support/fixtures";
import { gridOf, makeHousehold, pointsOf, rejection } from "../support/grid";

describe("the grid page", () => {
  it("opens a grid worker's own grid, and offers higher levels the grids of their territory", async () => {
    expect(ownGridId(await viewerFor("grid"))).toBe(gridOf("G111"));
    expect(ownGridId(await viewerFor("township"))).toBeNull();
    const township = await pickGrids(await viewerFor("township"), {});
    expect(township.grids.map((g) => g.name)).toEqual(["东村第1网格", "东村第2网格", "西村第1网格"]);
    expect(township.grids[0]).toMatchObject({ village: "东村", township: "东镇" });
    expect((await pickGrids(await viewerFor("admin"), { q: "西村" })).grids.map((g) => g.name)).toEqual(["西村第1网格"]);
    expect((await pickGrids(await viewerFor("grid"), {})).total).toBe(1);
    expect((await pickGrids(await viewerFor("adminB"), {})).grids.map((g) => g.name)).toEqual(["北村第1网格"]);
  });

  it("shows the grid's counts, markers, workers and team", async () => {
    const grid = await viewerFor("grid");
    const gridId = gridOf("G111");
    const { inside } = await pointsOf("G111");
    const base = { category: "SHOP" as const, riskLevel: "LOW" as const, address: null, personInCharge: null, contactPhone: null };
    await createPlace(grid, { ...base, gridId, name: "有位置的店", ...inside });
    await createPlace(grid, { ...base, gridId, name: "无位置的店", lat: null, lng: null });
    await createFacility(grid, { gridId, type: "CAMERA", name: "路口摄像头", status: "NORMAL", lastInspectedAt: null, ...inside });
    const open = await createSentiment(grid, { gridId, kind: "OPINION", content: "意见", residentId: null, placeId: null, recordedAt: new Date() });
    const done = await createSentiment(grid, { gridId, kind: "OPINION", content: "已办", residentId: null, placeId: null, recordedAt: new Date() });
    await setFollowUp(grid, { id: done.id, version: 1, status: "RESOLVED", note: null });
    await makeHousehold("G111", { members: ["甲", "乙"], tier: "KEY", lastVisitAt: new Date(Date.now() - 30 * 24 * 3600_000) });
    await makeHousehold("G112");
    await addTeamMember(await viewerFor("community"), { gridId, role: "CADRE", name: "包保干部", phone: null, note: null });
    await db.user.update({ where: { id: fixture().users.grid }, data: { phone: "13712345678" } });

    const o = await gridOverview(grid, gridId);
    expect(o.grid).toMatchObject({ id: gridId, name: "东村第1网格" });
    expect(o.path).toEqual(["东镇", "东村"]);
    expect(o.counts).toEqual({ residents: 2, households: 1, houses: 1, places: 2, facilities: 1, openSentiments: 1 });
    expect(o.markers.places.map((p) => p.name)).toEqual(["有位置的店"]);
    expect(o.markers.facilities.map((f) => f.name)).toEqual(["路口摄像头"]);
    expect(o.workers).toEqual([{ id: fixture().users.grid, displayName: "grid", phone: "13712345678" }]);
    expect(o.team.map((m) => m.name)).toEqual(["包保干部"]);
    expect(o.due).toEqual({ overdue: 1, thisWeek: 0 });
    expect(open.id).toBeTruthy();
  });

  it("answers NOT_FOUND for a sibling grid, a parent unit and another county", async () => {
    const grid = await viewerFor("grid");
    for (const id of [gridOf("G112"), fixture().units.V11, gridOf("GB")]) expect((await rejection(gridOverview(grid, id))).code).toBe("NOT_FOUND");
    // A village is in a community officer's territory but is not a grid.
    expect((await rejection(gridOverview(await viewerFor("community"), fixture().units.V11))).code).toBe("NOT_FOUND");
    expect((await rejection(gridOverview(await viewerFor("dept"), gridOf("G111")))).code).toBe("FORBIDDEN");
  });
});
