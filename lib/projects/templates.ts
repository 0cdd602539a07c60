import { z } from "zod";

// The form template model of the special projects module. Pure: the browser's template
// builder and form, the server's actions and the unit tests all use these functions.
//
// A template version is a list of fields. A field's `key` is its identity across versions
// (answers are stored under it), so the builder never renames a key; option `value`s are
// the stored answers of choice fields, labels may change freely.
//
// Rules (validateTemplate):
// - keys are unique; choice fields have at least two options with unique values and labels;
// - a condition (`showIf`) refers to an EARLIER single choice, multiple choice or yes/no
//   field and to answers that field can have; so conditions can never form a cycle, and
//   visibility is decided in one pass in field order;
// - a finding rule (`finding`: "this answer is a hazard") sits on a choice or yes/no field
//   and names answers that field can have.
//
// A submission (validateSubmission) is checked against the version it was filled in with:
// answers of hidden fields are dropped, visible required fields must be answered, every
// answer must fit its field's type and choices. Nothing here knows the database: record
// links are checked for shape only (the data layer checks that the record is in the grid).

export const FIELD_TYPES = ["text", "longText", "number", "date", "single", "multi", "yesNo", "photo", "point", "record"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
/** Registry records a "record" field may link to. */
export const LINK_KINDS = ["RESIDENT", "HOUSEHOLD", "PLACE", "FACILITY"] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export const MAX_FIELDS = 60;
export const MAX_OPTIONS = 30;
export const DEFAULT_TEXT_MAX = 200;
export const DEFAULT_LONG_TEXT_MAX = 2000;
export const DEFAULT_MAX_PHOTOS = 3;
export const MAX_PHOTOS = 9;

const KEY = /^[a-z][a-z0-9_]{0,39}$/;
/** PostgreSQL text and jsonb cannot hold NUL characters: refuse them up front. */
export const noNul = (v: string) => !v.includes("\u0000");
const keySchema = z.string().regex(KEY, { message: "validation.projectFieldKey" });
/** A value a condition or finding rule compares with: an option value or yes/no. */
const ruleValue = z.union([z.string().max(40), z.boolean()]);

export const optionSchema = z.strictObject({
  value: keySchema,
  label: z.string().trim().min(1, { message: "validation.projectLabelRequired" }).max(100).refine(noNul, { message: "validation.projectBadValue" }),
});
export type FieldOption = z.infer<typeof optionSchema>;

export const conditionSchema = z.strictObject({
  field: keySchema,
  values: z.array(ruleValue).min(1, { message: "validation.projectConditionValues" }).max(MAX_OPTIONS),
});
export type FieldCondition = z.infer<typeof conditionSchema>;

export const findingRuleSchema = z.strictObject({
  values: z.array(ruleValue).min(1, { message: "validation.projectFindingValues" }).max(MAX_OPTIONS),
  /** The dispatch event category a finding of this field becomes by default. */
  categoryId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
});
export type FindingRule = z.infer<typeof findingRuleSchema>;

export const fieldSchema = z.strictObject({
  key: keySchema,
  type: z.enum(FIELD_TYPES),
  label: z.string().trim().min(1, { message: "validation.projectLabelRequired" }).max(200).refine(noNul, { message: "validation.projectBadValue" }),
  help: z.string().trim().max(500).refine(noNul, { message: "validation.projectBadValue" }).optional(),
  required: z.boolean(),
  options: z.array(optionSchema).max(MAX_OPTIONS).optional(),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  integer: z.boolean().optional(),
  maxLength: z.number().int().min(1).max(4000).optional(),
  maxPhotos: z.number().int().min(1).max(MAX_PHOTOS).optional(),
  recordKind: z.enum(LINK_KINDS).optional(),
  showIf: conditionSchema.optional(),
  finding: findingRuleSchema.optional(),
});
export type TemplateField = z.infer<typeof fieldSchema>;

const CHOICE: readonly FieldType[] = ["single", "multi"];
const RULE_TYPES: readonly FieldType[] = ["single", "multi", "yesNo"];

/** Whether a field of this type may carry a finding rule or be the subject of a condition. */
export function takesRules(type: FieldType): boolean {
  return RULE_TYPES.includes(type);
}

/**
 * Drops the properties that do not belong to the field's type (left over when the builder
 * switched a field's type), so that what is stored is what applies.
 */
export function normalizeField(field: TemplateField): TemplateField {
  const out: TemplateField = { key: field.key, type: field.type, label: field.label.trim(), required: field.required };
  if (field.help?.trim()) out.help = field.help.trim();
  if (CHOICE.includes(field.type)) out.options = field.options ?? [];
  if (field.type === "number") {
    if (field.min !== undefined) out.min = field.min;
    if (field.max !== undefined) out.max = field.max;
    if (field.integer) out.integer = true;
  }
  if ((field.type === "text" || field.type === "longText") && field.maxLength !== undefined) out.maxLength = field.maxLength;
  if (field.type === "photo" && field.maxPhotos !== undefined) out.maxPhotos = field.maxPhotos;
  if (field.type === "record") out.recordKind = field.recordKind;
  if (field.showIf) out.showIf = field.showIf;
  if (field.finding && takesRules(field.type)) {
    out.finding = { values: field.finding.values };
    if (field.finding.categoryId) out.finding.categoryId = field.finding.categoryId;
  }
  return out;
}

export interface TemplateIssue {
  /** Where, relative to the field list: [index, property]. */
  path: (string | number)[];
  /** An i18n key under `validation.`, without the prefix. */
  code: string;
}

/** The answers a rule on `field` may name: its option values, or true/false for yes/no. */
function allowedRuleValues(field: TemplateField): (string | boolean)[] {
  if (field.type === "yesNo") return [true, false];
  return (field.options ?? []).map((o) => o.value);
}

function validRuleValues(field: TemplateField, values: readonly (string | boolean)[]): boolean {
  const allowed = allowedRuleValues(field);
  return values.length > 0 && values.every((v) => allowed.includes(v)) && new Set(values).size === values.length;
}

/** Every problem of a field list (empty when it may be saved as a version). */
export function validateTemplate(fields: readonly TemplateField[]): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  if (fields.length === 0) issues.push({ path: [], code: "projectNoFields" });
  if (fields.length > MAX_FIELDS) issues.push({ path: [], code: "projectTooManyFields" });
  const seen = new Map<string, number>();
  fields.forEach((field, i) => {
    if (seen.has(field.key)) issues.push({ path: [i, "key"], code: "projectKeyDuplicate" });
    else seen.set(field.key, i);

    if (CHOICE.includes(field.type)) {
      const options = field.options ?? [];
      if (options.length < 2) issues.push({ path: [i, "options"], code: "projectOptionsMissing" });
      const values = new Set(options.map((o) => o.value));
      const labels = new Set(options.map((o) => o.label.trim()));
      if (values.size !== options.length || labels.size !== options.length) issues.push({ path: [i, "options"], code: "projectOptionDuplicate" });
    }
    if (field.type === "number" && field.min !== undefined && field.max !== undefined && field.min > field.max)
      issues.push({ path: [i, "max"], code: "projectMinMax" });
    if (field.type === "record" && !field.recordKind) issues.push({ path: [i, "recordKind"], code: "projectRecordKindMissing" });

    if (field.showIf) {
      const at = seen.get(field.showIf.field);
      const target = at !== undefined && at < i ? fields[at] : undefined;
      if (!target) issues.push({ path: [i, "showIf"], code: "projectConditionUnknown" });
      else if (!takesRules(target.type)) issues.push({ path: [i, "showIf"], code: "projectConditionType" });
      else if (!validRuleValues(target, field.showIf.values)) issues.push({ path: [i, "showIf"], code: "projectConditionValues" });
    }
    if (field.finding) {
      if (!takesRules(field.type)) issues.push({ path: [i, "finding"], code: "projectFindingType" });
      else if (!validRuleValues(field, field.finding.values)) issues.push({ path: [i, "finding"], code: "projectFindingValues" });
    }
  });
  return issues;
}

