import { z } from "zod";
import {
  ALL_FOLLOW_UP_STATUSES,
  DATA_STATES,
  FACILITY_STATUSES,
  FACILITY_TYPE_CODES,
  FOLLOW_UP_STATUSES,
  PLACE_CATEGORIES,
  RISK_LEVELS,
  SENTIMENT_KINDS,
  TEAM_ROLES,
} from "./dictionary";

// Inputs of the grid registries (places, objects, sentiment log) and grid teams, shared by
// forms and actions. Messages of our own rules are i18n keys under `validation.` in the
// common message files.

/** Allowance for a phone's clock running ahead of the server's. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export const idSchema = z.string().trim().min(1).max(40);
export const gridIdSchema = z.number().int().positive().max(2_147_483_647);
export const versionSchema = z.number().int().positive().max(2_147_483_647);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

const phone = z
  .string()
  .trim()
  .max(20)
  .regex(/^$|^[0-9+\-\s()]{5,20}$/, { message: "validation.gridPhone" })
  .nullish()
  .transform((v) => (v ? v : null));

/** An instant written as ISO 8601 with an offset (the browser converts its local time). */
const pastInstant = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s))
  .refine((d) => d.getTime() <= Date.now() + CLOCK_SKEW_MS, { message: "validation.gridFutureTime" });

/** A calendar day (YYYY-MM-DD), read in China time, not after today. */
const pastDay = z.iso
  .date()
  .transform((s) => new Date(`${s}T00:00:00+08:00`))
  .refine((d) => d.getTime() <= Date.now(), { message: "validation.gridFutureTime" });

const point = {
  lat: z.number().min(-90).max(90).nullish(),
  lng: z.number().min(-180).max(180).nullish(),
};
const pointPair = (v: { lat?: number | null; lng?: number | null }) => (v.lat == null) === (v.lng == null);
const pointPairError = { message: "validation.gridPointPair", path: ["lat"] };

// --- places (场所) ---

const placeFields = {
  gridId: gridIdSchema,
  name: z.string().trim().min(1).max(100),
  category: z.enum(PLACE_CATEGORIES),
  address: optionalText(200),
  personInCharge: optionalText(64),
  contactPhone: phone,
  riskLevel: z.enum(RISK_LEVELS),
  ...point,
};
export const createPlaceSchema = z.object(placeFields).refine(pointPair, pointPairError);
export const updatePlaceSchema = z.object({ id: idSchema, version: versionSchema, ...placeFields }).refine(pointPair, pointPairError);
export type PlaceInput = z.output<typeof createPlaceSchema>;
export type UpdatePlaceInput = z.output<typeof updatePlaceSchema>;

// --- objects (部件) ---

const facilityFields = {
  gridId: gridIdSchema,
  type: z.enum(FACILITY_TYPE_CODES),
  name: z.string().trim().min(1).max(100),
  status: z.enum(FACILITY_STATUSES),
  lastInspectedAt: pastDay.nullish().transform((v) => v ?? null),
  ...point,
};
export const createFacilitySchema = z.object(facilityFields).refine(pointPair, pointPairError);
export const updateFacilitySchema = z.object({ id: idSchema, version: versionSchema, ...facilityFields }).refine(pointPair, pointPairError);
export type FacilityInput = z.output<typeof createFacilitySchema>;
export type UpdateFacilityInput = z.output<typeof updateFacilitySchema>;

// --- sentiment log (民情日志) ---

const sentimentFields = {
  gridId: gridIdSchema,
  kind: z.enum(SENTIMENT_KINDS),
  content: z.string().trim().min(1).max(2000),
  residentId: idSchema.nullish().transform((v) => v ?? null),
  placeId: idSchema.nullish().transform((v) => v ?? null),
  recordedAt: pastInstant,
};
export const createSentimentSchema = z.object(sentimentFields);
export const updateSentimentSchema = z.object({ id: idSchema, version: versionSchema, ...sentimentFields });
export type SentimentInput = z.output<typeof createSentimentSchema>;
export type UpdateSentimentInput = z.output<typeof updateSentimentSchema>;

export const followUpSchema = z.object({
  id: idSchema,
  version: versionSchema,
  status: z.enum(FOLLOW_UP_STATUSES),
  note: optionalText(2000),
});
export type FollowUpInput = z.output<typeof followUpSchema>;

// --- shared by every registry ---

export const verifySchema = z.object({ id: idSchema, version: versionSchema });
export const deleteSchema = z.object({ id: idSchema, version: versionSchema, reason: z.string().trim().min(2).max(200) });
export type VerifyInput = z.output<typeof verifySchema>;
export type DeleteInput = z.output<typeof deleteSchema>;

export const gridRefSchema = z.object({ gridId: gridIdSchema });
export const linkSearchSchema = z.object({ gridId: gridIdSchema, q: z.string().trim().max(40) });

// --- list queries, read from the page's search params (so not strict) ---

const listCommon = {
  q: z.string().trim().max(40).optional().catch(undefined),
  gridId: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  dataState: z.enum(DATA_STATES).optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
};
export const placeListSchema = z.object({
  ...listCommon,
  category: z.enum(PLACE_CATEGORIES).optional().catch(undefined),
  riskLevel: z.enum(RISK_LEVELS).optional().catch(undefined),
  sort: z.enum(["recent", "name"]).optional().catch(undefined),
});
export const facilityListSchema = z.object({
  ...listCommon,
  type: z.enum(FACILITY_TYPE_CODES).optional().catch(undefined),
  status: z.enum(FACILITY_STATUSES).optional().catch(undefined),
  hazard: z.enum(["1", "0"]).optional().catch(undefined),
});
export const sentimentListSchema = z.object({
  ...listCommon,
  kind: z.enum(SENTIMENT_KINDS).optional().catch(undefined),
  status: z.enum(ALL_FOLLOW_UP_STATUSES).optional().catch(undefined),
  open: z.enum(["1"]).optional().catch(undefined),
});
export type PlaceListQuery = z.output<typeof placeListSchema>;
export type FacilityListQuery = z.output<typeof facilityListSchema>;
export type SentimentListQuery = z.output<typeof sentimentListSchema>;

// --- grid teams ---

const memberFields = {
  name: z.string().trim().min(1).max(64),
  phone,
  note: optionalText(200),
};
/** Put a person on a grid's team: an existing person (memberId) or a new one (name...). */
export const addTeamMemberSchema = z
  .object({
    gridId: gridIdSchema,
    role: z.enum(TEAM_ROLES),
    memberId: idSchema.nullish(),
    name: z.string().trim().max(64).nullish(),
    phone,
    note: optionalText(200),
  })
  .refine((v) => !!v.memberId || !!v.name, { message: "validation.gridTeamNameRequired", path: ["name"] });
export const updateTeamMemberSchema = z.object({ memberId: idSchema, ...memberFields });
export const removeTeamAssignmentSchema = z.object({ assignmentId: idSchema });
export const teamSearchSchema = z.object({ gridId: gridIdSchema, q: z.string().trim().min(1).max(40) });
export type AddTeamMemberInput = z.output<typeof addTeamMemberSchema>;
export type UpdateTeamMemberInput = z.output<typeof updateTeamMemberSchema>;
