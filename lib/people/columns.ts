// Spreadsheet columns of the people registry's templates, imports and exports, and the
// words people write in them. Labels come from the message files, so the template, the
// parser and the screens say the same thing in both languages.
import { messagesFor } from "@/lib/i18n/messages";
import type { Locale } from "@/lib/i18n/config";
import { FACILITY_STATUSES, FACILITY_TYPES, PLACE_CATEGORIES, RISK_LEVELS } from "@/lib/grid/dictionary";
import { HOUSE_TENURES, HOUSE_USES, RELATIONS, RESIDENCE_TYPES, VISIT_TIERS } from "./rules";

export interface ColumnSpec {
  /** Also the message key of its header under people.columns. */
  key: string;
  required?: boolean;
  /** Formatted as text in the template (numbers that are not numbers: IDs, phones). */
  text?: boolean;
  width?: number;
}

export const RESIDENT_COLUMNS: ColumnSpec[] = [
  { key: "gridCode", text: true, width: 18 },
  { key: "name", required: true },
  { key: "idNumber", required: true, text: true, width: 22 },
  { key: "ethnicity", required: true, width: 10 },
  { key: "phone", text: true },
  { key: "residenceType", required: true, width: 16 },
  { key: "livesHere", width: 12 },
  { key: "building" },
  { key: "unitNo", width: 10 },
  { key: "room", text: true },
  { key: "householdNo", text: true },
  { key: "relationToHead" },
  { key: "employment", width: 18 },
  { key: "tags", width: 24 },
  { key: "careLevel", width: 10 },
];

export const HOUSE_COLUMNS: ColumnSpec[] = [
  { key: "gridCode", text: true, width: 18 },
  { key: "building", required: true },
  { key: "unitNo", width: 10 },
  { key: "room", text: true },
  { key: "use" },
  { key: "tenure" },
  { key: "landlordName" },
  { key: "landlordPhone", text: true },
  { key: "permittedOccupants", width: 12 },
  { key: "householdNo", text: true },
  { key: "visitTier", width: 16 },
];

/** Places (场所): the place form's fields. */
export const PLACE_COLUMNS: ColumnSpec[] = [
  { key: "gridCode", text: true, width: 18 },
  { key: "placeName", required: true, width: 24 },
  { key: "category", required: true, width: 12 },
  { key: "address", width: 30 },
  { key: "personInCharge" },
  { key: "contactPhone", text: true },
  { key: "riskLevel", width: 10 },
  { key: "lat", width: 12 },
  { key: "lng", width: 12 },
];

/** Objects (部件): the object form's fields. */
export const FACILITY_COLUMNS: ColumnSpec[] = [
  { key: "gridCode", text: true, width: 18 },
  { key: "facilityType", required: true, width: 16 },
  { key: "facilityName", required: true, width: 24 },
  { key: "status", width: 10 },
  { key: "lastInspectedAt", text: true, width: 14 },
  { key: "lat", width: 12 },
  { key: "lng", width: 12 },
];

const norm = (s: string) => s.replace(/[\s*＊（）()]/g, "").replace(/必填$/, "").toLowerCase();

/** Header text in either language → column key. */
export function headerIndex(columns: ColumnSpec[], header: string[]): Map<string, number> {
  const byLabel = new Map<string, string>();
  for (const locale of ["zh-CN", "en"] as Locale[]) {
    const people = messagesFor(locale).people;
    const headers = people.columns as Record<string, string>;
    const fields = people.fields as Record<string, string>;
    for (const c of columns) {
      byLabel.set(norm(headers[c.key]), c.key);
      // The on-screen field names are accepted too ("网格" for "网格编码").
      if (fields[c.key]) byLabel.set(norm(fields[c.key]), c.key);
      byLabel.set(norm(c.key), c.key);
    }
    byLabel.set(norm(fields.grid), "gridCode");
  }
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const key = byLabel.get(norm(h));
    if (key && !index.has(key)) index.set(key, i);
  });
  return index;
}

export function headerLabels(columns: ColumnSpec[], locale: Locale): string[] {
  const headers = messagesFor(locale).people.columns as Record<string, string>;
  return columns.map((c) => (c.required ? `${headers[c.key]}*` : headers[c.key]));
}