/**
 * The zod schema of a template's field list: structure first, then the rules above as
 * issues on the offending field, so the builder can show each beside its field.
 */
export const templateFieldsSchema = z
  .array(fieldSchema)
  .max(MAX_FIELDS)
  .transform((fields) => fields.map(normalizeField))
  .superRefine((fields, ctx) => {
    for (const issue of validateTemplate(fields)) ctx.addIssue({ code: "custom", path: issue.path, message: `validation.${issue.code}` });
  });

// --- answers ----------------------------------------------------------------------------

export interface PointAnswer {
  lat: number;
  lng: number;
}
export interface RecordAnswer {
  id: string;
  /** Filled in by the server from the registry; what the client sent is not trusted. */
  label?: string;
}
export type Answer = string | number | boolean | string[] | PointAnswer | RecordAnswer;
export type Answers = Record<string, Answer>;

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0);
}

function ruleMatches(answer: unknown, values: readonly (string | boolean)[]): boolean {
  if (Array.isArray(answer)) return answer.some((a) => values.includes(a as string));
  return values.includes(answer as string | boolean);
}

/**
 * The keys of the fields shown for these answers. A field is shown when it has no
 * condition, or when the field its condition names is shown and has one of the named
 * answers (for a multiple choice: any of them is ticked).
 */
