import { z } from "zod";
import { ETHNICITY_CODES } from "@/lib/ethnicity";
import { facilityListSchema, placeListSchema, sentimentListSchema } from "@/lib/grid/schemas";
import { ID_PROBLEM_KEYS, parseIdNumber } from "@/lib/id-number";
import { PHONE_PROBLEM_KEYS, parsePhone } from "@/lib/phone";
import {
  DATA_STATES,
  HOUSE_TENURES,
  HOUSE_USES,
  PERSON_HOUSEHOLD_STATES,
  RELATIONS,
  RESIDENCE_TYPES,
  VISIT_TIERS,
} from "./rules";

// Inputs of the people registry (residents, households, houses, key-group tags), shared by
// the forms, the actions and the spreadsheet import: a row of a file passes exactly the
// rules a form does. Messages of our own rules are i18n keys under `validation.` in the
// common message files.

export const idSchema = z.string().trim().min(1).max(40);
export const versionSchema = z.number().int().positive().max(2_147_483_647);
export const gridIdSchema = z.number().int().positive().max(2_147_483_647);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

const optionalId = idSchema.nullish().or(z.literal("")).transform((v) => (v ? v : null));

/** An 18-character ID number with a valid GB 11643 check character; normalised (upper-case X). */
export const idNumberSchema = z
  .string()
  .max(40)
  .transform((raw, ctx) => {
    const r = parseIdNumber(raw);
    if (!r.ok) {
      ctx.addIssue({ code: "custom", message: ID_PROBLEM_KEYS[r.problem] });
      return z.NEVER;
    }
    return r.value;
  });

/** A mainland mobile number or nothing. */
export const phoneSchema = z
  .string()
  .max(30)
  .nullish()
  .transform((raw, ctx) => {
    if (!raw || !raw.trim()) return null;
    const r = parsePhone(raw);
    if (!r.ok) {
      ctx.addIssue({ code: "custom", message: PHONE_PROBLEM_KEYS[r.problem] });
      return z.NEVER;
    }
    return r.value;
  });

/** Names in Chinese characters, letters, the middle dot of minority names, spaces. */
export const personNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\p{Script=Han}A-Za-z·•.\-\s]+$/u, { message: "validation.peopleName" });

export const tagAssignmentSchema = z.object({
  tagId: z.number().int().positive(),
  careLevel: z.number().int().min(1).max(3),
});

export const residentFields = {
  gridId: gridIdSchema,
  name: personNameSchema,
  idNumber: idNumberSchema,
  ethnicity: z.enum(ETHNICITY_CODES as [string, ...string[]], { message: "validation.peopleEthnicity" }),
  phone: phoneSchema,
  householdId: optionalId,
  relationToHead: z.enum(RELATIONS).nullish().or(z.literal("")).transform((v) => (v ? v : null)),
  houseId: optionalId,
  residenceType: z.enum(RESIDENCE_TYPES),
  livesHere: z.boolean(),
  employment: optionalText(100),
  tags: z.array(tagAssignmentSchema).max(20).default([]),
};

type ResidentShape = {
  residenceType: (typeof RESIDENCE_TYPES)[number];
  livesHere: boolean;
  householdId: string | null;
  relationToHead: string | null;
  tags: { tagId: number }[];
};

// Registration follows from the residence type; a person registered elsewhere who does not
// live here either has no place in this grid's registry.
export function residentRules(v: ResidentShape, ctx: z.RefinementCtx) {
  if (v.residenceType !== "REGISTERED" && !v.livesHere)
    ctx.addIssue({ code: "custom", message: "validation.peopleNotHere", path: ["livesHere"] });
  if (v.relationToHead && !v.householdId)
    ctx.addIssue({ code: "custom", message: "validation.peopleRelationNeedsHousehold", path: ["relationToHead"] });
  if (new Set(v.tags.map((t) => t.tagId)).size !== v.tags.length)
    ctx.addIssue({ code: "custom", message: "validation.peopleTagTwice", path: ["tags"] });
}

export const createResidentSchema = z.object(residentFields).superRefine(residentRules);

/**
 * One row of a resident spreadsheet: the form's fields and rules, with the household and
 * house named by address and register number instead of picked from a list.
 */
export const residentImportRowSchema = z
  .object({
    ...residentFields,
    householdId: z.undefined().optional(),
    houseId: z.undefined().optional(),
    building: z.string().trim().max(40).default(""),
    unitNo: z.string().trim().max(20).default(""),
    room: z.string().trim().max(20).default(""),
    householdNo: z.string().trim().max(32).regex(/^[0-9A-Za-z-]*$/, { message: "validation.peopleHouseholdNo" }).default(""),
  })
  .superRefine((v, ctx) => {
    residentRules({ ...v, householdId: v.householdNo || null }, ctx);
    if (!v.building && (v.unitNo || v.room || v.householdNo))
      ctx.addIssue({ code: "custom", message: "validation.peopleImportNeedsBuilding", path: ["building"] });
  });
