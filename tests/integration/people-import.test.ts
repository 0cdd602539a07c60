import { existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { makeIdNumber } from "@/lib/id-number";
import { createResident } from "@/lib/people/data";
import { decideImport, importFile, receiveUpload, type ImportSummary } from "@/lib/people/import";
import { getMyJob } from "@/lib/people/jobs";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { runPendingJobs } from "@/lib/server/jobs";
import { storedPath } from "@/lib/server/files";
import { fixture, viewerFor } from "../support/fixtures";
import { badCheckDigit, idFor, residentInput, seedTags, useScratchUploads } from "../support/people";

let dir: string;
beforeAll(() => {
  dir = useScratchUploads();
});

const HEADER = ["网格编码", "姓名", "身份证号", "民族", "手机号", "居住类型", "是否在本网格居住", "楼栋/组", "单元", "房号/门牌号", "户号", "与户主关系", "就业情况", "重点人群", "关怀等级"];

function row(n: number, change: Partial<Record<(typeof HEADER)[number], string | number>> = {}): (string | number)[] {
  const base: Record<string, string | number> = {
    网格编码: "990101100001001",
    姓名: `导入${"甲乙丙丁戊己庚辛壬癸"[n % 10]}${"子丑寅卯辰巳午未申酉"[Math.floor(n / 10) % 10]}`,
    身份证号: idFor(n),
    民族: "汉族",
    手机号: `139${String(n).padStart(8, "0")}`,
    居住类型: "户籍人口",
    是否在本网格居住: "是",
    "楼栋/组": `${1 + (n % 3)}栋`,
    单元: "1单元",
    "房号/门牌号": String(101 + (n % 5)),
    户号: `H${1 + (n % 3)}${n % 5}`,
    与户主关系: n % 5 === 0 ? "户主" : "子女",
    就业情况: "务农",
    重点人群: "",
    关怀等级: "",
    ...change,
  };
  return HEADER.map((h) => base[h]);
}

async function xlsx(name: string, rows: (string | number)[][], header = HEADER): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("居民");
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

function csv(name: string, rows: (string | number)[][], encoding: "utf8" | "gbk" = "utf8"): string {
  const text = [HEADER, ...rows].map((r) => r.map((c) => `"${String(c).replaceAll('"', '""')}"`).join(",")).join("\r\n");
  const file = path.join(dir, name);
  if (encoding === "utf8") writeFileSync(file, `\ufeff${text}`);
  else writeFileSync(file, gbk(text));
  return file;
}

/** GBK bytes for a string of ASCII and the few Chinese characters the tests use (TextEncoder only does UTF-8). */
function gbk(text: string): Buffer {
  const decoder = new TextDecoder("gbk");
  const table = new Map<string, number[]>();
  for (let hi = 0xb0; hi <= 0xf7; hi++)
    for (let lo = 0xa1; lo <= 0xfe; lo++) table.set(decoder.decode(new Uint8Array([hi, lo])), [hi, lo]);
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else if (table.has(ch)) bytes.push(...table.get(ch)!);
    else bytes.push(...table.get("口")!);
  }
  return Buffer.from(bytes);
}

