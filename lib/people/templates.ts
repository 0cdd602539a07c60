import "server-only";
import ExcelJS from "exceljs";
import { ETHNICITIES } from "@/lib/ethnicity";
import type { Locale } from "@/lib/i18n/config";
import { translatorFor } from "@/lib/i18n/messages";
import { authorize, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { unitsWithin } from "@/lib/server/scope";
import { FACILITY_STATUSES, FACILITY_TYPES, PLACE_CATEGORIES, RISK_LEVELS } from "@/lib/grid/dictionary";
import { FACILITY_COLUMNS, HOUSE_COLUMNS, PLACE_COLUMNS, RESIDENT_COLUMNS, headerLabels } from "./columns";
import { HOUSE_TENURES, HOUSE_USES, RELATIONS, RESIDENCE_TYPES, VISIT_TIERS } from "./rules";
import type { Registry } from "./schemas";

// Import templates: the data sheet first (the importer reads only the first sheet), its
// text columns formatted as text so Excel keeps 18-digit ID numbers intact, drop-down
// lists for the fixed choices, then instructions, the grid codes the viewer may import
// into, and the lists the drop-downs draw on.

const ROWS = 10_000;

function letter(i: number): string {
  let s = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export async function templateFor(viewer: Viewer, registry: Registry, locale: Locale): Promise<{ bytes: Buffer; fileName: string }> {
  await authorize(viewer, "people.import");
  const t = translatorFor(locale);
  const p = (key: string, values?: Record<string, string | number>) => t(`people.${key}` as never, values as never);
  const columns = { residents: RESIDENT_COLUMNS, houses: HOUSE_COLUMNS, places: PLACE_COLUMNS, facilities: FACILITY_COLUMNS }[registry];
  const Name = `${registry[0].toUpperCase()}${registry.slice(1)}`;
  const grids = await db.unit.findMany({
    where: { ...unitsWithin(viewer), level: "GRID", retiredAt: null },
    select: { code: true, name: true, parent: { select: { name: true, parent: { select: { name: true } } } } },
    orderBy: { code: "asc" },
  });
  const tags = registry === "residents" ? await db.keyGroupTag.findMany({ where: { enabled: true }, select: { name: true, nameEn: true }, orderBy: { sortOrder: "asc" } }) : [];

  const wb = new ExcelJS.Workbook();
  wb.creator = "VitalGrid";
  const data = wb.addWorksheet(p(`imports.registry${Name}`), { views: [{ state: "frozen", ySplit: 1 }] });
  const help = wb.addWorksheet(p("imports.instructions"));
  const gridSheet = wb.addWorksheet(p("imports.gridsSheet"));
  const lists = wb.addWorksheet("lists", { state: "hidden" });

  data.columns = columns.map((c, i) => ({ key: `c${i}`, width: c.width ?? 14, style: c.text ? { numFmt: "@" } : {} }));
  const header = data.addRow(headerLabels(columns, locale));
  header.font = { bold: true };
  header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDCEBFF" } };

  // Choice lists, one column each on the hidden sheet.
  const choice: Record<string, string[]> = {
    ethnicity: ETHNICITIES.map((e) => (locale === "en" ? e.en : e.zh)),
    residenceType: RESIDENCE_TYPES.map((v) => p(`residenceType.${v}`)),
    livesHere: [p("common.yes"), p("common.no")],
    relationToHead: RELATIONS.map((v) => p(`relation.${v}`)),
    careLevel: ["1", "2", "3"],
    use: HOUSE_USES.map((v) => p(`houseUse.${v}`)),
    tenure: HOUSE_TENURES.map((v) => p(`tenure.${v}`)),
    visitTier: VISIT_TIERS.map((v) => p(`visitTierShort.${v}`)),
    gridCode: grids.map((g) => g.code),
    category: PLACE_CATEGORIES.map((v) => t(`grid.places.categories.${v}` as never)),
    riskLevel: RISK_LEVELS.map((v) => t(`grid.places.risk.${v}` as never)),
    facilityType: FACILITY_TYPES.map((v) => (locale === "en" ? v.en : v.zh)),
    status: FACILITY_STATUSES.map((v) => t(`grid.facilities.statuses.${v}` as never)),
  };
  let listCol = 0;
  columns.forEach((c, i) => {
    const values = choice[c.key];
    if (!values?.length) return;
    const col = letter(listCol++);
    values.forEach((v, r) => (lists.getCell(`${col}${r + 1}`).value = v));
    const range = `${letter(i)}2:${letter(i)}${ROWS + 1}`;
    // Grid codes are typed as often as picked: a warning, not a refusal, for a code the list lacks.
    // Range validations exist at run time but are missing from ExcelJS's type definitions.
    (data as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(range, {
      type: "list",
      allowBlank: true,
      showErrorMessage: c.key !== "gridCode",
      formulae: [`lists!$${col}$1:$${col}$${values.length}`],
    });
  });

  help.columns = [{ width: 110 }];
  const lines = [
    p("imports.intro"),
    "",
    ...columns.map((c) => `${p(`columns.${c.key}`)}${c.required ? " *" : ""}`),
  ];
  if (registry === "places" || registry === "facilities") lines.push("", p(`imports.help${Name}`));
  for (const l of lines) help.addRow([l]);
  if (registry === "residents" && tags.length) {
    help.addRow([""]);
    help.addRow([`${p("columns.tags")}: ${tags.map((g) => (locale === "en" ? g.nameEn : g.name)).join(locale === "en" ? ", " : "、")}`]);
  }

  gridSheet.columns = [{ width: 20, style: { numFmt: "@" } }, { width: 24 }, { width: 30 }, { width: 24 }];
  const gh = gridSheet.addRow([p("columns.gridCode"), p("fields.grid"), t("levels.VILLAGE"), t("levels.TOWNSHIP")]);
  gh.font = { bold: true };
  for (const g of grids) gridSheet.addRow([g.code, g.name, g.parent?.name ?? "", g.parent?.parent?.name ?? ""]);

  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  const name = p(`imports.template${Name}`);
  return { bytes, fileName: `${name}.xlsx` };
}
