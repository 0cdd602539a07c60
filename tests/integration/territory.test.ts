import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseDivisionCsv } from "@/lib/territory/csv";
import { getTerritory, importDivisions } from "@/lib/territory/data";
import { fixture, viewerFor } from "../support/fixtures";

describe("territory scope", () => {
  it.each([
    ["admin", 10, 4],
    ["leader", 10, 4],
    ["township", 6, 3],
    ["community", 3, 2],
    ["grid", 1, 1],
    ["adminB", 4, 1],
  ])("%s sees %i units and %i grids", async (username, units, grids) => {
    const territory = await getTerritory(await viewerFor(username));
    expect(territory.units).toHaveLength(units);
    expect(territory.grids).toHaveLength(grids);
  });

  it("shows a grid worker only their own grid", async () => {
    const territory = await getTerritory(await viewerFor("grid"));
    expect(territory.grids.map((g) => g.id)).toEqual([fixture().units.G111]);
    expect(territory.rootId).toBe(fixture().units.G111);
  });

  it("never shows another county", async () => {
    const territory = await getTerritory(await viewerFor("admin"));
    const codes = territory.units.map((u) => u.code);
    expect(codes.every((c) => c.startsWith("990101"))).toBe(true);
  });
});

const CSV = `code,name,parent_code
990301000000,新县,990000000000
990301100000,甲镇,990301000000
990301100001,甲村委会,990301100000
990301100002,乙社区居委会,990301100000
`;

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe("division import", () => {
  it("imports a county and changes nothing when the same file is imported again", async () => {
    const admin = await viewerFor("admin");
    const { rows } = parseDivisionCsv(CSV);
    // A new county may only be created by an administrator at the root of the tree.
    expect((await rejection(importDivisions(admin, rows))).code).toBe("NOT_FOUND");
  });

  it("imports idempotently into an existing county", async () => {
    const admin = await viewerFor("admin");
    const csv = `code,name,parent_code\n990101000000,测试县,990000000000\n990101300000,新镇,990101000000\n990101300001,新村委会,990101300000\n`;
    const { rows } = parseDivisionCsv(csv);
    expect(await importDivisions(admin, rows)).toEqual({ created: 2, renamed: 0, unchanged: 1 });
    expect(await importDivisions(admin, rows)).toEqual({ created: 0, renamed: 0, unchanged: 3 });
    const village = await db.unit.findUniqueOrThrow({ where: { code: "990101300001" } });
    const township = await db.unit.findUniqueOrThrow({ where: { code: "990101300000" } });
    expect(village.pathIds).toEqual([fixture().units.A, township.id, village.id]);
    expect(village.level).toBe("VILLAGE");
  });

  it("refuses roles without the permission and records the refusal", async () => {
    const leader = await viewerFor("leader");
    const { rows } = parseDivisionCsv(CSV);
    expect((await rejection(importDivisions(leader, rows))).code).toBe("FORBIDDEN");
    expect(await db.auditLog.count({ where: { action: "territory.import", result: "denied" } })).toBe(1);
  });

  it("refuses another county's administrator", async () => {
    const adminB = await viewerFor("adminB");
    const { rows } = parseDivisionCsv(`code,name,parent_code\n990101000000,测试县,990000000000\n990101300000,新镇,990101000000\n`);
    expect((await rejection(importDivisions(adminB, rows))).code).toBe("NOT_FOUND");
    expect(await db.unit.count({ where: { code: "990101300000" } })).toBe(0);
  });

  it("writes nothing when any row is bad", async () => {
    const admin = await viewerFor("admin");
    const before = await db.unit.count();
    const { rows } = parseDivisionCsv(
      `code,name,parent_code\n990101000000,测试县,990000000000\n990101300000,新镇,990101000000\n990101300001,孤村,990101900000\n`,
    );
    expect((await rejection(importDivisions(admin, rows))).code).toBe("VALIDATION");
    expect(await db.unit.count()).toBe(before);
  });

  it("reports unreadable lines", () => {
    const { rows, errors } = parseDivisionCsv(`code,name,parent_code\n12345,短码,\n990101300000,新镇,990101000000\n`);
    expect(rows).toHaveLength(1);
    expect(errors).toEqual([{ line: 2, message: "validation.divisionCode" }]);
  });
});
