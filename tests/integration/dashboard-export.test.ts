// The dashboard's exports: the figures and tables of the current view as a workbook and as
// a PDF with an embedded CJK font, each download audited.
import ExcelJS from "exceljs";
import { beforeEach, describe, expect, it } from "vitest";
import { exportDashboard } from "@/lib/dashboard/export";
import { db } from "@/lib/server/db";
import { NOW, PERIOD, rejection, seedDashboardFixture } from "../support/dashboard";
import { fixture, viewerFor } from "../support/fixtures";

beforeEach(async () => {
  await seedDashboardFixture();
});

describe("dashboard export", () => {
  it("writes the figures and the tables of the view into a workbook", async () => {
    const file = await exportDashboard(await viewerFor("leader"), { period: PERIOD }, "xlsx", "zh-CN", NOW);
    expect(file.fileName).toBe(`dashboard-${fixture().units.A}-${PERIOD}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as never);
    const figures = wb.getWorksheet("指标")!;
    const rows = new Map<string, unknown[]>();
    figures.eachRow((r) => rows.set(String(r.getCell(1).value), [r.getCell(2).value, r.getCell(3).value, r.getCell(4).value]));
    expect(rows.get("按期办结率")).toEqual(["50.0%", 2, 4]);
    expect(rows.get("期内事件")).toEqual(["7", null, null]);
    expect(rows.get("统计期间")).toEqual(["2026年11月", null, null]);
    const ranking = wb.getWorksheet("下级单位")!;
    expect(ranking.getRow(2).getCell(1).value).toBe("东镇");
    expect(wb.getWorksheet("趋势")!.rowCount).toBe(21);
    expect(await db.auditLog.count({ where: { action: "dashboard.export", result: "success" } })).toBe(1);
  });

  it("draws the same view as an A4 landscape PDF in Chinese", async () => {
    const file = await exportDashboard(await viewerFor("township"), { period: PERIOD }, "pdf", "zh-CN", NOW);
    const text = file.body.toString("latin1");
    expect(text.startsWith("%PDF")).toBe(true);
    expect(text).toContain("/MediaBox [0 0 841.89 595.28]");
    // The CJK font is embedded (subset), so any reader shows the Chinese text.
    expect(text).toMatch(/FontFile3|FontFile2/);
    expect(text).toContain("NotoSansHans");
  });

  it("exports only what the viewer may see", async () => {
    expect((await rejection(exportDashboard(await viewerFor("township"), { unit: fixture().units.T2 }, "xlsx", "zh-CN", NOW))).code).toBe("NOT_FOUND");
    expect((await rejection(exportDashboard(await viewerFor("dept"), {}, "xlsx", "zh-CN", NOW))).code).toBe("FORBIDDEN");
  });
});
