import { describe, expect, it } from "vitest";
import { createFacility, deleteFacility, getFacility, listFacilities, updateFacility, verifyFacility } from "@/lib/grid/facilities-data";
import { createFacilitySchema } from "@/lib/grid/schemas";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { viewerFor } from "../support/fixtures";
import { gridOf, pointsOf, rejection } from "../support/grid";

const hydrant = { type: "FIRE_HYDRANT" as const, name: "1号消防栓", status: "NORMAL" as const, lastInspectedAt: null, lat: null, lng: null };

describe("objects (部件)", () => {
  it("takes the hazard flag from the type dictionary and keeps it right on edit", async () => {
    const grid = await viewerFor("grid");
    const gridId = gridOf("G111");
    const { id } = await createFacility(grid, { ...hydrant, gridId });
    expect((await getFacility(grid, id)).isHazard).toBe(false);
    await updateFacility(grid, { ...hydrant, id, version: 1, gridId, type: "GAS_STATION", name: "城东加油站" });
    const f = await getFacility(grid, id);
    expect(f).toMatchObject({ type: "GAS_STATION", isHazard: true, version: 2 });
    expect(f.history[0].changes).toMatchObject({ type: ["FIRE_HYDRANT", "GAS_STATION"], isHazard: [false, true] });
    expect((await listFacilities(grid, { hazard: "1" })).items.map((x) => x.id)).toEqual([id]);
    expect((await listFacilities(grid, { hazard: "0" })).total).toBe(0);
  });

  it("refuses an unknown type, a future inspection day and a point outside the grid", async () => {
    const grid = await viewerFor("grid");
    const gridId = gridOf("G111");
    const { outside } = await pointsOf("G111");
    const tomorrow = new Date(Date.now() + 2 * 24 * 3600_000).toISOString().slice(0, 10);
    const bad: [unknown, string][] = [
      [{ ...hydrant, gridId, type: "UFO_LANDING_PAD" }, "type"],
      [{ ...hydrant, gridId, lastInspectedAt: tomorrow }, "lastInspectedAt"],
      [{ ...hydrant, gridId, ...outside }, "lat"],
    ];
    for (const [input, field] of bad) {
      const r = await runAction(grid, createFacilitySchema, createFacility, input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(Object.keys(r.fieldErrors ?? {})).toContain(field);
    }
    const ok = await runAction(grid, createFacilitySchema, createFacility, { ...hydrant, gridId, lastInspectedAt: "2026-01-05" });
    expect(ok.ok).toBe(true);
    expect(await db.facility.count()).toBe(1);
    const stored = await db.facility.findFirstOrThrow();
    expect(stored.lastInspectedAt?.toISOString()).toBe("2026-01-04T16:00:00.000Z");
  });

  it("is scoped like every registry and verified by a second person", async () => {
    const gridB = await viewerFor("gridB");
    const other = await createFacility(gridB, { ...hydrant, gridId: gridOf("GB") });
    const grid = await viewerFor("grid");
    expect((await rejection(getFacility(grid, other.id))).code).toBe("NOT_FOUND");
    expect((await rejection(deleteFacility(grid, { id: other.id, version: 1, reason: "越权删除" }))).code).toBe("NOT_FOUND");
    expect((await listFacilities(grid, {})).total).toBe(0);

    const mine = await createFacility(grid, { ...hydrant, gridId: gridOf("G111") });
    expect((await rejection(verifyFacility(grid, { id: mine.id, version: 1 }))).detail?.key).toBe("gridVerifyOwnRecord");
    // Another grid worker of a neighbouring grid cannot reach it; the community officer can.
    expect((await rejection(verifyFacility(await viewerFor("grid2"), { id: mine.id, version: 1 }))).code).toBe("NOT_FOUND");
    await verifyFacility(await viewerFor("community"), { id: mine.id, version: 1 });
    expect((await getFacility(grid, mine.id)).dataState).toBe("VERIFIED");
  });
});
