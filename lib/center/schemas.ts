import { z } from "zod";
import { normalizeIdNumber, parseIdNumber } from "@/lib/id-number";

// Inputs of the center module, shared by the forms and the server actions. Messages of our
// own rules are i18n keys under `validation.` in the common message files.

/** PostgreSQL text cannot hold NUL characters: refuse them up front. */
const noNul = (v: string) => !v.includes("\u0000");
const text = (max: number) => z.string().trim().max(max).refine(noNul, { message: "validation.centerBadText" });
const required = (max: number) => z.string().trim().min(1, { message: "validation.centerRequired" }).max(max).refine(noNul, { message: "validation.centerBadText" });
const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((v) => (v ? v : null));
const id = z.string().min(1).max(40).refine(noNul, { message: "validation.centerBadText" });
const version = z.number().int().min(1);
/** Per-user key of a create request: a double click or a retry creates one record. */
const requestKey = z.string().regex(/^[A-Za-z0-9_-]{8,56}$/);
/** An instant as ISO 8601 with an offset (the browser converts its local time). */
const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));
/** An instant that has happened (a little slack for clocks). */
const pastInstant = instant.refine((d) => d.getTime() <= Date.now() + 5 * 60_000, { message: "validation.centerFuture" });
const day = z.iso.date();
const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{0,20}$/, { message: "validation.centerPhone" })
  .nullish()
  .transform((v) => (v ? v : null));
const idNumber = z
  .string()
  .trim()
  .max(20)
  .nullish()
  .transform((v) => (v ? normalizeIdNumber(v) : null))
  .refine((v) => v === null || parseIdNumber(v).ok, { message: "validation.centerIdNumber" });

export const CHANNELS = ["WALK_IN", "PHONE", "LETTER", "ONLINE"] as const;
export const INTAKE_CHANNELS = ["WALK_IN", "PHONE", "LETTER"] as const;
export const MATTER_TYPES = ["CONSULTATION", "DISPUTE", "PETITION", "COMPLAINT", "REQUEST", "HAZARD"] as const;
export const HANDLINGS = ["ANSWERED", "LEGAL_CONSULTATION", "DISPUTE", "PETITION", "EVENT"] as const;
export const TOPICS = [
  "NEIGHBOUR",
  "MARRIAGE_FAMILY",
  "LAND_HOUSING",
  "LABOUR_WAGES",
  "PROPERTY_MANAGEMENT",
  "CONTRACT",
  "TRAFFIC",
  "MEDICAL",
  "SOCIAL_SECURITY",
  "ENVIRONMENT",
  "PUBLIC_SERVICE",
  "OTHER",
] as const;
export const RISKS = ["RED", "ORANGE", "YELLOW", "GREEN"] as const;
export const DISPUTE_SOURCES = ["INTAKE", "SCREENING", "REFERRAL"] as const;
export const REFERRALS = ["COURT", "ARBITRATION", "PETITIONS", "DISPATCH"] as const;
export const SATISFACTIONS = ["SATISFIED", "BASICALLY_SATISFIED", "UNSATISFIED"] as const;
export const MEETING_KINDS = ["CONSULTATION", "JOINT"] as const;
export const MEETING_CASE_KINDS = ["DISPUTE", "PETITION", "EVENT"] as const;
export const WHISTLE_CASE_KINDS = ["DISPUTE", "PETITION"] as const;
export const DEADLINE_UNITS = ["DAY", "WORKDAY", "HOUR", "WORKHOUR"] as const;
export const URGENCIES = ["NORMAL", "URGENT", "CRITICAL"] as const;

// --- visitors --------------------------------------------------------------------------

/** Who came: a resident of the registry, a visitor seen before, or someone new. */
export const visitorRefSchema = z.discriminatedUnion("source", [
  z.object({ source: z.literal("resident"), residentId: id }),
  z.object({ source: z.literal("visitor"), visitorId: id }),
  z.object({ source: z.literal("new"), name: required(64), phone, idNumber }),
]);
export type VisitorRef = z.output<typeof visitorRefSchema>;

export const visitorSearchSchema = z.object({ q: required(40) });
export const repeatCheckSchema = z.object({ visitor: visitorRefSchema, topic: z.enum(TOPICS) });

// --- a dispatch event made by the center -------------------------------------------------

export const eventFieldsSchema = z.object({
  categoryId: z.number().int().positive(),
  urgency: z.enum(URGENCIES),
  gridId: z.number().int().positive(),
});
export type EventFields = z.output<typeof eventFieldsSchema>;

// --- disputes --------------------------------------------------------------------------