async function summary(id: string): Promise<ImportSummary & { status: string }> {
  const job = await getMyJob(await viewerFor("grid"), id).catch(async () => db.job.findUniqueOrThrow({ where: { id } }));
  return { ...(job.result as unknown as ImportSummary), status: job.status };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

async function registryCounts() {
  return {
    residents: await db.resident.count(),
    houses: await db.house.count(),
    households: await db.household.count(),
    tags: await db.residentTag.count(),
    history: await db.recordHistory.count(),
  };
}

describe("resident import", () => {
  it("checks a valid file, imports it on request, and changes nothing when it comes again", async () => {
    const tags = await seedTags();
    const grid = await viewerFor("grid");
    const file = await xlsx("valid.xlsx", [
      row(0, { 重点人群: "独居老人", 关怀等级: 3 }),
      row(1),
      row(2, { 民族: "回族", 居住类型: "流动人口", 户号: "", 与户主关系: "" }),
      row(3, { 是否在本网格居住: "否" }),
      row(4, { 手机号: "" }),
    ]);
    const { id } = await importFile(grid, "residents", file);
    let s = await summary(id);
    expect(s).toMatchObject({ status: "WAITING", phase: "validated", total: 5, valid: 5, existing: 0, invalid: 0 });
    expect(await db.resident.count()).toBe(0);

    await decideImport(grid, { id, decision: "valid" });
    s = await summary(id);
    expect(s).toMatchObject({ status: "DONE", phase: "done", created: 5 });
    const residents = await db.resident.findMany({ select: { name: true, gridId: true, houseId: true, householdId: true, registeredHere: true, livesHere: true, ethnicity: true, createdById: true } });
    expect(residents).toHaveLength(5);
    expect(residents.every((r) => r.gridId === fixture().units.G111 && r.createdById === fixture().users.grid)).toBe(true);
    const floating = residents.find((r) => r.ethnicity === "03")!;
    expect(floating).toMatchObject({ registeredHere: false, livesHere: true, householdId: null });
    expect(floating.houseId).not.toBeNull();
    const tagged = await db.residentTag.findMany({ select: { tagId: true, careLevel: true } });
    expect(tagged).toEqual([{ tagId: tags.ELDERLY_ALONE, careLevel: 3 }]);
    // The elderly resident's household became a key household.
    const keyHouseholds = await db.household.findMany({ where: { visitTier: "KEY" }, select: { householdNo: true } });
    expect(keyHouseholds.map((h) => h.householdNo)).toEqual(["H10"]);
    const houses = await db.house.findMany({ select: { address: true }, orderBy: { address: "asc" } });
    expect(houses[0].address).toMatch(/^东村 1栋 1单元 101$/);
    expect(await db.auditLog.count({ where: { action: "people.import" } })).toBe(1);
    // The uploaded file is not kept once the import is decided.
    expect(await db.attachment.count({ where: { ownerType: "people-import" } })).toBe(0);

    const before = await registryCounts();
    const again = await importFile(grid, "residents", file);
    s = await summary(again.id);
    expect(s).toMatchObject({ status: "WAITING", total: 5, valid: 0, existing: 5, invalid: 0 });
    expect((await rejection(decideImport(grid, { id: again.id, decision: "valid" }))).detail?.key).toBe("peopleImportNoValidRows");
    await decideImport(grid, { id: again.id, decision: "nothing" });
    expect(await registryCounts()).toEqual(before);
  });

  it("reports every bad row with its line, column and a translated message", async () => {
    const grid = await viewerFor("grid");
    await createResident(await viewerFor("gridB"), residentInput("GB", 900));
    const future = makeIdNumber("620981", `${new Date().getUTCFullYear() + 1}-02-01`, 11);
    const file = await xlsx("invalid.xlsx", [
      row(0, { 身份证号: "62098119800101" }),
      row(1, { 身份证号: badCheckDigit(idFor(1)) }),
      row(2, { 身份证号: future }),
      row(3, { 手机号: "1390000abcd" }),
      row(4, { 民族: "火星族" }),
      row(5, { 网格编码: "990101100001002" }),
      row(6, { 居住类型: "流动人口", 是否在本网格居住: "否" }),
      row(7, { 身份证号: idFor(900) }),
      row(8, { 重点人群: "外星人" }),
      row(9, { 身份证号: Number(idFor(9).slice(0, 15)) }),
    ]);
    const { id } = await importFile(grid, "residents", file);
    const s = await summary(id);
    expect(s).toMatchObject({ status: "WAITING", total: 10, valid: 0, invalid: 10 });
    const byLine = new Map(s.errors.map((e) => [e.line, e]));
    expect(byLine.get(2)).toMatchObject({ column: "身份证号", message: expect.stringContaining("18 位") });
    expect(byLine.get(3)?.message).toContain("校验位");
    expect(byLine.get(4)?.message).toContain("晚于今天");
    expect(byLine.get(5)).toMatchObject({ column: "手机号", message: expect.stringContaining("只能包含数字") });
    expect(byLine.get(6)?.message).toContain("火星族");
    expect(byLine.get(7)).toMatchObject({ column: "网格编码", message: expect.stringContaining("不在您的辖区") });
    expect(byLine.get(8)?.message).toContain("须在本网格居住");
    expect(byLine.get(9)?.message).toContain("邻县 北镇");
    expect(byLine.get(10)?.message).toContain("外星人");
    expect(byLine.get(11)?.message).toContain("文本");
    const job = await db.job.findUniqueOrThrow({ where: { id } });
    expect(job.fileId).toBeTruthy();
    const report = await db.attachment.findUniqueOrThrow({ where: { id: job.fileId! } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(storedPath(report.sha256));
    expect(wb.worksheets[0].rowCount).toBe(11);
    expect(await db.resident.count({ where: { gridId: fixture().units.G111 } })).toBe(0);
  });

  it("imports nothing when asked to, and only the valid rows when asked to", async () => {
    const grid = await viewerFor("grid");
    const rows = [row(0), row(1, { 身份证号: badCheckDigit(idFor(1)) }), row(2), row(3, { 手机号: "12345" }), row(4), row(2, { 姓名: "重复者" })];
    const file = await xlsx("mixed.xlsx", rows);
    const first = await importFile(grid, "residents", file);
    let s = await summary(first.id);
    expect(s).toMatchObject({ total: 6, valid: 3, invalid: 3 });
    expect(s.errors.find((e) => e.line === 7)?.message).toContain("第 4 行重复");
    await decideImport(grid, { id: first.id, decision: "nothing" });
    expect(await summary(first.id)).toMatchObject({ status: "CANCELLED" });
    expect(await registryCounts()).toEqual({ residents: 0, houses: 0, households: 0, tags: 0, history: 0 });
    expect((await rejection(decideImport(grid, { id: first.id, decision: "valid" }))).detail?.key).toBe("peopleImportNotPending");

    const second = await importFile(grid, "residents", file);
    await decideImport(grid, { id: second.id, decision: "valid" });
    s = await summary(second.id);
    expect(s).toMatchObject({ status: "DONE", created: 3, invalid: 3 });
    expect(await db.resident.count()).toBe(3);
    // Another user cannot decide someone's import.
    const third = await importFile(grid, "residents", file);
    expect((await rejection(decideImport(await viewerFor("community"), { id: third.id, decision: "valid" }))).code).toBe("NOT_FOUND");
  });

  it("reads CSV in UTF-8 and in GBK", async () => {
    const grid = await viewerFor("grid");
    const a = await importFile(grid, "residents", csv("utf8.csv", [row(0), row(1)]));
    expect(await summary(a.id)).toMatchObject({ total: 2, valid: 2 });
    const b = await importFile(grid, "residents", csv("gbk.csv", [row(2), row(3)], "gbk"));
    const s = await summary(b.id);
    expect(s).toMatchObject({ total: 2, valid: 2, invalid: 0 });
    await decideImport(grid, { id: b.id, decision: "valid" });
    const names = (await db.resident.findMany({ select: { name: true } })).map((r) => r.name).sort();
    expect(names).toEqual([row(2)[1], row(3)[1]].sort());
  });

  it("needs a grid code when the territory has several grids", async () => {
    const community = await viewerFor("community");
    const file = await xlsx("nogrid.xlsx", [row(0, { 网格编码: "" }), row(1, { 网格编码: "东村第2网格" })]);
    const { id } = await importFile(community, "residents", file);
    const result = (await db.job.findUniqueOrThrow({ where: { id } })).result as unknown as ImportSummary;
    expect(result).toMatchObject({ valid: 1, invalid: 1 });
    expect(result.errors[0].message).toContain("请填写网格编码");
  });
});

describe("formula injection", () => {
  const FORMULA = "=cmd|' /C calc'!A0";

  it("refuses a formula where a name belongs, keeps one in free text as text, and never writes it back as a formula", async () => {
    const grid = await viewerFor("grid");
    const file = csv("formula.csv", [row(0, { 姓名: FORMULA }), row(1, { 就业情况: FORMULA }), row(2, { 户号: "=1+1" })]);
    const { id } = await importFile(grid, "residents", file);
    const s = await summary(id);
    expect(s).toMatchObject({ total: 3, valid: 1, invalid: 2 });
    const byLine = new Map(s.errors.map((e) => [e.line, e]));
    expect(byLine.get(2)).toMatchObject({ column: "姓名", message: expect.stringContaining("姓名只能包含") });
    expect(byLine.get(4)).toMatchObject({ column: "户号" });

    // The error report shows the offending values as text.
    const job = await db.job.findUniqueOrThrow({ where: { id } });
    const report = await db.attachment.findUniqueOrThrow({ where: { id: job.fileId! } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(storedPath(report.sha256));
    const cells: unknown[] = [];
    wb.worksheets[0].eachRow((r) => r.eachCell((c) => cells.push(c.value)));
    expect(cells).toContain(`'${FORMULA}`);
    expect(cells.some((c) => typeof c === "object" && c !== null && "formula" in c)).toBe(false);

    await decideImport(grid, { id, decision: "valid" });
    const stored = await db.resident.findMany({ select: { name: true, employment: true } });
    expect(stored).toEqual([{ name: row(1)[1], employment: FORMULA }]);
  });
});

describe("refused uploads", () => {
  const tempFiles = () => (existsSync(path.join(dir, "tmp")) ? readdirSync(path.join(dir, "tmp")) : []);

  it("refuses an .xlsx that is not a spreadsheet, creating nothing", async () => {
    const grid = await viewerFor("grid");
    const file = path.join(dir, "fake.xlsx");
    writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    expect((await rejection(importFile(grid, "residents", file))).detail?.key).toBe("peopleFileUnreadable");
    const zip = path.join(dir, "broken.xlsx");
    writeFileSync(zip, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(2000, 7)]));
    expect((await rejection(importFile(grid, "residents", zip))).detail?.key).toBe("peopleFileUnreadable");
    expect(await db.job.count()).toBe(0);
    expect(await db.attachment.count()).toBe(0);
    expect(tempFiles()).toEqual([]);
  });

  it("refuses other file types and a wrong header row", async () => {
    const grid = await viewerFor("grid");
    const pdf = path.join(dir, "doc.pdf");
    writeFileSync(pdf, "%PDF-1.4");
    expect((await rejection(importFile(grid, "residents", pdf))).detail?.key).toBe("peopleFileType");
    const file = await xlsx("header.xlsx", [["张三", idFor(1)]], ["名字", "证件"]);
    const err = await rejection(importFile(grid, "residents", file));
    expect(err.detail?.key).toBe("peopleFileHeaders");
    expect(String(err.detail?.values?.columns)).toContain("身份证号");
    expect(await db.job.count()).toBe(0);
  });

  it("refuses a 50 MB upload before parsing it, declared or not", async () => {
    const grid = await viewerFor("grid");
    const declared = await rejection(receiveUpload(grid, { registry: "residents", fileName: "big.xlsx", size: 50 * 1024 * 1024, body: null }));
    expect(declared.code).toBe("PAYLOAD_TOO_LARGE");
    let sent = 0;
    const chunk = new Uint8Array(1024 * 1024).fill(65);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 50) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const streamed = await rejection(receiveUpload(grid, { registry: "residents", fileName: "big.csv", size: null, body }));
    expect(streamed.code).toBe("PAYLOAD_TOO_LARGE");
    // Reading stopped at the limit (20 MB), not at the end of the 50 MB.
    expect(sent).toBeLessThan(25);
    expect(await db.job.count()).toBe(0);
    expect(tempFiles()).toEqual([]);
  });

  it("refuses roles without the import permission", async () => {
    const file = await xlsx("leader.xlsx", [row(0)]);
    expect((await rejection(importFile(await viewerFor("leader"), "residents", file))).code).toBe("FORBIDDEN");
  });
});

describe("house import", () => {
  const HOUSE_HEADER = ["网格编码", "楼栋/组", "单元", "房号/门牌号", "房屋用途", "产权/租住", "房东姓名", "房东电话", "核定居住人数", "户号", "走访类别"];
  it("creates houses and households by address, idempotently", async () => {
    const grid = await viewerFor("grid");
    const rows = [
      ["", "3组", "", "15号", "住宅", "自住", "", "", "", "3015", "一般"],
      ["", "3组", "", "15号", "住宅", "自住", "", "", "", "3016", "放心"],
      ["", "3组", "", "16号", "商住两用", "出租", "马某某", "13700001111", 4, "", ""],
      ["", "3组", "", "17号", "住宅", "出租", "", "", "", "", ""],
      ["", "3组", "", "18号", "住宅", "自住", "", "", "x", "", ""],
    ];
    const file = await xlsx("houses.xlsx", rows, HOUSE_HEADER);
    const { id } = await importFile(grid, "houses", file);
    let s = await summary(id);
    expect(s).toMatchObject({ total: 5, valid: 3, invalid: 2 });
    expect(s.errors.map((e) => e.line)).toEqual([5, 6]);
    expect(s.errors[0].message).toContain("房东姓名");
    await decideImport(grid, { id, decision: "valid" });
    s = await summary(id);
    expect(s).toMatchObject({ status: "DONE", housesCreated: 2, householdsCreated: 2 });
    const house = await db.house.findFirstOrThrow({ where: { room: "16号" } });
    expect(house).toMatchObject({ address: "东村 3组 16号", use: "MIXED", tenure: "RENTED", landlordName: "马某某", permittedOccupants: 4 });
    const reassured = await db.household.findFirstOrThrow({ where: { householdNo: "3016" } });
    expect(reassured.visitTier).toBe("REASSURED");

    const before = await registryCounts();
    const again = await importFile(grid, "houses", file);
    expect(await summary(again.id)).toMatchObject({ valid: 0, existing: 3, invalid: 2 });
    expect(await registryCounts()).toEqual(before);
  });
});

describe("large imports run as background jobs", () => {
  it("imports 100,000 rows through the job worker, and re-importing changes nothing", { timeout: 600_000 }, async () => {
    const grid = await viewerFor("grid");
    const file = path.join(dir, "big.xlsx");
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
    const ws = wb.addWorksheet("居民");
    ws.addRow(HEADER).commit();
    for (let i = 0; i < 100_000; i++) {
      const r = row(i, { 姓名: `大表${"甲乙丙丁戊己庚辛壬癸"[i % 10]}`, "楼栋/组": `${1 + Math.floor(i / 400)}栋`, "房号/门牌号": String(100 + Math.floor(i / 4) % 100), 户号: `B${Math.floor(i / 4)}` });
      r[11] = i % 4 === 0 ? "户主" : "子女";
      ws.addRow(r).commit();
    }
    await ws.commit();
    await wb.commit();

    const { id } = await importFile(grid, "residents", file);
    // Too big to check inside the request: handed to the worker.
    expect((await db.job.findUniqueOrThrow({ where: { id } })).status).toBe("QUEUED");
    expect(await runPendingJobs()).toBe(1);
    let s = await summary(id);
    expect(s).toMatchObject({ status: "WAITING", total: 100_000, valid: 100_000, invalid: 0 });
    expect(await decideImport(grid, { id, decision: "valid" })).toEqual({ id, status: "QUEUED" });
    expect(await runPendingJobs()).toBe(1);
    s = await summary(id);
    expect(s).toMatchObject({ status: "DONE", created: 100_000 });
    expect(await db.resident.count()).toBe(100_000);
    expect(await db.household.count()).toBe(25_000);
    const job = await db.job.findUniqueOrThrow({ where: { id } });
    expect(job.progress).toBe(100_000);

    const before = await registryCounts();
    const again = await importFile(grid, "residents", file);
    await runPendingJobs();
    expect(await summary(again.id)).toMatchObject({ valid: 0, existing: 100_000 });
    expect(await registryCounts()).toEqual(before);
  });
});