export type ResidentImportRow = z.output<typeof residentImportRowSchema>;
/**
 * An edit leaves out the ID number and phone unless they change: forms never hold them in
 * full (that would be a reveal without an audit entry). Absent = keep; null or "" clears
 * the phone.
 */
export const updateResidentSchema = z
  .object({ id: idSchema, version: versionSchema, ...residentFields, idNumber: idNumberSchema.optional(), phone: phoneSchema.optional() })
  .superRefine(residentRules);
export type ResidentInput = z.output<typeof createResidentSchema>;
export type UpdateResidentInput = z.output<typeof updateResidentSchema>;

export const lookupIdNumberSchema = z.object({ idNumber: idNumberSchema });

export const revealSchema = z.object({ id: idSchema, field: z.enum(["idNumber", "phone"]) });

export const versionedSchema = z.object({ id: idSchema, version: versionSchema });
export const deleteSchema = z.object({ id: idSchema, version: versionSchema, reason: z.string().trim().min(2).max(200) });

// --- households ---

const householdFields = {
  gridId: gridIdSchema,
  houseId: optionalId,
  householdNo: z
    .string()
    .trim()
    .max(32)
    .regex(/^[0-9A-Za-z-]*$/, { message: "validation.peopleHouseholdNo" })
    .nullish()
    .transform((v) => (v ? v : null)),
  visitTier: z.enum(VISIT_TIERS),
};
export const createHouseholdSchema = z.object(householdFields);
export const updateHouseholdSchema = z.object({ id: idSchema, version: versionSchema, ...householdFields });
export type HouseholdInput = z.output<typeof createHouseholdSchema>;
export type UpdateHouseholdInput = z.output<typeof updateHouseholdSchema>;

// --- houses ---

const houseFields = {
  gridId: gridIdSchema,
  building: z.string().trim().min(1).max(40),
  unitNo: z.string().trim().max(20).nullish().transform((v) => v ?? ""),
  room: z.string().trim().max(20).nullish().transform((v) => v ?? ""),
  use: z.enum(HOUSE_USES),
  tenure: z.enum(HOUSE_TENURES),
  landlordName: optionalText(64),
  landlordPhone: phoneSchema,
  permittedOccupants: z.number().int().min(0).max(10_000).nullish().transform((v) => v ?? null),
  lat: z.number().min(-90).max(90).nullish().transform((v) => v ?? null),
  lng: z.number().min(-180).max(180).nullish().transform((v) => v ?? null),
};

function houseRules(v: { tenure: string; landlordName: string | null; lat: number | null; lng: number | null }, ctx: z.RefinementCtx) {
  if (v.tenure === "RENTED" && !v.landlordName)
    ctx.addIssue({ code: "custom", message: "validation.peopleLandlordRequired", path: ["landlordName"] });
  if ((v.lat == null) !== (v.lng == null)) ctx.addIssue({ code: "custom", message: "validation.peoplePointPair", path: ["lat"] });
}

export const createHouseSchema = z.object(houseFields).superRefine(houseRules);

/** One row of a house spreadsheet: a house, and optionally a household living in it. */
export const houseImportRowSchema = z
  .object({
    ...houseFields,
    householdNo: householdFields.householdNo,
    visitTier: z.enum(VISIT_TIERS).default("ORDINARY"),
  })
  .superRefine(houseRules);
export type HouseImportRow = z.output<typeof houseImportRowSchema>;
/** Like residents' phones, a landlord's phone is left out of an edit unless it changes. */
export const updateHouseSchema = z
  .object({ id: idSchema, version: versionSchema, ...houseFields, landlordPhone: phoneSchema.optional() })
  .superRefine(houseRules);
export type HouseInput = z.output<typeof createHouseSchema>;
export type UpdateHouseInput = z.output<typeof updateHouseSchema>;

// --- list filters (pages read them from the address; exports take the same) ---

const optionalInt = z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined);
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional().catch(undefined);
const flag = z
  .union([z.boolean(), z.enum(["1", "0", "true", "false"])])
  .optional()
  .transform((v) => v === true || v === "1" || v === "true")
  .catch(false);

export const residentFilterSchema = z.object({
  /** A grid chosen on another tab of the grid module (its tabs carry ?gridId=). */
  gridId: optionalInt,
  q: z.string().trim().max(40).optional().catch(undefined),
  unitId: optionalInt,
  tagId: optionalInt,
  residenceType: optionalEnum(RESIDENCE_TYPES),
  state: optionalEnum(PERSON_HOUSEHOLD_STATES),
  dataState: optionalEnum(DATA_STATES),
  deleted: flag,
  householdId: z.string().max(40).optional().catch(undefined),
  cursor: z.string().max(400).optional().catch(undefined),
});
export type ResidentFilter = z.output<typeof residentFilterSchema>;