export function visibleKeys(fields: readonly TemplateField[], answers: Record<string, unknown>): Set<string> {
  const shown = new Set<string>();
  for (const field of fields) {
    const c = field.showIf;
    if (!c || (shown.has(c.field) && ruleMatches(answers[c.field], c.values))) shown.add(field.key);
  }
  return shown;
}

/** Whether an answer of this field is a finding (the field's rule names it). */
export function isFinding(field: TemplateField, answer: unknown): boolean {
  return !!field.finding && !isEmpty(answer) && ruleMatches(answer, field.finding.values);
}

export interface SubmissionCheck {
  /** The answers to store: visible fields only, trimmed and typed. */
  answers: Answers;
  /** Field key (or "_" for the whole form) -> i18n key under `validation.`, without the prefix. */
  errors: Record<string, string>;
  /** Keys of the visible fields whose answer is a finding, in field order. */
  findings: string[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3] && +m[1] >= 1900 && +m[1] <= 2100;
}

/** One answer against its field: the value to store, or the problem. */
function checkAnswer(field: TemplateField, raw: unknown): { value: Answer } | { error: string } {
  switch (field.type) {
    case "text":
    case "longText": {
      if (typeof raw !== "string" || !noNul(raw)) return { error: "projectBadValue" };
      const value = raw.trim();
      const max = field.maxLength ?? (field.type === "text" ? DEFAULT_TEXT_MAX : DEFAULT_LONG_TEXT_MAX);
      return value.length > max ? { error: "projectTooLong" } : { value };
    }
    case "number": {
      const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
      if (typeof value !== "number" || !Number.isFinite(value)) return { error: "projectNotANumber" };
      if (field.integer && !Number.isInteger(value)) return { error: "projectInteger" };
      if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max)) return { error: "projectOutOfRange" };
      return { value };
    }
    case "date":
      return typeof raw === "string" && validDate(raw) ? { value: raw } : { error: "projectBadDate" };
    case "single":
      return typeof raw === "string" && (field.options ?? []).some((o) => o.value === raw) ? { value: raw } : { error: "projectNotAChoice" };
    case "multi": {
      if (!Array.isArray(raw) || raw.some((v) => typeof v !== "string")) return { error: "projectNotAChoice" };
      const allowed = (field.options ?? []).map((o) => o.value);
      const picked = raw as string[];
      if (picked.some((v) => !allowed.includes(v)) || new Set(picked).size !== picked.length) return { error: "projectNotAChoice" };
      // Stored in the template's order, so equal answers compare equal.
      return { value: allowed.filter((v) => picked.includes(v)) };
    }
    case "yesNo":
      return typeof raw === "boolean" ? { value: raw } : { error: "projectBadValue" };
    case "photo": {
      if (!Array.isArray(raw) || raw.some((v) => typeof v !== "string" || v.length > 40 || !noNul(v))) return { error: "projectBadValue" };
      return raw.length > (field.maxPhotos ?? DEFAULT_MAX_PHOTOS) ? { error: "projectTooManyPhotos" } : { value: raw as string[] };
    }
    case "point": {
      const p = raw as Partial<PointAnswer> | null;
      if (!p || typeof p !== "object" || Array.isArray(p) || Object.keys(p).some((k) => k !== "lat" && k !== "lng")) return { error: "projectBadPoint" };
      if (typeof p.lat !== "number" || typeof p.lng !== "number" || !(Math.abs(p.lat) <= 90) || !(Math.abs(p.lng) <= 180)) return { error: "projectBadPoint" };
      return { value: { lat: p.lat, lng: p.lng } };
    }
    case "record": {
      const r = raw as Partial<RecordAnswer> | null;
      if (!r || typeof r !== "object" || Array.isArray(r) || typeof r.id !== "string" || r.id.length < 1 || r.id.length > 40 || !noNul(r.id)) return { error: "projectBadValue" };
      return { value: { id: r.id } };
    }
  }
}