export const partySchema = z
  .object({
    kind: z.enum(["PERSON", "ORGANISATION"], { message: "validation.centerPartyKind" }),
    visitor: visitorRefSchema.optional(),
    name: optionalText(100),
    occupation: optionalText(100),
    address: optionalText(200),
    phone,
    creditCode: z
      .string()
      .trim()
      .regex(/^[0-9A-Z]{18}$/, { message: "validation.centerCreditCode" })
      .nullish()
      .or(z.literal(""))
      .transform((v) => (v ? v : null)),
    representative: optionalText(64),
  })
  .superRefine((p, ctx) => {
    if (p.kind === "PERSON" && !p.visitor) ctx.addIssue({ code: "custom", path: ["visitor"], message: "validation.centerPartyPerson" });
    if (p.kind === "ORGANISATION" && !p.name) ctx.addIssue({ code: "custom", path: ["name"], message: "validation.centerPartyOrganisation" });
  });
export type PartyInput = z.output<typeof partySchema>;

const caseFields = {
  title: required(100),
  type: z.enum(TOPICS),
  facts: required(4000),
  amount: z.number().min(0).max(999_999_999_999).nullish().transform((v) => v ?? null),
  risk: z.enum(RISKS),
  riskReason: required(500),
  gridId: z.number().int().positive(),
};

export const disputeSchema = z.object({
  requestKey,
  ...caseFields,
  source: z.enum(DISPUTE_SOURCES),
  screeningId: id.nullish().transform((v) => v ?? null),
  referredBy: optionalText(100),
  registeredAt: pastInstant,
  parties: z.array(partySchema).min(2, { message: "validation.centerPartiesMin" }).max(20),
});
export type DisputeInput = z.output<typeof disputeSchema>;

const step = { id, version };

export const assignSchema = z.object({
  ...step,
  committeeId: z.number().int().positive().nullable(),
  /** A committee not on the list yet: created at the case's center. */
  newCommittee: optionalText(100),
  mediators: required(200),
});
export const sessionSchema = z.object({ ...step, heldAt: pastInstant, place: optionalText(100), present: required(500), notes: required(4000) });
export const agreementSchema = z.object({
  ...step,
  /** The parties who sign (ids of the case's parties). */
  partyIds: z.array(id).min(2, { message: "validation.centerAgreementParties" }).max(20),
  facts: required(4000),
  terms: required(4000),
  performance: required(1000),
  agreedAt: pastInstant,
  /** The parties ask for judicial confirmation (司法确认): its application is then tracked. */
  judicialRequested: z.boolean().default(false),
});
export const referSchema = z
  .object({
    ...step,
    referral: z.enum(REFERRALS),
    referralBody: optionalText(100),
    note: required(2000),
    requestKey: requestKey.optional(),
    event: eventFieldsSchema.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.referral === "DISPATCH" && (!r.event || !r.requestKey)) ctx.addIssue({ code: "custom", path: ["event"], message: "validation.centerEventNeeded" });
  });
export const scanSchema = z.object({
  id,
  files: z.array(z.custom<Blob>((v) => typeof Blob !== "undefined" && v instanceof Blob)).min(1, { message: "validation.centerScanNeeded" }).max(3),
});
export const followUpSchema = z.object({ ...step, visitedAt: pastInstant, fulfilled: z.boolean(), note: required(2000) });
export const judicialApplySchema = z.object({ ...step, appliedAt: pastInstant, court: required(100) });
export const judicialResultSchema = z.object({ ...step, result: z.enum(["CONFIRMED", "REJECTED"]), resultAt: pastInstant, note: optionalText(1000) });
export const riskSchema = z.object({ ...step, risk: z.enum(RISKS), reason: required(500) });
export const closeDisputeSchema = z.object({ ...step, note: optionalText(2000) });
export const screeningSchema = z.object({
  requestKey,
  gridId: z.number().int().positive(),
  /** A screening that has taken place: today (China time) at the latest. */
  screenedOn: day.refine((d) => d <= new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10), { message: "validation.centerFuture" }),
  findings: required(2000),
  found: z.number().int().min(0).max(999),
});

export type AssignInput = z.output<typeof assignSchema>;
export type SessionInput = z.output<typeof sessionSchema>;
export type AgreementInput = z.output<typeof agreementSchema>;
export type ReferInput = z.output<typeof referSchema>;
export type ScanInput = z.output<typeof scanSchema>;
export type FollowUpInput = z.output<typeof followUpSchema>;
export type JudicialApplyInput = z.output<typeof judicialApplySchema>;
export type JudicialResultInput = z.output<typeof judicialResultSchema>;
export type RiskInput = z.output<typeof riskSchema>;
export type CloseDisputeInput = z.output<typeof closeDisputeSchema>;
export type ScreeningInput = z.output<typeof screeningSchema>;

