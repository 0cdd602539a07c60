// Inputs of the dashboard: the page filters (read leniently from the address, a bad value
// falls back to the default), the map's layer queries, the drill-down lists, and the
// assessment rules editor (strict, through the action wrapper).
import { z } from "zod";
import { GRANULARITIES } from "./periods";
import { METRICS, METRICS_OF, SUBJECT_KINDS, isRateMetric } from "./scoring";

const optionalId = z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined);
const periodKey = z
  .string()
  .regex(/^\d{4}(-\d{2}|-Q[1-4])?$/)
  .optional()
  .catch(undefined);

/** What the grid polygons can be coloured by. */
export const MEASURES = ["open", "overdue", "reported", "visitCompletion", "keyPer1000", "disputeRisk"] as const;
export type Measure = (typeof MEASURES)[number];

export const filtersSchema = z.object({
  period: periodKey,
  /** An event category: a top-level one stands for all of its sub-categories. */
  category: optionalId,
  /** The unit looked at; defaults to the viewer's own. */
  unit: optionalId,
  trend: z.enum(GRANULARITIES).optional().catch(undefined),
  measure: z.enum(MEASURES).optional().catch(undefined),
});
export type Filters = z.output<typeof filtersSchema>;

export const mapQuerySchema = filtersSchema.extend({
  bbox: z.string().max(120).optional().catch(undefined),
  zoom: z.coerce.number().min(0).max(22).optional().catch(undefined),
});
export type MapQuery = z.output<typeof mapQuerySchema>;

/** The figures a drill-down list can show the events behind. */
export const DRILL_FIGURES = ["reported", "today", "month", "open", "overdue", "closed", "onTime", "late", "resolvedGrid", "resolvedCommunity", "rated", "satisfied", "supervised"] as const;
export type DrillFigure = (typeof DRILL_FIGURES)[number];

export const drillQuerySchema = filtersSchema.extend({
  figure: z.enum(DRILL_FIGURES).catch("reported"),
  source: z.enum(["GRID_REPORT", "SENTIMENT", "CENTER_INTAKE", "PROJECT_FINDING", "LEADER_ASSIGNMENT"]).optional().catch(undefined),
  cursor: z.coerce.number().int().positive().optional().catch(undefined),
});
export type DrillQuery = z.output<typeof drillQuerySchema>;

export const ASSESSMENT_LEVELS = ["TOWNSHIP", "VILLAGE", "GRID"] as const;
export const assessmentQuerySchema = z.object({
  period: periodKey,
  kind: z.enum(SUBJECT_KINDS).optional().catch(undefined),
  level: z.enum(ASSESSMENT_LEVELS).optional().catch(undefined),
});
export type AssessmentQuery = z.output<typeof assessmentQuerySchema>;

export const EXPORT_FORMATS = ["xlsx", "pdf"] as const;
export const exportQuerySchema = filtersSchema.extend({ format: z.enum(EXPORT_FORMATS).catch("xlsx") });

const ruleSchema = z
  .object({
    metric: z.enum(METRICS as [string, ...string[]]),
    points: z.number().min(-100).max(100),
    cap: z.number().min(0).max(1000).nullable(),
    noData: z.enum(["full", "zero"]),
  })
  .strict()
  .refine((r) => !isRateMetric(r.metric as never) || r.points >= 0, { message: "validation.dashboardRatePoints", path: ["points"] });

const rulesOf = (kind: (typeof SUBJECT_KINDS)[number]) =>
  z
    .array(ruleSchema)
    .max(12)
    .superRefine((rules, ctx) => {
      const seen = new Set<string>();
      rules.forEach((r, i) => {
        if (!(METRICS_OF[kind] as readonly string[]).includes(r.metric)) ctx.addIssue({ code: "custom", message: "validation.dashboardRuleMetric", path: [i, "metric"] });
        if (seen.has(r.metric)) ctx.addIssue({ code: "custom", message: "validation.dashboardRuleDuplicate", path: [i, "metric"] });
        seen.add(r.metric);
      });
    });

export const saveRulesSchema = z.object({
  version: z.number().int().min(0),
  rules: z.object({ UNIT: rulesOf("UNIT"), DEPARTMENT: rulesOf("DEPARTMENT"), WORKER: rulesOf("WORKER") }).strict(),
});
export type SaveRulesInput = z.output<typeof saveRulesSchema>;

/** The center records behind the center figures. */
export const CENTER_FIGURES = ["concluded", "agreed", "referred", "openDisputes", "replied", "repliedLate"] as const;
export const centerDrillSchema = filtersSchema.extend({
  figure: z.enum(CENTER_FIGURES).catch("concluded"),
  risk: z.enum(["RED", "ORANGE", "YELLOW", "GREEN"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});
export type CenterDrillQuery = z.output<typeof centerDrillSchema>;
