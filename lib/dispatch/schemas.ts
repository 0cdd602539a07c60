import { z } from "zod";

// Inputs of the dispatch module, shared by the forms and the server actions. Messages of
// our own rules are i18n keys under `validation.` in the common message files.

const text = (max: number) => z.string().trim().max(max);
const required = (max: number) => z.string().trim().min(1, { message: "validation.dispatchRequired" }).max(max);
const id = z.string().min(1).max(40);
const version = z.number().int().min(1);
/** Per-user key of a create or annotation request: a double click or a retry does it once. */
const requestKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
/** Photos picked in the browser (File objects; the server sniffs and limits them). */
const photos = z.array(z.custom<Blob>((v) => typeof Blob !== "undefined" && v instanceof Blob)).max(9).optional();
/** An instant as ISO 8601 with an offset (the browser converts its local time). */
const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

export const URGENCY = z.enum(["NORMAL", "URGENT", "CRITICAL"]);
export const LINK_KIND = z.enum(["RESIDENT", "PLACE", "FACILITY"]);

export const reportSchema = z.object({
  requestKey,
  categoryId: z.number().int().positive(),
  urgency: URGENCY,
  title: required(100),
  description: required(4000),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  /** The grid chosen by hand when point-in-polygon picked the wrong one. */
  gridId: z.number().int().positive().optional(),
  address: text(200).optional(),
  /** Center intake and leader assignment: where the matter came from. */
  source: z.enum(["GRID_REPORT", "CENTER_INTAKE", "PROJECT_FINDING", "LEADER_ASSIGNMENT"]).optional(),
  contactName: text(64).optional(),
  contactPhone: z.string().regex(/^[0-9+\- ]{0,20}$/, { message: "validation.dispatchPhone" }).optional(),
  links: z.array(z.object({ kind: LINK_KIND, targetId: id })).max(20).optional(),
  photos,
});
export type ReportInput = z.infer<typeof reportSchema>;

/** Turning a sentiment log entry into an event: the entry gives the text, grid and links. */
export const convertSentimentSchema = z.object({
  requestKey,
  sentimentId: id,
  categoryId: z.number().int().positive(),
  urgency: URGENCY,
  title: required(100),
  description: text(4000).optional(),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  gridId: z.number().int().positive().optional(),
  photos,
});
export type ConvertSentimentInput = z.infer<typeof convertSentimentSchema>;

export const linkSearchSchema = z.object({ gridId: z.number().int().positive(), q: z.string().trim().max(40) });

export const duplicatesSchema = z.object({
  categoryId: z.number().int().positive(),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});

const eventStep = { id, version };
const taskStep = { taskId: id, version };

export const escalateSchema = z.object({ ...eventStep, comment: required(2000), direct: z.boolean().optional() });
/** A community hands back a matter its list of powers and responsibilities does not include. */
export const refuseSchema = z.object({ ...eventStep, reason: required(2000) });
export const closeLocalSchema = z.object({ ...eventStep, reply: required(2000), comment: text(2000).optional(), photos });
export const acceptSchema = z.object({ ...eventStep, comment: text(2000).optional() });
export const rejectSchema = z.object({ ...eventStep, reply: required(2000), comment: text(2000).optional() });
export const mergeSchema = z.object({ ...eventStep, intoNo: z.number().int().positive(), comment: text(2000).optional() });
export const dispatchSchema = z.object({
  ...eventStep,
  leadDepartmentId: z.number().int().positive(),
  coDepartmentIds: z.array(z.number().int().positive()).max(12).optional(),
  /** The handling deadline; empty means the rule's default. */
  dueAt: instant.optional(),
  comment: text(2000).optional(),
});
export const taskAcceptSchema = z.object({ ...taskStep, comment: text(2000).optional() });
export const taskReturnSchema = z.object({ ...taskStep, comment: required(2000) });
export const taskProgressSchema = z.object({ taskId: id, requestKey, comment: required(2000), photos });
export const taskCompleteSchema = z.object({ ...taskStep, result: required(2000), photos });
export const requestExtensionSchema = z.object({ ...taskStep, until: instant, comment: required(2000) });
export const decideExtensionSchema = z.object({ ...taskStep, approve: z.boolean(), comment: text(2000).optional() });
export const passSchema = z.object({ ...eventStep, reply: required(2000), comment: text(2000).optional() });
export const returnToDeptSchema = z.object({ ...eventStep, comment: required(2000), dueAt: instant.optional() });
export const closeSchema = z.object({ ...eventStep, rating: z.number().int().min(1).max(5), comment: text(2000).optional() });
export const reopenSchema = z.object({ ...eventStep, rating: z.number().int().min(1).max(2, { message: "validation.dispatchReopenRating" }), comment: required(2000) });
export const urgeSchema = z.object({ id, requestKey, comment: required(2000) });
export const superviseSchema = z.object({ id, requestKey, grade: z.number().int().min(1).max(3), comment: required(2000) });
export const instructSchema = z.object({ id, requestKey, comment: required(2000) });
export const noteSchema = z.object({ id, requestKey, comment: required(2000) });

