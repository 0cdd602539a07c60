import { z } from "zod";
import { FACILITY_TYPE_CODES, PLACE_CATEGORIES, RISK_LEVELS } from "@/lib/grid/dictionary";
import { HOUSE_TENURES, HOUSE_USES, VISIT_TIERS } from "@/lib/people/rules";
import { LINK_KINDS, MAX_PHOTOS, noNul, templateFieldsSchema } from "./templates";

// Inputs of the special projects module, shared by the forms and the server actions.
// Messages of our own rules are i18n keys under `validation.` in the common message files.

export const PROJECT_TYPES = ["HAZARD_SCREENING", "DISPUTE_SCREENING", "POPULATION_UPDATE", "PUBLICITY", "INSPECTION"] as const;
export type ProjectTypeKey = (typeof PROJECT_TYPES)[number];
export const PROJECT_STATUSES = ["DRAFT", "RUNNING", "CLOSED"] as const;
export type ProjectStatusKey = (typeof PROJECT_STATUSES)[number];
export const VERSION_POLICIES = ["PINNED", "LATEST"] as const;
export const RECORD_KINDS = ["HOUSE", "HOUSEHOLD", "RESIDENT", "PLACE", "FACILITY"] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

const id = z.string().trim().min(1).max(40).refine(noNul);
const version = z.number().int().positive().max(2_147_483_647);
const unitId = z.number().int().positive().max(2_147_483_647);
/** Per-user key of a submit: a double tap or a retry saves once. */
const requestKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const required = (max: number) => z.string().trim().min(1, { message: "validation.projectRequiredText" }).max(max).refine(noNul, { message: "validation.projectBadValue" });
const text = (max: number) => z.string().trim().max(max).refine(noNul, { message: "validation.projectBadValue" });
const isoDate = z.iso.date();

// --- templates ------------------------------------------------------------------------------

export const saveTemplateSchema = z.object({
  /** Absent for a new template. */
  id: id.optional(),
  /** The template row's version the editor started from (optimistic locking). */
  version: version.optional(),
  name: required(100),
  description: text(500),
  fields: templateFieldsSchema,
});
export type SaveTemplateInput = z.infer<typeof saveTemplateSchema>;

// --- record filters -------------------------------------------------------------------------

const few = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max).optional();

/**
 * Which registry records the tasks list: one selector per kind of record, each a filter
 * on that registry (empty lists mean "all"). Every live record of the grid that matches
 * any selector becomes one item of the grid's task.
 */
export const recordSelectorSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("HOUSE"), tenures: few(z.enum(HOUSE_TENURES), 4), uses: few(z.enum(HOUSE_USES), 5) }),
  z.strictObject({ kind: z.literal("PLACE"), categories: few(z.enum(PLACE_CATEGORIES), 9), riskLevels: few(z.enum(RISK_LEVELS), 3) }),
  z.strictObject({ kind: z.literal("FACILITY"), types: few(z.enum(FACILITY_TYPE_CODES), 30), hazardOnly: z.boolean().optional() }),
  z.strictObject({ kind: z.literal("HOUSEHOLD"), visitTiers: few(z.enum(VISIT_TIERS), 3) }),
  z.strictObject({ kind: z.literal("RESIDENT"), tagIds: few(z.number().int().positive().max(2_147_483_647), 30) }),
]);
export type RecordSelector = z.infer<typeof recordSelectorSchema>;
export const selectorsSchema = z
  .array(recordSelectorSchema)
  .max(5)
  .refine((list) => new Set(list.map((s) => s.kind)).size === list.length, { message: "validation.projectSelectorTwice" });

// --- campaigns ------------------------------------------------------------------------------

const projectFields = {
  title: required(100),
  type: z.enum(PROJECT_TYPES),
  description: text(2000),
  startsOn: isoDate,
  endsOn: isoDate,
  coverUnitIds: z.array(unitId).min(1, { message: "validation.projectUnitsRequired" }).max(50),
  leadDepartmentId: unitId.nullable(),
  ownerId: id.nullable(),
  templateId: id,
  versionPolicy: z.enum(VERSION_POLICIES),
  selectors: selectorsSchema,
};
const periodOk = (v: { startsOn: string; endsOn: string }) => v.endsOn >= v.startsOn;
const periodError = { message: "validation.projectPeriod", path: ["endsOn"] };

export const createProjectSchema = z.object(projectFields).refine(periodOk, periodError);
export type CreateProjectInput = z.infer<typeof createProjectSchema>;
export const updateProjectSchema = z.object({ id, version, ...projectFields }).refine(periodOk, periodError);
export type UpdateProjectInput = z.infer<typeof updateProjectSchema>;

export const projectRefSchema = z.object({ id, version });
export type ProjectRef = z.infer<typeof projectRefSchema>;
export const extendProjectSchema = z.object({ id, version, endsOn: isoDate });
export type ExtendProjectInput = z.infer<typeof extendProjectSchema>;
export const closeProjectSchema = z.object({ id, version, note: text(2000) });
export type CloseProjectInput = z.infer<typeof closeProjectSchema>;
export const remindSchema = z.object({ id });
export const countRecordsSchema = z.object({ coverUnitIds: z.array(unitId).min(1).max(50), selectors: selectorsSchema });
export type CountRecordsInput = z.infer<typeof countRecordsSchema>;

// --- filling in -----------------------------------------------------------------------------

const photoFile = z.custom<Blob>((v) => typeof Blob !== "undefined" && v instanceof Blob);
const fieldKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);

export const submitSchema = z.object({
  taskId: id,
  /** The task item (record) this form is for; absent for a free entry. */
  itemId: z.string().regex(/^\d{1,18}$/).optional(),
  /** The template version the form was rendered from. */
  templateVersionId: id,
  requestKey,
  /** { fieldKey: answer }; photo fields list the photos of the previous entry to keep. */
  answers: z.record(fieldKey, z.unknown()),
  /** New photos per photo field. */
  photos: z.record(fieldKey, z.array(photoFile).max(MAX_PHOTOS)).optional(),
});
export type SubmitInput = z.infer<typeof submitSchema>;

export const taskRefSchema = z.object({ taskId: id, version });
export const recordSearchSchema = z.object({ taskId: id, kind: z.enum(LINK_KINDS), q: text(40) });
export type RecordSearchInput = z.infer<typeof recordSearchSchema>;

export const convertFindingSchema = z.object({
  findingId: id,
  requestKey,
  /** Another event category than the template suggested (or one where it suggested none). */
  categoryId: z.number().int().positive().max(2_147_483_647).optional(),
  urgency: z.enum(["NORMAL", "URGENT", "CRITICAL"]).optional(),
});
export type ConvertFindingInput = z.infer<typeof convertFindingSchema>;

// --- reading --------------------------------------------------------------------------------

export const TASK_FILTERS = ["all", "todo", "done", "findings"] as const;
export const taskQuerySchema = z.object({
  filter: z.enum(TASK_FILTERS).catch("all"),
  q: z.string().trim().max(40).refine(noNul).catch(""),
});
export type TaskQuery = z.infer<typeof taskQuerySchema>;

export const findingsQuerySchema = z.object({
  cursor: z.string().regex(/^\d{1,15}_[A-Za-z0-9_-]{1,40}$/).optional(),
  open: z.enum(["1"]).optional(),
});
export type FindingsQuery = z.infer<typeof findingsQuerySchema>;
