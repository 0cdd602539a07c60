// Reads the division CSVs in prisma/data (format: `code,name,parent_code`, 12-digit
// statistics codes, see prisma/data/README.md) and shapes them for the geometry layout.
import { parse } from "csv-parse/sync";
import type { SeedTownship } from "./geometry";

export interface DivisionRow {
  code: string;
  name: string;
  parentCode: string;
}

const CODE = /^\d{12}$/;

/** Parses the CSV text; throws on a missing column, a malformed code or a duplicate code. */
export function readDivisionCsv(text: string): DivisionRow[] {
  const records = parse(text, {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string | undefined>[];
  const seen = new Set<string>();
  return records.map((r, i) => {
    const line = i + 2;
    const { code, name, parent_code: parentCode } = r;
    if (code === undefined || name === undefined || parentCode === undefined) {
      throw new Error(`line ${line}: expected columns code,name,parent_code`);
    }
    if (!CODE.test(code) || !CODE.test(parentCode)) throw new Error(`line ${line}: codes must have 12 digits`);
    if (!name) throw new Error(`line ${line}: empty name`);
    if (seen.has(code)) throw new Error(`line ${line}: duplicate code ${code}`);
    seen.add(code);
    return { code, name, parentCode };
  });
}

/**
 * Splits the rows of one county file into the county row and its townships with their
 * villages, in file order. The county is the one row whose parent is not in the file.
 */
export function toSeedTownships(rows: DivisionRow[]): { county: DivisionRow; townships: SeedTownship[] } {
  const codes = new Set(rows.map((r) => r.code));
  const roots = rows.filter((r) => !codes.has(r.parentCode));
  if (roots.length !== 1) throw new Error(`expected one county row, found ${roots.length}`);
  const county = roots[0];
  const townships: SeedTownship[] = rows
    .filter((r) => r.parentCode === county.code)
    .map((t) => ({ code: t.code, name: t.name, villages: [] }));
  const byCode = new Map(townships.map((t) => [t.code, t]));
  for (const r of rows) {
    if (r === county || r.parentCode === county.code) continue;
    const township = byCode.get(r.parentCode);
    if (!township) throw new Error(`${r.code} ${r.name}: parent ${r.parentCode} is not a township of ${county.code}`);
    township.villages.push({ code: r.code, name: r.name });
  }
  return { county, townships };
}