/** Words for an enum in both languages, its own keys, and extra everyday synonyms. */
function wordMap<T extends string>(values: readonly T[], section: string, extra: Record<string, T> = {}): Map<string, T> {
  const map = new Map<string, T>();
  for (const locale of ["zh-CN", "en"] as Locale[]) {
    const labels = (messagesFor(locale).people as unknown as Record<string, Record<string, string>>)[section];
    for (const v of values) map.set(norm(labels[v]), v);
  }
  for (const v of values) map.set(norm(v), v);
  for (const [k, v] of Object.entries(extra)) map.set(norm(k), v);
  return map;
}

export const RESIDENCE_WORDS = wordMap(RESIDENCE_TYPES, "residenceType", {
  户籍: "REGISTERED",
  常住: "PERMANENT_NON_REGISTERED",
  常住非户籍: "PERMANENT_NON_REGISTERED",
  流动: "FLOATING",
});
export const RELATION_WORDS = wordMap(RELATIONS, "relation", {
  本人: "HEAD", 妻: "SPOUSE", 夫: "SPOUSE", 妻子: "SPOUSE", 丈夫: "SPOUSE", 子: "CHILD", 女: "CHILD", 儿子: "CHILD", 女儿: "CHILD", 长子: "CHILD", 长女: "CHILD",
  次子: "CHILD", 次女: "CHILD", 父: "PARENT", 母: "PARENT", 父亲: "PARENT", 母亲: "PARENT", 孙子: "GRANDCHILD", 孙女: "GRANDCHILD", 外孙: "GRANDCHILD",
  外孙女: "GRANDCHILD", 祖父: "GRANDPARENT", 祖母: "GRANDPARENT", 爷爷: "GRANDPARENT", 奶奶: "GRANDPARENT", 兄: "SIBLING", 弟: "SIBLING", 姐: "SIBLING",
  妹: "SIBLING", 哥哥: "SIBLING", 弟弟: "SIBLING", 姐姐: "SIBLING", 妹妹: "SIBLING", 儿媳: "CHILD_IN_LAW", 女婿: "CHILD_IN_LAW",
});
/** Words for a grid-module enum: its labels in both languages under grid.<section> and its own keys. */
function gridWordMap<T extends string>(values: readonly T[], section: string[], extra: Record<string, T> = {}): Map<string, T> {
  const map = new Map<string, T>();
  for (const locale of ["zh-CN", "en"] as Locale[]) {
    let labels = messagesFor(locale).grid as unknown as Record<string, unknown>;
    for (const part of section) labels = labels[part] as Record<string, unknown>;
    for (const v of values) map.set(norm(String(labels[v])), v);
  }
  for (const v of values) map.set(norm(v), v);
  for (const [k, v] of Object.entries(extra)) map.set(norm(k), v);
  return map;
}

export const CATEGORY_WORDS = gridWordMap(PLACE_CATEGORIES, ["places", "categories"], { 医院: "CLINIC", 诊所: "CLINIC", 出租屋: "RENTAL_HOUSING", 饭店: "RESTAURANT" });
export const RISK_WORDS = gridWordMap(RISK_LEVELS, ["places", "risk"], { 低: "LOW", 中: "MEDIUM", 高: "HIGH" });
export const FACILITY_STATUS_WORDS = gridWordMap(FACILITY_STATUSES, ["facilities", "statuses"]);
export const FACILITY_TYPE_WORDS = (() => {
  const map = new Map<string, (typeof FACILITY_TYPES)[number]["code"]>();
  for (const t of FACILITY_TYPES) for (const w of [t.code, t.zh, t.en]) map.set(norm(w), t.code);
  return map;
})();

export const USE_WORDS = wordMap(HOUSE_USES, "houseUse", { 商住: "MIXED" });
export const TENURE_WORDS = wordMap(HOUSE_TENURES, "tenure", { 租赁: "RENTED", 出租房: "RENTED", 公租房: "PUBLIC" });
export const TIER_WORDS = wordMap(VISIT_TIERS, "visitTierShort", { 重点: "KEY", 一般: "ORDINARY", 放心: "REASSURED" });

const YES = new Set(["是", "y", "yes", "true", "1", "√", "✓", "在"]);
const NO = new Set(["否", "n", "no", "false", "0", "×", "不在"]);

/** A yes/no cell; empty means the default. Null when the word is neither. */
export function yesNo(raw: string, dflt: boolean): boolean | null {
  const v = norm(raw);
  if (!v) return dflt;
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return null;
}

export function lookupWord<T extends string>(map: Map<string, T>, raw: string): T | null {
  return map.get(norm(raw)) ?? null;
}