export const householdFilterSchema = z.object({
  /** A grid chosen on another tab of the grid module (its tabs carry ?gridId=). */
  gridId: optionalInt,
  q: z.string().trim().max(40).optional().catch(undefined),
  unitId: optionalInt,
  visitTier: optionalEnum(VISIT_TIERS),
  dataState: optionalEnum(DATA_STATES),
  deleted: flag,
  cursor: z.string().max(400).optional().catch(undefined),
});
export type HouseholdFilter = z.output<typeof householdFilterSchema>;

export const houseFilterSchema = z.object({
  /** A grid chosen on another tab of the grid module (its tabs carry ?gridId=). */
  gridId: optionalInt,
  q: z.string().trim().max(60).optional().catch(undefined),
  unitId: optionalInt,
  use: optionalEnum(HOUSE_USES),
  tenure: optionalEnum(HOUSE_TENURES),
  dataState: optionalEnum(DATA_STATES),
  deleted: flag,
  cursor: z.string().max(400).optional().catch(undefined),
});
export type HouseFilter = z.output<typeof houseFilterSchema>;

// --- key-group tags (the dictionary) ---

export const createTagSchema = z.object({
  code: z.string().trim().regex(/^[A-Z][A-Z0-9_]{1,39}$/, { message: "validation.peopleTagCode" }),
  name: z.string().trim().min(1).max(40),
  nameEn: z.string().trim().min(1).max(60),
  visitTier: z.enum(VISIT_TIERS),
  sortOrder: z.number().int().min(0).max(9999).optional(),
  enabled: z.boolean().optional(),
});
/** The dictionary editor's save: names, position, offered or not (code and visit tier stay). */
export const updateTagSchema = z.object({
  id: z.number().int().positive(),
  version: z.number().int().min(1),
  name: z.string().trim().min(1).max(40),
  nameEn: z.string().trim().min(1).max(60),
  sortOrder: z.number().int().min(0).max(9999),
  enabled: z.boolean(),
});
export const renameTagSchema = z.object({ id: z.number().int().positive(), name: z.string().trim().min(1).max(40), nameEn: z.string().trim().min(1).max(60) });
export const setTagEnabledSchema = z.object({ id: z.number().int().positive(), enabled: z.boolean() });

// --- imports and exports ---

/** Registries a spreadsheet can be imported into. */
export const REGISTRIES = ["residents", "houses", "places", "facilities"] as const;
export type Registry = (typeof REGISTRIES)[number];
/** Every registry's list exports: the people registries and the grid's places, objects and sentiment log. */
export const EXPORTABLE = ["residents", "households", "houses", "places", "facilities", "sentiments"] as const;
export type Exportable = (typeof EXPORTABLE)[number];

export const jobIdSchema = z.object({ id: idSchema });
export const decideImportSchema = z.object({ id: idSchema, decision: z.enum(["valid", "nothing"]) });
export const exportSchema = z.discriminatedUnion("registry", [
  z.object({ registry: z.literal("residents"), filter: residentFilterSchema.omit({ cursor: true }) }),
  z.object({ registry: z.literal("households"), filter: householdFilterSchema.omit({ cursor: true }) }),
  z.object({ registry: z.literal("houses"), filter: houseFilterSchema.omit({ cursor: true }) }),
  z.object({ registry: z.literal("places"), filter: placeListSchema.omit({ cursor: true, sort: true }) }),
  z.object({ registry: z.literal("facilities"), filter: facilityListSchema.omit({ cursor: true }) }),
  z.object({ registry: z.literal("sentiments"), filter: sentimentListSchema.omit({ cursor: true }) }),
]);
export type ExportInput = z.output<typeof exportSchema>;

// --- move requests (a resident registered in a grid outside one's territory) ---

/** Ask for the record with this ID number to be moved into one of the viewer's grids. */
export const requestMoveSchema = z.object({
  idNumber: idNumberSchema,
  toGridId: gridIdSchema,
  note: z.string().trim().min(2, { message: "validation.peopleMoveNote" }).max(200),
});
export type RequestMoveInput = z.output<typeof requestMoveSchema>;

/** The holder's decision; a refusal says why. */
export const decideMoveSchema = z
  .object({
    id: idSchema,
    version: versionSchema,
    decision: z.enum(["approve", "refuse"]),
    reason: optionalText(200),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "refuse" && (!v.reason || v.reason.length < 2))
      ctx.addIssue({ code: "custom", message: "validation.peopleMoveReason", path: ["reason"] });
  });
export type DecideMoveInput = z.output<typeof decideMoveSchema>;

export const MOVE_BOXES = ["incoming", "outgoing"] as const;
export const MOVE_STATUSES = ["PENDING", "APPROVED", "REFUSED", "WITHDRAWN"] as const;

export const moveListSchema = z.object({
  /** incoming: requests for residents of the viewer's territory; outgoing: into its grids. */
  box: z.enum(MOVE_BOXES).catch("incoming"),
  /** pending (the default) or decided (approved, refused, withdrawn). */
  show: z.enum(["pending", "decided"]).catch("pending"),
  cursor: z.string().max(400).optional().catch(undefined),
});
export type MoveListQuery = z.output<typeof moveListSchema>;
