import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { createFacility } from "@/lib/grid/facilities-data";
import { createPlace } from "@/lib/grid/places-data";
import { createSentiment } from "@/lib/grid/sentiments-data";
import { createResident } from "@/lib/people/data";
import { startExport } from "@/lib/people/export";
import { downloadableFile, getMyJob } from "@/lib/people/jobs";
import { exportSchema } from "@/lib/people/schemas";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { storedPath } from "@/lib/server/files";
import { runPendingJobs } from "@/lib/server/jobs";
import { fixture, viewerFor } from "../support/fixtures";
import { idFor, residentInput, useScratchUploads } from "../support/people";

beforeAll(() => {
  useScratchUploads();
});

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

async function sheetOf(fileId: string): Promise<string[][]> {
  const att = await db.attachment.findUniqueOrThrow({ where: { id: fileId } });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(storedPath(att.sha256));
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? "" : String(v)))));
  return rows;
}

describe("exports", () => {
  it("exports the filtered list of the viewer's territory, masked, with an audit entry", async () => {
    const grid = await viewerFor("grid");
    await createResident(grid, residentInput("G111", 1, { name: "王甲" }));
    await createResident(grid, residentInput("G111", 2, { name: "李乙" }));
    await createResident(await viewerFor("grid2"), residentInput("G112", 3, { name: "王丙" }));
    const r = await startExport(grid, { registry: "residents", filter: { q: "王", deleted: false } });
    expect(r).toMatchObject({ status: "DONE", rows: 1 });
    const rows = await sheetOf(r.fileId!);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain("身份证号");
    const text = JSON.stringify(rows);
    expect(text).toContain("王甲");
    expect(text).not.toContain("王丙");
    expect(text).not.toContain("李乙");
    expect(text).not.toContain(idFor(1));
    expect(text).toContain(`${idFor(1).slice(0, 6)}********${idFor(1).slice(-4)}`);
    expect(text).not.toContain(residentInput("G111", 1).phone!);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "people.export" } });
    expect(audit.details).toMatchObject({ registry: "residents", rows: 1, filter: { q: "王" } });
  });

  it("neutralises spreadsheet formulas in exported cells", async () => {
    const grid = await viewerFor("grid");
    await createResident(grid, residentInput("G111", 1, { employment: "=cmd|' /C calc'!A0" }));
    await createResident(grid, residentInput("G111", 2, { employment: "+1+2" }));
    await createResident(grid, residentInput("G111", 3, { employment: "@SUM(A1)" }));
    const r = await startExport(grid, { registry: "residents", filter: { deleted: false } });
    const att = await db.attachment.findUniqueOrThrow({ where: { id: r.fileId! } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(storedPath(att.sha256));
    const cells: unknown[] = [];
    wb.worksheets[0].eachRow((row) => row.eachCell((c) => cells.push(c.value)));
    // Text, never a formula object, and starting with the apostrophe.
    expect(cells).toContain("'=cmd|' /C calc'!A0");
    expect(cells).toContain("'+1+2");
    expect(cells).toContain("'@SUM(A1)");
    expect(cells.some((c) => typeof c === "object" && c !== null && "formula" in c)).toBe(false);
  });

  it("hands a large export to the job worker and lets only its owner download it", async () => {
    const grid = await viewerFor("grid");
    // Twelve thousand rows straight into the table: more than the request may write itself.
    const base = residentInput("G111", 0);
    await db.resident.createMany({
      data: Array.from({ length: 12_000 }, (_, i) => ({
        gridId: base.gridId, name: "批量", idCipher: "x", idHash: `hash-${i}`, idMasked: "620981********0000", birthDate: new Date("1980-01-01"),
        sex: "MALE" as const, ethnicity: "01", residenceType: "REGISTERED" as const,
      })),
    });
    const r = await startExport(grid, { registry: "residents", filter: { deleted: false } });
    expect(r).toMatchObject({ status: "QUEUED", fileId: null, rows: 12_000 });
    expect(await runPendingJobs()).toBe(1);
    const job = await getMyJob(grid, r.id);
    expect(job).toMatchObject({ status: "DONE", progress: 12_000, registry: "residents" });
    expect(await downloadableFile(grid, job.fileId!)).toMatchObject({ id: job.fileId });
    expect((await rejection(downloadableFile(await viewerFor("community"), job.fileId!))).code).toBe("NOT_FOUND");
    expect((await rejection(getMyJob(await viewerFor("community"), r.id))).code).toBe("NOT_FOUND");
    expect((await sheetOf(job.fileId!)).length).toBe(12_001);
  });

  it("exports households and houses too", async () => {
    const grid = await viewerFor("grid");
    const hh = await startExport(grid, { registry: "households", filter: { deleted: false } });
    const houses = await startExport(grid, { registry: "houses", filter: { deleted: false } });
    expect((await sheetOf(hh.fileId!))[0]).toContain("户号");
    expect((await sheetOf(houses.fileId!))[0]).toContain("地址");
  });

  it("exports places, objects and the sentiment log as their lists filter them, inside the territory only", async () => {
    const grid = await viewerFor("grid");
    const grid2 = await viewerFor("grid2");
    const G111 = fixture().units.G111;
    const G112 = fixture().units.G112;
    const place = { riskLevel: "HIGH" as const, address: "东村 3栋", personInCharge: "店主甲", contactPhone: null, lat: null, lng: null };
    await createPlace(grid, { ...place, gridId: G111, category: "SHOP", name: "=HYPERLINK(\"http://x\")便利店" });
    await createPlace(grid, { ...place, gridId: G111, category: "SCHOOL", name: "东村小学" });
    await createPlace(grid2, { ...place, gridId: G112, category: "SHOP", name: "邻格商店" });
    const hydrant = { type: "FIRE_HYDRANT" as const, status: "NORMAL" as const, lastInspectedAt: null, lat: null, lng: null };
    await createFacility(grid, { ...hydrant, gridId: G111, name: "1号消防栓" });
    await createFacility(grid2, { ...hydrant, gridId: G112, name: "2号消防栓" });
    const entry = { kind: "REQUEST" as const, residentId: null, placeId: null, recordedAt: new Date(Date.now() - 3600_000) };
    await createSentiment(grid, { ...entry, gridId: G111, content: "楼道灯坏了" });
    await createSentiment(grid2, { ...entry, gridId: G112, content: "邻格的诉求" });

    const shops = await startExport(grid, exportSchema.parse({ registry: "places", filter: { category: "SHOP" } }));
    expect(shops).toMatchObject({ status: "DONE", rows: 1 });
    const placeRows = await sheetOf(shops.fileId!);
    expect(placeRows[0]).toEqual(expect.arrayContaining(["场所名称", "类别", "风险等级"]));
    expect(placeRows[1]).toEqual(expect.arrayContaining(["东村第1网格", "'=HYPERLINK(\"http://x\")便利店", "商铺", "高风险", "店主甲"]));

    const objects = await startExport(grid, exportSchema.parse({ registry: "facilities", filter: {} }));
    expect((await sheetOf(objects.fileId!)).slice(1).map((r) => r[2])).toEqual(["1号消防栓"]);
    const sentiments = await startExport(await viewerFor("community"), exportSchema.parse({ registry: "sentiments", filter: { q: "楼道" } }));
    const sentimentRows = await sheetOf(sentiments.fileId!);
    expect(sentimentRows).toHaveLength(2);
    expect(sentimentRows[1]).toEqual(expect.arrayContaining(["诉求", "楼道灯坏了", "待跟进"]));
    // Another county's administrator gets none of it, whatever the filter.
    expect((await startExport(await viewerFor("adminB"), exportSchema.parse({ registry: "places", filter: { gridId: String(G111) } }))).rows).toBe(0);
    const audits = await db.auditLog.findMany({ where: { action: "people.export" }, select: { details: true } });
    expect(audits.map((a) => (a.details as { registry: string }).registry).sort()).toEqual(["facilities", "places", "places", "sentiments"]);
  });

  it("refuses roles without the permission and bad input", async () => {
    expect((await rejection(startExport(await viewerFor("dept"), { registry: "residents", filter: { deleted: false } }))).code).toBe("FORBIDDEN");
    const r = await runAction(await viewerFor("grid"), exportSchema, startExport, { registry: "people", filter: {} });
    expect(r.ok).toBe(false);
    expect(await db.job.count()).toBe(0);
  });
});
