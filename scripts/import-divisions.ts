// `npm run db:import-divisions -- <file.csv> [--county 620981]`: imports a county's
// hierarchy from a national division code CSV (code,name,parent_code) into DATABASE_URL,
// through the same importer the administrator's screen uses. Re-running changes nothing.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { county: { type: "string" } } });
const file = positionals[0];
if (!file || !process.env.DATABASE_URL) {
  console.error("usage: DATABASE_URL=postgresql://… npm run db:import-divisions -- <file.csv> [--county 620981]");
  process.exit(2);
}
const { parseDivisionCsv } = await import("@/lib/territory/csv");
const { unsafeImportDivisions } = await import("@/lib/territory/data");
const { createPrisma } = await import("@/lib/server/prisma");

const { rows, errors } = parseDivisionCsv(readFileSync(file, "utf8"));
if (errors.length) {
  for (const e of errors.slice(0, 20)) console.error(`line ${e.line}: ${e.message}`);
  console.error(`${errors.length} invalid line(s); nothing imported.`);
  process.exit(1);
}
const prefix = values.county?.slice(0, 6);
const selected = prefix ? rows.filter((r) => r.code.startsWith(prefix)) : rows;
const client = createPrisma(process.env.DATABASE_URL, { max: 2 });
try {
  const summary = await unsafeImportDivisions(selected, client);
  console.log(`created ${summary.created}, renamed ${summary.renamed}, unchanged ${summary.unchanged}`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await client.$disconnect();
}
