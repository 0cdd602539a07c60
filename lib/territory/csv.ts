import { parse } from "csv-parse/sync";
import { divisionRowSchema, type DivisionRow } from "./schemas";

export interface CsvRowError {
  line: number;
  message: string;
}

/**
 * Parses the national division code CSV (header `code,name,parent_code`; a BOM and extra
 * columns are tolerated). Returns the valid rows and an error per invalid line.
 */
export function parseDivisionCsv(text: string): { rows: (DivisionRow & { line: number })[]; errors: CsvRowError[] } {
  let records: Record<string, string>[];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (err) {
    return { rows: [], errors: [{ line: 0, message: `validation.csvUnreadable` + (err instanceof Error ? `: ${err.message}` : "") }] };
  }
  const rows: (DivisionRow & { line: number })[] = [];
  const errors: CsvRowError[] = [];
  records.forEach((record, index) => {
    const line = index + 2; // header is line 1
    const parsed = divisionRowSchema.safeParse({
      code: record.code ?? "",
      name: record.name ?? "",
      parentCode: record.parent_code ?? record.parentCode ?? "",
    });
    if (parsed.success) rows.push({ ...parsed.data, line });
    else errors.push({ line, message: parsed.error.issues[0].message });
  });
  return { rows, errors };
}
