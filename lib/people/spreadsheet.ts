import "server-only";
import { open, readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import { readXlsxRows } from "./xlsx-reader";

// Reading and writing spreadsheets without holding them in memory: our own streaming
// reader (xlsx-reader.ts) and ExcelJS's streaming writer for .xlsx, csv-parse for .csv.
// Only the first worksheet is read.

export type Cell = string | number | boolean | Date | null;
export type FileKind = "xlsx" | "csv";

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * What a file really is, from its bytes (the name and the browser's claim are not
 * trusted): a zip container for .xlsx, text without NUL bytes for .csv, else null.
 */
export async function sniffSpreadsheet(file: string): Promise<FileKind | null> {
  const handle = await open(file, "r");
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    if (bytesRead >= 4 && ZIP_MAGIC.every((b, i) => head[i] === b)) return "xlsx";
    if (bytesRead > 0 && !head.includes(0)) return "csv";
    return null;
  } finally {
    await handle.close();
  }
}

/** Text files from Chinese Excel are often GB 18030 (GBK) rather than UTF-8. */
function decodeText(bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder("gb18030").decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The rows of the first worksheet (or of the CSV), with 1-based line numbers. */
export async function* readRows(file: string, kind: FileKind): AsyncGenerator<{ line: number; cells: Cell[] }> {
  if (kind === "csv") {
    const text = decodeText(await readFile(file));
    const parser = Readable.from([text]).pipe(parse({ relax_column_count: true, skip_empty_lines: false, bom: true }));
    let line = 0;
    for await (const record of parser as AsyncIterable<string[]>) {
      line++;
      yield { line, cells: record.map((c) => (c === "" ? null : c)) };
    }
    return;
  }
  // Only the first worksheet holds data; the template's second one is instructions.
  yield* readXlsxRows(file);
}

/** Text of a cell as a person typed it: numbers without exponent, dates as YYYY-MM-DD. */
export function cellText(c: Cell | undefined): string {
  if (c == null) return "";
  if (typeof c === "string") return c.trim();
  if (typeof c === "number") return Number.isInteger(c) ? c.toFixed(0) : String(c);
  if (typeof c === "boolean") return c ? "是" : "否";
  return c.toISOString().slice(0, 10);
}

/**
 * Spreadsheet formula injection: a cell starting with = + - @ (or a tab or carriage return)
 * can be run as a formula when the file is opened or saved as CSV and reopened. Such text
 * is written with a leading apostrophe, which shows it as text everywhere.
 */
export function safeCell(v: string | number | null | undefined): string | number | null {
  if (v == null) return null;
  if (typeof v === "number") return v;
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export interface SheetSpec {
  name: string;
  columns: { header: string; width?: number; text?: boolean }[];
}

/** A streaming .xlsx writer: rows are flushed to disk as they are added. */
export function openWriter(file: string) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: true });
  return {
    sheet(spec: SheetSpec) {
      const ws = wb.addWorksheet(spec.name);
      ws.columns = spec.columns.map((c, i) => ({
        key: `c${i}`,
        width: c.width ?? 14,
        // "@" is Excel's text format: an ID number typed into it stays 18 characters
        // instead of becoming 6.20981E+17.
        style: c.text ? { numFmt: "@" } : {},
      }));
      const header = ws.addRow(spec.columns.map((c) => c.header));
      header.font = { bold: true };
      header.commit();
      return {
        add(values: (string | number | null | undefined)[]) {
          ws.addRow(values.map(safeCell)).commit();
        },
        async done() {
          await ws.commit();
        },
      };
    },
    async close() {
      await wb.commit();
    },
  };
}