export type EscalateInput = z.infer<typeof escalateSchema>;
export type CloseLocalInput = z.infer<typeof closeLocalSchema>;
export type RefuseInput = z.infer<typeof refuseSchema>;
export type AcceptInput = z.infer<typeof acceptSchema>;
export type RejectInput = z.infer<typeof rejectSchema>;
export type MergeInput = z.infer<typeof mergeSchema>;
export type DispatchInput = z.infer<typeof dispatchSchema>;
export type TaskAcceptInput = z.infer<typeof taskAcceptSchema>;
export type TaskReturnInput = z.infer<typeof taskReturnSchema>;
export type TaskProgressInput = z.infer<typeof taskProgressSchema>;
export type TaskCompleteInput = z.infer<typeof taskCompleteSchema>;
export type RequestExtensionInput = z.infer<typeof requestExtensionSchema>;
export type DecideExtensionInput = z.infer<typeof decideExtensionSchema>;
export type PassInput = z.infer<typeof passSchema>;
export type ReturnToDeptInput = z.infer<typeof returnToDeptSchema>;
export type CloseInput = z.infer<typeof closeSchema>;
export type ReopenInput = z.infer<typeof reopenSchema>;
export type AnnotationInput = z.infer<typeof urgeSchema>;
export type SuperviseInput = z.infer<typeof superviseSchema>;

// --- worklists ---

export const WORKLISTS = ["mine", "toHandle", "toAccept", "toDispatch", "inProgress", "review", "extensions", "feedback", "tasks", "overdue", "supervised", "reported", "all"] as const;
export type Worklist = (typeof WORKLISTS)[number];
export const worklistQuerySchema = z.object({
  list: z.enum(WORKLISTS),
  cursor: z.string().max(200).optional(),
});
export type WorklistQuery = z.infer<typeof worklistQuerySchema>;

// --- settings ---

export const categorySchema = z.object({
  id: z.number().int().positive().optional(),
  version: z.number().int().min(1).optional(),
  parentId: z.number().int().positive().nullable(),
  code: z.string().regex(/^[a-z0-9-]{2,40}$/, { message: "validation.dispatchCode" }),
  name: required(60),
  nameEn: required(80),
  defaultDepartmentId: z.number().int().positive().nullable(),
  sortOrder: z.number().int().min(0).max(9999),
  enabled: z.boolean(),
});
export type CategoryInput = z.infer<typeof categorySchema>;

export const ruleSchema = z.object({
  id: z.number().int().positive().optional(),
  stage: z.enum(["ACCEPT", "HANDLE", "VERIFY"]),
  holder: z.enum(["UNIT", "DEPARTMENT"]).nullable(),
  categoryId: z.number().int().positive().nullable(),
  urgency: URGENCY.nullable(),
  amount: z.number().int().min(1).max(720),
  unit: z.enum(["WORKDAY", "WORKHOUR", "HOUR"]),
  enabled: z.boolean(),
});
export type RuleInput = z.infer<typeof ruleSchema>;
export const deleteRuleSchema = z.object({ id: z.number().int().positive() });

export const calendarDaySchema = z.object({
  /** The calendar year being edited: the date must lie in it. */
  year: z.number().int().min(2000).max(2100),
  date: z.iso.date(),
  kind: z.enum(["HOLIDAY", "WORKDAY"]).nullable(),
  name: text(40).optional(),
});
export type CalendarDayInput = z.infer<typeof calendarDaySchema>;
