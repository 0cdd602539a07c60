import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { createResident } from "@/lib/people/data";
import { startExport } from "@/lib/people/export";
import { downloadableFile, getMyJob } from "@/lib/people/jobs";
import { exportSchema } from "@/lib/people/schemas";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { storedPath } from "@/lib/server/files";
import { runPendingJobs } from "@/lib/server/jobs";
import { viewerFor } from "../support/fixtures";
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

  it("refuses roles without the permission and bad input", async () => {
    expect((await rejection(startExport(await viewerFor("dept"), { registry: "residents", filter: { deleted: false } }))).code).toBe("FORBIDDEN");
    const r = await runAction(await viewerFor("grid"), exportSchema, startExport, { registry: "people", filter: {} });
    expect(r.ok).toBe(false);
    expect(await db.job.count()).toBe(0);
  });
});