// --- petitions -------------------------------------------------------------------------

const petitionFields = {
  channel: z.enum(CHANNELS),
  topic: z.enum(TOPICS),
  title: required(100),
  matter: required(4000),
  headcount: z.number().int().min(1).max(9999),
  responsibleBody: required(100),
  responsibleDepartmentId: z.number().int().positive().nullish().transform((v) => v ?? null),
  gridId: z.number().int().positive().nullish().transform((v) => v ?? null),
};

export const petitionSchema = z.object({
  requestKey,
  ...petitionFields,
  registeredAt: pastInstant,
  petitioners: z.array(visitorRefSchema).min(1, { message: "validation.centerPetitionerNeeded" }).max(50),
});
export type PetitionInput = z.output<typeof petitionSchema>;

export const decideSchema = z
  .object({ ...step, accept: z.boolean(), decidedAt: pastInstant, reason: optionalText(1000) })
  .superRefine((d, ctx) => {
    if (!d.accept && !d.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "validation.centerReasonNeeded" });
  });
export const petitionDispatchSchema = z.object({ ...step, requestKey, ...eventFieldsSchema.shape });
export const extendSchema = z.object({ ...step, days: z.number().int().min(1).max(365), reason: required(1000) });
export const replySchema = z.object({ ...step, text: required(4000), repliedAt: pastInstant });
export const satisfactionSchema = z.object({ ...step, satisfaction: z.enum(SATISFACTIONS) });
export const reviewSchema = z.object({ ...step, reviewBody: required(100), requestedAt: pastInstant });
export const reviewResultSchema = z.object({ ...step, result: required(2000), reviewedAt: pastInstant });
export const closePetitionSchema = z.object(step);

export type DecideInput = z.output<typeof decideSchema>;
export type PetitionDispatchInput = z.output<typeof petitionDispatchSchema>;
export type ExtendInput = z.output<typeof extendSchema>;
export type ReplyInput = z.output<typeof replySchema>;
export type SatisfactionInput = z.output<typeof satisfactionSchema>;
export type ReviewInput = z.output<typeof reviewSchema>;
export type ReviewResultInput = z.output<typeof reviewResultSchema>;

// --- intake ----------------------------------------------------------------------------

export const intakeSchema = z
  .object({
    requestKey,
    visitor: visitorRefSchema,
    channel: z.enum(INTAKE_CHANNELS),
    matterType: z.enum(MATTER_TYPES),
    topic: z.enum(TOPICS),
    content: required(2000),
    receivedAt: pastInstant,
    handling: z.enum(HANDLINGS),
    answer: optionalText(2000),
    consultant: optionalText(64),
    /** handling DISPUTE: the case, the visitor being its first party. */
    dispute: z
      .object({ ...caseFields, otherParties: z.array(partySchema).min(1, { message: "validation.centerPartiesMin" }).max(19) })
      .optional(),
    /** handling PETITION. */
    petition: z.object({ title: required(100), headcount: z.number().int().min(1).max(9999), responsibleBody: required(100), responsibleDepartmentId: petitionFields.responsibleDepartmentId, gridId: petitionFields.gridId }).optional(),
    /** handling EVENT. */
    event: eventFieldsSchema.extend({ title: required(100) }).optional(),
  })
  .superRefine((v, ctx) => {
    const need = (path: string, ok: unknown, message = "validation.centerRequired") => {
      if (!ok) ctx.addIssue({ code: "custom", path: [path], message });
    };
    if (v.handling === "ANSWERED") need("answer", v.answer);
    if (v.handling === "LEGAL_CONSULTATION") {
      need("answer", v.answer);
      need("consultant", v.consultant);
    }
    if (v.handling === "DISPUTE") need("dispute", v.dispute, "validation.centerHandlingDetails");
    if (v.handling === "PETITION") need("petition", v.petition, "validation.centerHandlingDetails");
    if (v.handling === "EVENT") need("event", v.event, "validation.centerHandlingDetails");
  });
export type IntakeInput = z.output<typeof intakeSchema>;

// --- meetings and open days --------------------------------------------------------------

export const meetingSchema = z.object({
  requestKey,
  kind: z.enum(MEETING_KINDS),
  title: required(100),
  scheduledAt: instant,
  place: required(100),
  agenda: optionalText(2000),
  departmentIds: z.array(z.number().int().positive()).max(40),
  cases: z.array(z.object({ kind: z.enum(MEETING_CASE_KINDS), targetId: id })).max(50),
});
export type MeetingInput = z.output<typeof meetingSchema>;
export const minutesSchema = z.object({ ...step, minutes: required(4000) });
export const cancelMeetingSchema = z.object(step);
export const decisionSchema = z.object({
  meetingId: id,
  requestKey,
  text: required(2000),
  departmentId: z.number().int().positive().nullish().transform((v) => v ?? null),
  dueAt: instant.refine((d) => d.getTime() > Date.now(), { message: "validation.centerDueFuture" }),
  event: eventFieldsSchema,
});
export type DecisionInput = z.output<typeof decisionSchema>;