/**
 * Checks answers against the template version they were made with. Answers to fields
 * the version does not have are refused (a form of another version, or tampering);
 * answers to hidden fields are dropped.
 */
export function validateSubmission(fields: readonly TemplateField[], raw: Record<string, unknown>): SubmissionCheck {
  const errors: Record<string, string> = {};
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(raw)) if (!known.has(key)) errors[key] = "projectUnknownField";
  const answers: Answers = {};
  const findings: string[] = [];
  // Visibility follows the answers as checked so far, so a bad answer cannot reveal a field.
  const shown = new Set<string>();
  for (const field of fields) {
    const c = field.showIf;
    if (c && !(shown.has(c.field) && ruleMatches(answers[c.field], c.values))) continue;
    shown.add(field.key);
    const value = raw[field.key];
    if (isEmpty(value)) {
      if (field.required) errors[field.key] = "projectRequired";
      continue;
    }
    const checked = checkAnswer(field, value);
    if ("error" in checked) {
      errors[field.key] = checked.error;
      continue;
    }
    if (isEmpty(checked.value)) {
      if (field.required) errors[field.key] = "projectRequired";
      continue;
    }
    answers[field.key] = checked.value;
    if (isFinding(field, checked.value)) findings.push(field.key);
  }
  return { answers, errors, findings };
}

// --- editing ----------------------------------------------------------------------------

/** Keys a new version drops, and keys whose type it changes: what may break answers in use. */
export function breakingChanges(before: readonly TemplateField[], after: readonly TemplateField[]): { removed: string[]; retyped: string[] } {
  const next = new Map(after.map((f) => [f.key, f]));
  const removed: string[] = [];
  const retyped: string[] = [];
  for (const f of before) {
    const g = next.get(f.key);
    if (!g) removed.push(f.key);
    else if (g.type !== f.type) retyped.push(f.key);
  }
  return { removed, retyped };
}

/** Whether two field lists are the same version (nothing to save). */
export function sameFields(a: readonly TemplateField[], b: readonly TemplateField[]): boolean {
  return JSON.stringify(a.map(normalizeField)) === JSON.stringify(b.map(normalizeField));
}

/** A key no field of any version has used: f1, f2, ... */
export function nextKey(taken: Iterable<string>, prefix = "f"): string {
  const used = new Set(taken);
  let n = 1;
  while (used.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

// --- showing answers --------------------------------------------------------------------

export interface AnswerWords {
  yes: string;
  no: string;
  photos: (count: number) => string;
}

/** An answer as text (option labels, yes/no words): for lists, findings and the report. */
export function answerText(field: TemplateField, answer: unknown, words: AnswerWords): string {
  if (isEmpty(answer)) return "";
  const label = (v: unknown) => field.options?.find((o) => o.value === v)?.label ?? String(v);
  switch (field.type) {
    case "single":
      return label(answer);
    case "multi":
      return (answer as string[]).map(label).join("、");
    case "yesNo":
      return answer ? words.yes : words.no;
    case "photo":
      return words.photos((answer as string[]).length);
    case "point": {
      const p = answer as PointAnswer;
      return `${p.lat.toFixed(6)}, ${p.lng.toFixed(6)}`;
    }
    case "record": {
      const r = answer as RecordAnswer;
      return r.label ?? r.id;
    }
    default:
      return String(answer);
  }
}

/** Reads a stored field list (a version's JSON); refuses anything that is not one. */
export function parseFields(json: unknown): TemplateField[] {
  return z.array(fieldSchema).parse(json);
}
