// Spreadsheet imports into places (场所) and objects (部件): the same pipeline as the people
// registries (check, per-row errors, "import the valid rows" or "nothing", idempotent).
import path from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { decideImport, importFile, type ImportSummary } from "@/lib/people/import";
import { templateFor } from "@/lib/people/templates";
import { db } from "@/lib/server/db";
import { fixture, viewerFor } from "../support/fixtures";
import { pointsOf, rejection } from "../support/grid";
import { useScratchUploads } from "../support/people";

let dir: string;
beforeAll(() => {
  dir = useScratchUploads();
});

const PLACE_HEADER = ["网格编码", "场所名称", "场所类别", "地址", "负责人", "联系电话", "风险等级", "纬度", "经度"];
const FACILITY_HEADER = ["网格编码", "部件类型", "部件名称/编号", "部件状态", "最近巡查日期", "纬度", "经度"];
const G111 = "990101100001001";

async function xlsx(name: string, header: string[], rows: (string | number)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("数据");
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

async function summary(id: string): Promise<ImportSummary & { status: string }> {
  const job = await db.job.findUniqueOrThrow({ where: { id } });
  return { ...(job.result as unknown as ImportSummary), status: job.status };
}

describe("place import", () => {
  it("checks a file, imports the valid rows on request, and changes nothing when it comes again", async () => {
    const grid = await viewerFor("grid");
    const { inside } = await pointsOf("G111");
    const file = await xlsx("places.xlsx", PLACE_HEADER, [
      [G111, "阳光超市", "商铺", "东村 3栋 101", "王老板", "0937-1234567", "中风险", inside.lat, inside.lng],
      ["", "东村小学", "学校", "东村 1号", "", "", "", "", ""],
      [G111, "老街饭店", "饭店", "", "", "", "高", "", ""],
    ]);
    const { id } = await importFile(grid, "places", file);
    expect(await summary(id)).toMatchObject({ status: "WAITING", total: 3, valid: 3, existing: 0, invalid: 0 });
    expect(await db.place.count()).toBe(0);

    await decideImport(grid, { id, decision: "valid" });
    expect(await summary(id)).toMatchObject({ status: "DONE", created: 3 });
    const places = await db.place.findMany({ orderBy: { name: "asc" }, select: { name: true, category: true, riskLevel: true, gridId: true, lat: true, createdById: true } });
    expect(places.map((p) => [p.name, p.category, p.riskLevel])).toEqual([
      ["东村小学", "SCHOOL", "LOW"],
      ["老街饭店", "RESTAURANT", "HIGH"],
      ["阳光超市", "SHOP", "MEDIUM"],
    ]);
    expect(places.every((p) => p.gridId === fixture().units.G111 && p.createdById === grid.id)).toBe(true);
    expect(places.find((p) => p.name === "阳光超市")?.lat).toBeCloseTo(inside.lat, 6);
    expect(await db.recordHistory.count({ where: { entityType: "place", action: "CREATE", reason: "import" } })).toBe(3);
    expect(await db.auditLog.count({ where: { action: "people.import" } })).toBe(1);

    const again = await importFile(grid, "places", file);
    expect(await summary(again.id)).toMatchObject({ total: 3, valid: 0, existing: 3, invalid: 0 });
    expect((await rejection(decideImport(grid, { id: again.id, decision: "valid" }))).detail?.key).toBe("peopleImportNoValidRows");
    expect(await db.place.count()).toBe(3);
  });

  it("reports every bad row with its line, column and message, and imports only the valid ones", async () => {
    const grid = await viewerFor("grid");
    const { inside, outside } = await pointsOf("G111");
    const file = await xlsx("bad-places.xlsx", PLACE_HEADER, [
      [G111, "好店", "商铺", "", "", "", "", "", ""],
      [G111, "怪店", "太空站", "", "", "", "", "", ""],
      [G111, "错电话", "商铺", "", "", "电话abc", "", "", ""],
      [G111, "界外店", "商铺", "", "", "", "", outside.lat, outside.lng],
      [G111, "半坐标", "商铺", "", "", "", "", inside.lat, ""],
      [G111, "好店", "商铺", "", "", "", "", "", ""],
      ["990101100001002", "邻格店", "商铺", "", "", "", "", "", ""],
      [G111, "", "商铺", "", "", "", "", "", ""],
      [G111, "怪风险", "商铺", "", "", "", "极高", "", ""],
      [G111, "坐标字", "商铺", "", "", "", "", "北纬", "东经"],
    ]);
    const { id } = await importFile(grid, "places", file);
    const s = await summary(id);
    expect(s).toMatchObject({ total: 10, valid: 1, invalid: 9 });
    const byLine = new Map(s.errors.map((e) => [e.line, e]));
    expect(byLine.get(3)).toMatchObject({ column: "场所类别", message: expect.stringContaining("太空站") });
    expect(byLine.get(4)?.column).toBe("联系电话");
    expect(byLine.get(5)?.message).toContain("东村第1网格");
    expect(byLine.get(6)?.column).toBe("纬度");
    expect(byLine.get(7)?.message).toContain("第 2 行");
    expect(byLine.get(8)).toMatchObject({ column: "网格编码", message: expect.stringContaining("不在您的辖区") });
    expect(byLine.get(9)?.column).toBe("场所名称");
    expect(byLine.get(10)?.message).toContain("极高");
    expect(s.errors.filter((e) => e.line === 11).map((e) => [e.column, e.value])).toEqual([["纬度", "北纬"], ["经度", "东经"]]);
    await decideImport(grid, { id, decision: "valid" });
    expect((await db.place.findMany({ select: { name: true } })).map((p) => p.name)).toEqual(["好店"]);
  });

  it("lets only one of two imports of the same file at once write its rows", async () => {
    const grid = await viewerFor("grid");
    const file = await xlsx("twice.xlsx", PLACE_HEADER, [[G111, "一号店", "商铺", "", "", "", "", "", ""], [G111, "二号店", "商铺", "", "", "", "", "", ""]]);
    const a = await importFile(grid, "places", file);
    const b = await importFile(grid, "places", file);
    await Promise.all([decideImport(grid, { id: a.id, decision: "valid" }), decideImport(grid, { id: b.id, decision: "valid" })]);
    expect(await db.place.count()).toBe(2);
    const created = [(await summary(a.id)).created, (await summary(b.id)).created].sort();
    expect(created).toEqual([0, 2]);
  });
});

describe("object import", () => {
  it("takes the hazard flag from the type, refuses bad rows, and skips what is registered", async () => {
    const grid = await viewerFor("grid");
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const file = await xlsx("objects.xlsx", FACILITY_HEADER, [
      [G111, "消防栓", "1号消防栓", "正常", "2026-01-05", "", ""],
      [G111, "加油加气站", "中石化东村站", "", "", "", ""],
      [G111, "飞碟", "不明物体", "", "", "", ""],
      [G111, "井盖", "3号井盖", "被偷了", "", "", ""],
      [G111, "路灯", "5号路灯", "损坏", tomorrow, "", ""],
      [G111, "消防栓", "1号消防栓", "", "", "", ""],
    ]);
    const { id } = await importFile(grid, "facilities", file);
    const s = await summary(id);
    expect(s).toMatchObject({ total: 6, valid: 2, invalid: 4 });
    const byLine = new Map(s.errors.map((e) => [e.line, e]));
    expect(byLine.get(4)).toMatchObject({ column: "部件类型", message: expect.stringContaining("飞碟") });
    expect(byLine.get(5)?.message).toContain("被偷了");
    expect(byLine.get(6)?.column).toBe("最近巡查日期");
    expect(byLine.get(7)?.message).toContain("第 2 行");
    await decideImport(grid, { id, decision: "valid" });
    const rows = await db.facility.findMany({ orderBy: { name: "asc" }, select: { name: true, type: true, isHazard: true, status: true, lastInspectedAt: true } });
    expect(rows.map((r) => [r.name, r.type, r.isHazard, r.status])).toEqual([
      ["1号消防栓", "FIRE_HYDRANT", false, "NORMAL"],
      ["中石化东村站", "GAS_STATION", true, "NORMAL"],
    ]);
    expect(rows[0].lastInspectedAt?.toISOString()).toBe("2026-01-04T16:00:00.000Z");
    const again = await importFile(grid, "facilities", file);
    expect(await summary(again.id)).toMatchObject({ valid: 0, existing: 2, invalid: 4 });
  });

  it("offers a template per registry with its headers and the grids to import into", async () => {
    const grid = await viewerFor("grid");
    for (const [registry, header] of [["places", PLACE_HEADER], ["facilities", FACILITY_HEADER]] as const) {
      const { bytes, fileName } = await templateFor(grid, registry, "zh-CN");
      expect(fileName).toMatch(/模板\.xlsx$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      const first = (wb.worksheets[0].getRow(1).values as unknown[]).slice(1).map((v) => String(v).replace(/\*$/, ""));
      expect(first).toEqual(header);
      const grids: string[] = [];
      wb.worksheets[2].eachRow((r) => grids.push(String(r.getCell(1).value)));
      expect(grids).toContain(G111);
      expect(grids).not.toContain("990101100001002");
    }
    expect((await rejection(templateFor(await viewerFor("leader"), "places", "zh-CN"))).code).toBe("FORBIDDEN");
  });
});