export const openDaySchema = z.object({
  requestKey,
  unitId: z.number().int().positive(),
  heldOn: instant,
  place: required(100),
  officials: required(500),
});
export type OpenDayInput = z.output<typeof openDaySchema>;
export const openDayHeldSchema = z.object({ ...step, residentsHeard: z.number().int().min(0).max(100_000), summary: optionalText(2000) });
export const problemSchema = z
  .object({
    openDayId: id,
    requestKey,
    content: required(2000),
    raisedBy: optionalText(64),
    record: z.enum(["SENTIMENT", "EVENT"]),
    gridId: z.number().int().positive(),
    residentId: id.nullish().transform((v) => v ?? null),
    sentimentKind: z.enum(["OPINION", "REQUEST", "SUGGESTION", "COMPLAINT"]).optional(),
    event: z.object({ categoryId: z.number().int().positive(), urgency: z.enum(URGENCIES), title: required(100) }).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.record === "SENTIMENT" && !p.sentimentKind) ctx.addIssue({ code: "custom", path: ["sentimentKind"], message: "validation.centerRequired" });
    if (p.record === "EVENT" && !p.event) ctx.addIssue({ code: "custom", path: ["event"], message: "validation.centerEventNeeded" });
  });
export type ProblemInput = z.output<typeof problemSchema>;

// --- the center itself -------------------------------------------------------------------

export const postSchema = z.object({
  unitId: z.number().int().positive(),
  departmentId: z.number().int().positive(),
  /** null takes the department off this center's list. */
  mode: z.enum(["PERMANENT", "ROTATING", "ON_CALL"]).nullable(),
  note: optionalText(200),
});
export type PostInput = z.output<typeof postSchema>;

export const whistleSchema = z.object({
  requestKey,
  departmentId: z.number().int().positive(),
  caseKind: z.enum(WHISTLE_CASE_KINDS),
  caseId: id,
  reason: required(1000),
});
export type WhistleInput = z.output<typeof whistleSchema>;
export const answerWhistleSchema = z.object({ ...step, note: required(2000) });
export type AnswerWhistleInput = z.output<typeof answerWhistleSchema>;

export const settingsSchema = z.object({
  /** 0 while the county still runs on the defaults. */
  version: z.number().int().min(0),
  acceptAmount: z.number().int().min(1).max(365),
  acceptUnit: z.enum(DEADLINE_UNITS),
  handleAmount: z.number().int().min(1).max(365),
  handleUnit: z.enum(DEADLINE_UNITS),
  extensionMaxDays: z.number().int().min(1).max(90),
  judicialDays: z.number().int().min(1).max(365),
  whistleAmount: z.number().int().min(1).max(240),
  whistleUnit: z.enum(DEADLINE_UNITS),
  nearDays: z.number().int().min(0).max(30),
});
export type SettingsInput = z.output<typeof settingsSchema>;

// --- list filters (from the address bar: never fail, fall back instead) ------------------

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional().catch(undefined);
export const disputeListSchema = z.object({
  status: optionalEnum(["REGISTERED", "MEDIATING", "AGREED", "REFERRED", "CLOSED", "OPEN"] as const),
  risk: optionalEnum(RISKS),
  type: optionalEnum(TOPICS),
  /** "pending": agreements awaiting the judicial confirmation their parties asked for. */
  judicial: optionalEnum(["pending"] as const),
  q: z.string().trim().max(40).refine(noNul).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});
export type DisputeListQuery = z.output<typeof disputeListSchema>;
export const petitionListSchema = z.object({
  status: optionalEnum(["REGISTERED", "NOT_ACCEPTED", "ACCEPTED", "HANDLING", "REPLIED", "REVIEW", "CLOSED", "OPEN"] as const),
  flag: optionalEnum(["joint", "repeat", "near", "overdue"] as const),
  q: z.string().trim().max(40).refine(noNul).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});
export type PetitionListQuery = z.output<typeof petitionListSchema>;
export const intakeListSchema = z.object({
  day: day.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});
export type IntakeListQuery = z.output<typeof intakeListSchema>;
export const reportQuerySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
  unitId: z.coerce.number().int().positive().optional().catch(undefined),
});
export type ReportQuery = z.output<typeof reportQuerySchema>;
