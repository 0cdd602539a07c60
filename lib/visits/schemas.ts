import { z } from "zod";
import { SENTIMENT_KINDS, VISIT_METHODS } from "@/lib/grid/dictionary";
import { CLOCK_SKEW_MS, gridIdSchema, idSchema } from "@/lib/grid/schemas";

/** How far back a visit may be logged: late paperwork, not rewriting last year. */
export const MAX_BACKDATE_DAYS = 90;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

/**
 * One visit, as logged from "my visits". `visitedAt` is ISO 8601 with an offset (the
 * browser converts its local time). "Needs follow-up" also writes a sentiment entry with
 * `followUpContent`, in the same transaction.
 */
export const logVisitSchema = z
  .object({
    householdId: idSchema,
    visitedAt: z.iso
      .datetime({ offset: true })
      .transform((s) => new Date(s))
      .refine((d) => d.getTime() <= Date.now() + CLOCK_SKEW_MS, { message: "validation.gridFutureTime" })
      .refine((d) => d.getTime() >= Date.now() - MAX_BACKDATE_DAYS * 24 * 3600_000, { message: "validation.gridVisitTooOld" }),
    method: z.enum(VISIT_METHODS),
    metNames: optionalText(200),
    findings: optionalText(2000),
    lat: z.number().min(-90).max(90).nullish(),
    lng: z.number().min(-180).max(180).nullish(),
    needsFollowUp: z.boolean(),
    followUpKind: z.enum(SENTIMENT_KINDS).nullish(),
    followUpContent: optionalText(2000),
    /** A member of the household the follow-up is about. */
    followUpResidentId: idSchema.nullish().transform((v) => v ?? null),
  })
  .refine((v) => (v.lat == null) === (v.lng == null), { message: "validation.gridPointPair", path: ["lat"] })
  .refine((v) => !v.needsFollowUp || !!v.followUpContent, { message: "validation.gridFollowUpRequired", path: ["followUpContent"] });
export type LogVisitInput = z.output<typeof logVisitSchema>;

/** The visits page's query: a grid (higher levels pick one) and a month for the rates. */
export const visitsQuerySchema = z.object({
  gridId: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  month: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional()
    .catch(undefined),
});

export const ratesQuerySchema = z.object({
  gridId: gridIdSchema.optional(),
  month: z.string().regex(/^\d{4}-\d{2}$/),
});

/** Photos per visit: each is downscaled in the browser, so a few fit one request. */
export const MAX_VISIT_PHOTOS = 3;

/**
 * The form's submission: the visit as JSON in `data` (so numbers and booleans keep their
 * types) and up to three photos as files.
 */
export const logVisitFormSchema = z.object({
  data: z
    .string()
    .max(16_000)
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "validation.gridBadForm" });
        return z.NEVER;
      }
    })
    .pipe(logVisitSchema.strict()),
  photos: z
    .union([z.instanceof(Blob), z.array(z.instanceof(Blob)).max(MAX_VISIT_PHOTOS, { message: "validation.gridTooManyPhotos" })])
    .optional()
    .transform((v) => (v == null ? [] : Array.isArray(v) ? v : [v])),
});
