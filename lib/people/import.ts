import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, unlink } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { ethnicityCodeOf } from "@/lib/ethnicity";
import { asLocale, type Locale } from "@/lib/i18n/config";
import { currentLocale, translatorFor } from "@/lib/i18n/messages";
import { maskIdNumber, parseIdNumber } from "@/lib/id-number";
import { maskPhone } from "@/lib/phone";
import { writeAudit } from "@/lib/server/audit";
import { authorize, loadViewer, type Viewer } from "@/lib/server/auth";
import { encryptSecret, lookupHash } from "@/lib/server/crypto";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { attachStaged, deleteUnreferenced, releaseStaged, uploadDir, type StagedFile } from "@/lib/server/files";
import { enqueueJob, runClaimed, transitionJob, type ClaimedJob, type JobContext, type JobOutcome } from "@/lib/server/jobs";
import type { Tx } from "@/lib/server/prisma";
import { unitsWithin } from "@/lib/server/scope";
import { readSetting } from "@/lib/settings/store";
import { nextVisitDue } from "@/lib/visit-schedule";
import {
  FACILITY_COLUMNS,
  HOUSE_COLUMNS,
  headerIndex,
  PLACE_COLUMNS,
  lookupWord,
  RELATION_WORDS,
  RESIDENCE_WORDS,
  RESIDENT_COLUMNS,
  TENURE_WORDS,
  TIER_WORDS,
  USE_WORDS,
  yesNo,
  type ColumnSpec,
} from "./columns";
import { formatAddress, registeredHereFor, TIER_RANK } from "./rules";
import { houseImportRowSchema, residentImportRowSchema, type HouseImportRow, type Registry, type ResidentImportRow } from "./schemas";
import { insertMany, newId, type BulkColumn } from "./bulk";
import { classifyGridRows, commitGridRows, parseFacilityRow, parsePlaceRow, type FacilityRow, type GridRowKit, type PlaceRow } from "./import-grid";
import { ENTITY } from "./shared";
import { cellText, openWriter, readRows, sniffSpreadsheet, type Cell, type FileKind } from "./spreadsheet";

// Spreadsheet imports into the resident and house registries, and (rows in import-grid.ts)
// into places and objects.
//
// 1. Upload (receiveUpload): the file is streamed to disk with a byte limit (refused
//    before any parsing when too large), its real type checked and its header row read;
//    then it is stored and a Job created.
// 2. Check (phase "validate"): every row passes the form's zod rules plus the registry's
//    own (ID number registered elsewhere, duplicates within the file, unknown words). The
//    job then WAITS with a summary, the first errors and a downloadable error report.
// 3. The person decides: "import nothing" cancels (nothing is written), "import the valid
//    rows" queues phase "commit", which reads the file again, checks every row again and
//    inserts the valid new ones in batches (createMany). Rows whose ID number (residents)
//    or address and household number (houses) exist already are skipped, so importing
//    the same file twice changes nothing, and a batch retried after a crash neither.
// Up to INLINE_ROWS rows run inside the request; bigger files run on the job worker.

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const INLINE_ROWS = 10_000;
const BATCH = 2000;
/** Errors kept in the job for the screen; all of them go into the report file. */
const SHOWN_ERRORS = 100;

const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

interface ImportInput {
  registry: Registry;
  phase: "validate" | "commit";
  sha256: string;
  kind: FileKind;
  fileName: string;
  locale: Locale;
  ip: string;
  inline: boolean;
}

export interface RowError {
  line: number;
  column: string;
  message: string;
  value?: string;
}

export interface ImportSummary {
  phase: "validated" | "done";
  registry: Registry;
  fileName: string;
  total: number;
  valid: number;
  existing: number;
  invalid: number;
  errors: RowError[];
  created?: number;
  housesCreated?: number;
  householdsCreated?: number;
}

const ZOD_LOCALES = { "zh-CN": z.locales.zhCN, en: z.locales.en } as const;

const COLUMNS: Record<Registry, ColumnSpec[]> = { residents: RESIDENT_COLUMNS, houses: HOUSE_COLUMNS, places: PLACE_COLUMNS, facilities: FACILITY_COLUMNS };

function columnsOf(registry: Registry): ColumnSpec[] {
  return COLUMNS[registry];
}

const isGridRegistry = (r: Registry): r is "places" | "facilities" => r === "places" || r === "facilities";

// --- context: what every row is checked against ---

interface GridRef {
  id: number;
  code: string;
  villageName: string;
}

interface Ctx {
  viewer: Viewer;
  registry: Registry;
  t: ReturnType<typeof translatorFor>;
  zodError: z.core.$ZodErrorMap;
  grids: Map<number, GridRef>;
  gridByWord: Map<string, number | null>;
  defaultGridId: number | null;
  tagByWord: Map<string, { id: number; tier: "KEY" | "ORDINARY" | "REASSURED" }>;
  placeNames: Map<number, { name: string; level: string }>;
  index: Map<string, number>;
  /** Places and objects: each grid's boundary, for the map-point rule. */
  boundaries: Map<number, { name: string; boundary: Prisma.JsonValue }>;
  /** ID hash (residents) or address+household key (houses) → first line seen. */
  seen: Map<string, number>;
}

async function buildContext(viewer: Viewer, registry: Registry, locale: Locale, index: Map<string, number>): Promise<Ctx> {
  const [grids, tags, places] = await Promise.all([
    db.unit.findMany({
      where: { ...unitsWithin(viewer), level: "GRID", retiredAt: null },
      select: { id: true, code: true, name: true, parent: { select: { name: true } }, boundary: isGridRegistry(registry) },
    }),
    db.keyGroupTag.findMany({ where: { enabled: true }, select: { id: true, code: true, name: true, nameEn: true, visitTier: true } }),
    db.unit.findMany({ where: { level: { in: ["COUNTY", "TOWNSHIP"] } }, select: { id: true, name: true, level: true } }),
  ]);
  const gridByWord = new Map<string, number | null>();
  const addWord = (w: string, id: number) => gridByWord.set(w, gridByWord.has(w) && gridByWord.get(w) !== id ? null : id);
  const gridMap = new Map<number, GridRef>();
  for (const g of grids) {
    gridMap.set(g.id, { id: g.id, code: g.code, villageName: g.parent?.name ?? "" });
    gridByWord.set(g.code, g.id);
    // Names are accepted when they are unambiguous in the viewer's territory.
    addWord(g.name, g.id);
  }
  const tagByWord = new Map<string, { id: number; tier: "KEY" | "ORDINARY" | "REASSURED" }>();
  for (const tg of tags) for (const w of [tg.code, tg.name, tg.nameEn.toLowerCase()]) tagByWord.set(w, { id: tg.id, tier: tg.visitTier });
  return {
    viewer,
    registry,
    t: translatorFor(locale),
    zodError: ZOD_LOCALES[locale]().localeError,
    grids: gridMap,
    gridByWord,
    defaultGridId: grids.length === 1 ? grids[0].id : null,
    tagByWord,
    placeNames: new Map(places.map((p) => [p.id, { name: p.name, level: p.level }])),
    index,
    boundaries: new Map(isGridRegistry(registry) ? grids.map((g) => [g.id, { name: g.name, boundary: g.boundary ?? null }]) : []),
    seen: new Map(),
  };
}

/** The row helpers import-grid.ts parses places and objects with. */
function gridKit(ctx: Ctx): GridRowKit {
  return {
    index: ctx.index,
    zodError: ctx.zodError,
    boundaries: ctx.boundaries,
    err: (line, column, key, values, value) => err(ctx, line, column, key, values, value),
    zodErrors: (line, error, cells) => zodErrors(ctx, line, error, cells),
    resolveGrid: (line, text, errors) => resolveGrid(ctx, line, text, errors),
  };
}

// --- reading and checking rows ---

type Candidate<T> = { line: number; row: T; key: string; raw: Cell[] };
type Parsed<T> = { ok: Candidate<T> } | { errors: RowError[] };

function label(ctx: Ctx, key: string): string {
  return columnsOf(ctx.registry).some((c) => c.key === key) ? ctx.t(`people.columns.${key}` as never) : key;
}

function err(ctx: Ctx, line: number, column: string, key: string, values: Record<string, string | number> = {}, value?: string): RowError {
  return { line, column: label(ctx, column), message: ctx.t(`people.importErrors.${key}` as never, values as never), value };
}

function zodErrors(ctx: Ctx, line: number, error: z.ZodError, cells: (k: string) => string): RowError[] {
  const out: RowError[] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "");
    const column = field === "gridId" ? "gridCode" : field;
    const message = issue.message.startsWith("validation.") && ctx.t.has(issue.message as never) ? ctx.t(issue.message as never) : issue.message;
    if (!out.some((e) => e.column === label(ctx, column))) out.push({ line, column: label(ctx, column), message, value: cells(column) || undefined });
  }
  return out;
}

function resolveGrid(ctx: Ctx, line: number, text: string, errors: RowError[]): number {
  if (!text) {
    if (ctx.defaultGridId) return ctx.defaultGridId;
    errors.push(err(ctx, line, "gridCode", "gridRequired"));
    return 0;
  }
  const id = ctx.gridByWord.get(text);
  if (!id) {
    errors.push(err(ctx, line, "gridCode", "gridUnknown", { value: text }, text));
    return 0;
  }
  return id;
}

function parseResidentRow(ctx: Ctx, line: number, cells: Cell[]): Parsed<ResidentImportRow & { tagTier: "KEY" | "ORDINARY" | "REASSURED" | null }> {
  const raw = (k: string) => (ctx.index.has(k) ? cells[ctx.index.get(k)!] : null);
  const text = (k: string) => cellText(raw(k));
  const errors: RowError[] = [];
  const gridId = resolveGrid(ctx, line, text("gridCode"), errors);

  const idCell = raw("idNumber");
  if (typeof idCell === "number") errors.push(err(ctx, line, "idNumber", "idAsNumber", {}, text("idNumber")));
  const ethnicityText = text("ethnicity");
  const ethnicity = ethnicityText ? ethnicityCodeOf(ethnicityText) : "";
  if (ethnicity === null) errors.push(err(ctx, line, "ethnicity", "ethnicityUnknown", { value: ethnicityText }, ethnicityText));
  const residenceText = text("residenceType");
  const residenceType = lookupWord(RESIDENCE_WORDS, residenceText);
  if (!residenceType) errors.push(err(ctx, line, "residenceType", "residenceTypeUnknown", { value: residenceText }, residenceText));
  const livesText = text("livesHere");
  const livesHere = yesNo(livesText, true);
  if (livesHere === null) errors.push(err(ctx, line, "livesHere", "yesNo", { value: livesText }, livesText));
  const relationText = text("relationToHead");
  const relationToHead = relationText ? lookupWord(RELATION_WORDS, relationText) : null;
  if (relationText && !relationToHead) errors.push(err(ctx, line, "relationToHead", "relationUnknown", { value: relationText }, relationText));
  const careText = text("careLevel");
  const careLevel = careText ? Number(careText) : 1;
  if (![1, 2, 3].includes(careLevel)) errors.push(err(ctx, line, "careLevel", "careLevel", {}, careText));
  const tags: { tagId: number; careLevel: number }[] = [];
  let tagTier: "KEY" | "ORDINARY" | "REASSURED" | null = null;
  for (const word of text("tags").split(/[、,，;；\s]+/).filter(Boolean)) {
    const tag = ctx.tagByWord.get(word) ?? ctx.tagByWord.get(word.toLowerCase());
    if (!tag) {
      errors.push(err(ctx, line, "tags", "tagUnknown", { value: word }, word));
      continue;
    }
    if (!tags.some((x) => x.tagId === tag.id)) tags.push({ tagId: tag.id, careLevel: [1, 2, 3].includes(careLevel) ? careLevel : 1 });
    if (!tagTier || TIER_RANK[tag.tier] < TIER_RANK[tagTier]) tagTier = tag.tier;
  }

  const parsed = residentImportRowSchema.safeParse(
    {
      gridId: gridId || 1,
      name: text("name"),
      idNumber: typeof idCell === "number" ? "" : text("idNumber"),
      ethnicity: ethnicity ?? "",
      phone: text("phone") || null,
      relationToHead,
      residenceType: residenceType ?? "REGISTERED",
      livesHere: livesHere ?? true,
      employment: text("employment") || null,
      tags,
      building: text("building"),
      unitNo: text("unitNo"),
      room: text("room"),
      householdNo: text("householdNo"),
    },
    { error: ctx.zodError },
  );
  if (!parsed.success) {
    for (const e of zodErrors(ctx, line, parsed.error, text)) {
      // Already reported in words of our own.
      if (e.column === label(ctx, "idNumber") && typeof idCell === "number") continue;
      if (e.column === label(ctx, "ethnicity") && ethnicity === null) continue;
      errors.push(e);
    }
  }
  if (errors.length || !parsed.success) return { errors };
  return { ok: { line, row: { ...parsed.data, gridId, tagTier }, key: lookupHash(parsed.data.idNumber), raw: cells } };
}

function parseHouseRow(ctx: Ctx, line: number, cells: Cell[]): Parsed<HouseImportRow> {
  const raw = (k: string) => (ctx.index.has(k) ? cells[ctx.index.get(k)!] : null);
  const text = (k: string) => cellText(raw(k));
  const errors: RowError[] = [];
  const gridId = resolveGrid(ctx, line, text("gridCode"), errors);
  const word = <T extends string>(key: string, map: Map<string, T>, dflt: T, errKey: string): T => {
    const v = text(key);
    if (!v) return dflt;
    const found = lookupWord(map, v);
    if (!found) errors.push(err(ctx, line, key, errKey, { value: v }, v));
    return found ?? dflt;
  };
  const use = word("use", USE_WORDS, "RESIDENTIAL", "useUnknown");
  const tenure = word("tenure", TENURE_WORDS, "OWNER_OCCUPIED", "tenureUnknown");
  const visitTier = word("visitTier", TIER_WORDS, "ORDINARY", "tierUnknown");
  const permittedText = text("permittedOccupants");
  const permitted = permittedText ? Number(permittedText) : null;
  if (permittedText && !Number.isInteger(permitted)) errors.push(err(ctx, line, "permittedOccupants", "number", { value: permittedText }, permittedText));
  const parsed = houseImportRowSchema.safeParse(
    {
      gridId: gridId || 1,
      building: text("building"),
      unitNo: text("unitNo"),
      room: text("room"),
      use,
      tenure,
      landlordName: text("landlordName") || null,
      landlordPhone: text("landlordPhone") || null,
      permittedOccupants: Number.isInteger(permitted) ? permitted : null,
      lat: null,
      lng: null,
      householdNo: text("householdNo") || null,
      visitTier,
    },
    { error: ctx.zodError },
  );
  if (!parsed.success) errors.push(...zodErrors(ctx, line, parsed.error, text));
  if (errors.length || !parsed.success) return { errors };
  const d = parsed.data;
  return { ok: { line, row: { ...d, gridId }, key: `${gridId}|${d.building}|${d.unitNo}|${d.room}|${d.householdNo ?? ""}`, raw: cells } };
}

const addressKey = (r: { gridId: number; building: string; unitNo: string; room: string }) => `${r.gridId}|${r.building}|${r.unitNo}|${r.room}`;

/**
 * Sorts a batch of well-formed rows into new, already registered (skipped) and refused,
 * against the database and the rows before them in the file.
 */
async function classify<T>(ctx: Ctx, batch: Candidate<T>[]): Promise<{ fresh: Candidate<T>[]; existing: number; errors: RowError[] }> {
  const errors: RowError[] = [];
  const unique: Candidate<T>[] = [];
  for (const c of batch) {
    const first = ctx.seen.get(c.key);
    if (first !== undefined) {
      const column = { residents: "idNumber", houses: "building", places: "placeName", facilities: "facilityName" }[ctx.registry];
      const key = { residents: "duplicateInFile", houses: "duplicateAddressInFile", places: "duplicateRecordInFile", facilities: "duplicateRecordInFile" }[ctx.registry];
      errors.push(err(ctx, c.line, column, key, { line: first }));
      continue;
    }
    ctx.seen.set(c.key, c.line);
    unique.push(c);
  }
  if (isGridRegistry(ctx.registry)) {
    const sorted = await classifyGridRows(db, ctx.registry, unique as unknown as Candidate<PlaceRow | FacilityRow>[]);
    return { fresh: sorted.fresh as unknown as Candidate<T>[], existing: sorted.existing, errors };
  }
  if (ctx.registry === "residents") {
    const found = await db.resident.findMany({
      where: { idHash: { in: unique.map((c) => c.key) } },
      select: { idHash: true, deletedAt: true, grid: { select: { pathIds: true } } },
    });
    const byHash = new Map(found.map((f) => [f.idHash, f]));
    const fresh: Candidate<T>[] = [];
    let existing = 0;
    for (const c of unique) {
      const f = byHash.get(c.key);
      if (!f) fresh.push(c);
      else if (!f.grid.pathIds.includes(ctx.viewer.unitId)) {
        const place = f.grid.pathIds.map((id) => ctx.placeNames.get(id)?.name).filter(Boolean).join(" ");
        errors.push(err(ctx, c.line, "idNumber", "elsewhere", { place }));
      } else if (f.deletedAt) errors.push(err(ctx, c.line, "idNumber", "existsDeleted"));
      else existing++;
    }
    return { fresh, existing, errors };
  }
  // Houses: a row is "existing" when its house exists and so does its household (if any).
  const rows = unique as unknown as Candidate<HouseImportRow>[];
  const houses = await db.house.findMany({
    where: { gridId: { in: [...new Set(rows.map((r) => r.row.gridId))] }, building: { in: [...new Set(rows.map((r) => r.row.building))] } },
    select: { id: true, gridId: true, building: true, unitNo: true, room: true, deletedAt: true },
  });
  const houseByKey = new Map(houses.map((h) => [addressKey(h), h]));
  const households = await db.household.findMany({
    where: { houseId: { in: houses.map((h) => h.id) }, deletedAt: null, householdNo: { not: null } },
    select: { houseId: true, householdNo: true },
  });
  const hhKeys = new Set(households.map((h) => `${h.houseId}|${h.householdNo}`));
  const fresh: Candidate<T>[] = [];
  let existing = 0;
  for (const c of rows) {
    const house = houseByKey.get(addressKey(c.row));
    if (house?.deletedAt) errors.push(err(ctx, c.line, "building", "houseDeleted"));
    else if (house && (!c.row.householdNo || hhKeys.has(`${house.id}|${c.row.householdNo}`))) existing++;
    else fresh.push(c as unknown as Candidate<T>);
  }
  return { fresh, existing, errors };
}

/** Reads the file in batches of well-formed rows, reporting malformed ones as it goes. */
async function* batches(ctx: Ctx, file: string, kind: FileKind, onErrors: (e: RowError[]) => void, onLine: () => Promise<void>) {
  const kit = isGridRegistry(ctx.registry) ? gridKit(ctx) : null;
  let header = true;
  let batch: Candidate<unknown>[] = [];
  const rows = readRows(file, kind)[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<{ line: number; cells: Cell[] }>;
      try {
        next = await rows.next();
      } catch {
        // A file that passed the header check can still be broken further in.
        throw new AppError("VALIDATION", { key: "peopleFileUnreadable" });
      }
      if (next.done) break;
      const { line, cells } = next.value;
      if (cells.every((c) => cellText(c) === "")) continue;
      if (header) {
        header = false;
        continue;
      }
      const parsed =
        ctx.registry === "residents"
          ? parseResidentRow(ctx, line, cells)
          : ctx.registry === "houses"
            ? parseHouseRow(ctx, line, cells)
            : ctx.registry === "places"
              ? parsePlaceRow(kit!, line, cells)
              : parseFacilityRow(kit!, line, cells);
      if ("errors" in parsed) onErrors(parsed.errors);
      else batch.push(parsed.ok as Candidate<unknown>);
      await onLine();
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
  } finally {
    await rows.return?.(undefined).catch(() => undefined);
  }
  if (batch.length) yield batch;
}

// --- writing ---

const HOUSE_COLUMNS_SQL: BulkColumn[] = [
  { name: "id", type: "text" },
  { name: "gridId", type: "int4" },
  { name: "building", type: "text" },
  { name: "unitNo", type: "text" },
  { name: "room", type: "text" },
  { name: "address", type: "text" },
  { name: "use", type: "text", cast: "HouseUse" },
  { name: "tenure", type: "text", cast: "HouseTenure" },
  { name: "landlordName", type: "text" },
  { name: "landlordPhone", type: "text" },
  { name: "permittedOccupants", type: "int4" },
  { name: "createdById", type: "text" },
  { name: "createdAt", type: "timestamp(3)" },
  { name: "updatedAt", type: "timestamp(3)" },
];

const HOUSEHOLD_COLUMNS_SQL: BulkColumn[] = [
  { name: "id", type: "text" },
  { name: "gridId", type: "int4" },
  { name: "houseId", type: "text" },
  { name: "householdNo", type: "text" },
  { name: "visitTier", type: "text", cast: "VisitTier" },
  { name: "nextVisitDue", type: "timestamp(3)" },
  { name: "createdById", type: "text" },
  { name: "createdAt", type: "timestamp(3)" },
  { name: "updatedAt", type: "timestamp(3)" },
];

const RESIDENT_COLUMNS_SQL: BulkColumn[] = [
  { name: "id", type: "text" },
  { name: "gridId", type: "int4" },
  { name: "householdId", type: "text" },
  { name: "relationToHead", type: "text", cast: "HouseholdRelation" },
  { name: "houseId", type: "text" },
  { name: "name", type: "text" },
  { name: "idCipher", type: "text" },
  { name: "idHash", type: "text" },
  { name: "idMasked", type: "text" },
  { name: "birthDate", type: "date" },
  { name: "sex", type: "text", cast: "Sex" },
  { name: "ethnicity", type: "text" },
  { name: "phone", type: "text" },
  { name: "phoneMasked", type: "text" },
  { name: "residenceType", type: "text", cast: "ResidenceType" },
  { name: "registeredHere", type: "bool" },
  { name: "livesHere", type: "bool" },
  { name: "employment", type: "text" },
  { name: "createdById", type: "text" },
  { name: "createdAt", type: "timestamp(3)" },
  { name: "updatedAt", type: "timestamp(3)" },
];

type Tier = "KEY" | "ORDINARY" | "REASSURED";

async function commitResidents(tx: Tx, ctx: Ctx, rows: Candidate<ResidentImportRow & { tagTier: Tier | null }>[]) {
  const actor = ctx.viewer.id;
  const now = new Date();
  const intervals = await readSetting(tx, "visits.intervals");
  const { ids: houseIds } = await ensureHouses(
    tx,
    ctx,
    rows.filter((r) => r.row.building).map((r) => ({ gridId: r.row.gridId, building: r.row.building, unitNo: r.row.unitNo, room: r.row.room })),
  );
  const hhWanted = new Map<string, { gridId: number; houseId: string; householdNo: string; tier: Tier }>();
  for (const r of rows) {
    if (!r.row.householdNo) continue;
    const houseId = houseIds.get(addressKey(r.row));
    if (!houseId) continue;
    const k = `${houseId}|${r.row.householdNo}`;
    const cur = hhWanted.get(k) ?? { gridId: r.row.gridId, houseId, householdNo: r.row.householdNo, tier: "ORDINARY" as Tier };
    if (r.row.tagTier && TIER_RANK[r.row.tagTier] < TIER_RANK[cur.tier]) cur.tier = r.row.tagTier;
    hhWanted.set(k, cur);
  }
  let householdIds = new Map<string, string>();
  let householdsCreated = 0;
  if (hhWanted.size) {
    const created = await insertMany<{ id: string; gridId: number }>(
      tx,
      "Household",
      HOUSEHOLD_COLUMNS_SQL,
      [...hhWanted.values()].map((h) => [newId(), h.gridId, h.houseId, h.householdNo, h.tier, nextVisitDue(h.tier, null, now, intervals), actor, now, now]),
      ["id", "gridId"],
    );
    householdsCreated = created.length;
    await historyRows(tx, ENTITY.household, created, actor);
    const found = await tx.household.findMany({
      where: { houseId: { in: [...new Set([...hhWanted.values()].map((h) => h.houseId))] }, householdNo: { in: [...new Set([...hhWanted.values()].map((h) => h.householdNo))] }, deletedAt: null },
      select: { id: true, houseId: true, householdNo: true, visitTier: true, lastVisitAt: true, createdAt: true },
    });
    householdIds = new Map(found.map((h) => [`${h.houseId}|${h.householdNo}`, h.id]));
    // Existing households that gain a member of a key group are visited as often as that member needs.
    for (const h of found) {
      const want = hhWanted.get(`${h.houseId}|${h.householdNo}`);
      if (want && TIER_RANK[want.tier] < TIER_RANK[h.visitTier])
        await tx.household.update({ where: { id: h.id }, data: { visitTier: want.tier, nextVisitDue: nextVisitDue(want.tier, h.lastVisitAt, h.createdAt, intervals) } });
    }
  }
  const data = rows.map(({ row: r }) => {
    const parsed = parseIdNumber(r.idNumber);
    if (!parsed.ok) throw new Error("unreachable: row passed validation");
    const houseId = r.building ? (houseIds.get(addressKey(r)) ?? null) : null;
    const householdId = r.householdNo && houseId ? (householdIds.get(`${houseId}|${r.householdNo}`) ?? null) : null;
    return [
      newId(), r.gridId, householdId, householdId ? r.relationToHead : null, houseId, r.name, encryptSecret(r.idNumber), lookupHash(r.idNumber),
      maskIdNumber(r.idNumber), parsed.birthDate, parsed.sex, r.ethnicity, r.phone, r.phone ? maskPhone(r.phone) : null, r.residenceType,
      registeredHereFor(r.residenceType), r.livesHere, r.employment, actor, now, now,
    ];
  });
  // ON CONFLICT DO NOTHING: an ID number registered meanwhile (another import, a form) is skipped, not an error.
  const created = await insertMany<{ id: string; idHash: string; gridId: number }>(tx, "Resident", RESIDENT_COLUMNS_SQL, data, ["id", "idHash", "gridId"]);
  const tagsByHash = new Map(rows.map((r) => [r.key, r.row.tags]));
  const tagRows = created.flatMap((c) => (tagsByHash.get(c.idHash) ?? []).map((t) => [c.id, t.tagId, t.careLevel, now]));
  await insertMany(tx, "ResidentTag", [
    { name: "residentId", type: "text" },
    { name: "tagId", type: "int4" },
    { name: "careLevel", type: "int4" },
    { name: "createdAt", type: "timestamp(3)" },
  ], tagRows);
  await historyRows(tx, ENTITY.resident, created, actor);
  return { created: created.length, skipped: rows.length - created.length, householdsCreated };
}

/** Finds or creates the houses at these addresses; returns address key → house id. */
async function ensureHouses(
  tx: Tx,
  ctx: Ctx,
  wanted: { gridId: number; building: string; unitNo: string; room: string; extra?: HouseExtra }[],
): Promise<{ ids: Map<string, string>; created: number }> {
  const distinct = new Map(wanted.map((w) => [addressKey(w), w]));
  if (!distinct.size) return { ids: new Map(), created: 0 };
  const now = new Date();
  const created = await insertMany<{ id: string; gridId: number }>(
    tx,
    "House",
    HOUSE_COLUMNS_SQL,
    [...distinct.values()].map((w) => [
      newId(), w.gridId, w.building, w.unitNo, w.room, formatAddress(ctx.grids.get(w.gridId)?.villageName ?? "", w.building, w.unitNo, w.room),
      w.extra?.use ?? "RESIDENTIAL", w.extra?.tenure ?? "OWNER_OCCUPIED", w.extra?.landlordName ?? null, w.extra?.landlordPhone ?? null,
      w.extra?.permittedOccupants ?? null, ctx.viewer.id, now, now,
    ]),
    ["id", "gridId"],
  );
  await historyRows(tx, ENTITY.house, created, ctx.viewer.id);
  const found = await tx.house.findMany({
    where: { gridId: { in: [...new Set(wanted.map((w) => w.gridId))] }, building: { in: [...new Set(wanted.map((w) => w.building))] }, room: { in: [...new Set(wanted.map((w) => w.room))] }, deletedAt: null },
    select: { id: true, gridId: true, building: true, unitNo: true, room: true },
  });
  const ids = new Map<string, string>();
  for (const h of found) if (distinct.has(addressKey(h))) ids.set(addressKey(h), h.id);
  return { ids, created: created.length };
}

interface HouseExtra {
  use: string;
  tenure: string;
  landlordName: string | null;
  landlordPhone: string | null;
  permittedOccupants: number | null;
}

async function historyRows(tx: Tx, entityType: string, created: { id: string; gridId: number }[], actorId: string) {
  await insertMany(tx, "RecordHistory", [
    { name: "entityType", type: "text" },
    { name: "entityId", type: "text" },
    { name: "action", type: "text" },
    { name: "gridId", type: "int4" },
    { name: "actorId", type: "text" },
    { name: "reason", type: "text" },
  ], created.map((c) => [entityType, c.id, "CREATE", c.gridId, actorId, "import"]));
}

async function commitHouses(tx: Tx, ctx: Ctx, rows: Candidate<HouseImportRow>[]) {
  const now = new Date();
  const intervals = await readSetting(tx, "visits.intervals");
  const { ids: houseIds, created: housesCreated } = await ensureHouses(
    tx,
    ctx,
    rows.map(({ row: r }) => ({
      gridId: r.gridId, building: r.building, unitNo: r.unitNo, room: r.room,
      extra: { use: r.use, tenure: r.tenure, landlordName: r.landlordName, landlordPhone: r.landlordPhone, permittedOccupants: r.permittedOccupants },
    })),
  );
  const hh = rows.filter((r) => r.row.householdNo && houseIds.has(addressKey(r.row)));
  const created = await insertMany<{ id: string; gridId: number }>(
    tx,
    "Household",
    HOUSEHOLD_COLUMNS_SQL,
    hh.map(({ row: r }) => [newId(), r.gridId, houseIds.get(addressKey(r))!, r.householdNo, r.visitTier, nextVisitDue(r.visitTier, null, now, intervals), ctx.viewer.id, now, now]),
    ["id", "gridId"],
  );
  await historyRows(tx, ENTITY.household, created, ctx.viewer.id);
  return { housesCreated, householdsCreated: created.length };
}

// --- the job ---

async function viewerOf(job: ClaimedJob, ip: string): Promise<Viewer> {
  const user = await db.user.findUnique({ where: { id: job.createdById }, select: { sessionVersion: true } });
  const viewer = user ? await loadViewer(job.createdById, user.sessionVersion, ip) : null;
  // A user disabled (or moved) since uploading no longer acts through their old job.
  if (!viewer) throw new AppError("FORBIDDEN");
  return viewer;
}

class InlineLimit extends Error {}

export async function runImportJob(job: ClaimedJob, jobCtx: JobContext): Promise<JobOutcome> {
  const input = job.input as unknown as ImportInput;
  const viewer = await viewerOf(job, input.ip);
  await authorize(viewer, "people.import");
  const file = storedFile(input.sha256);
  const header = await readHeader(file, input.kind);
  if (!header) throw new AppError("VALIDATION", { key: "peopleFileUnreadable" });
  const ctx = await buildContext(viewer, input.registry, input.locale, headerIndex(columnsOf(input.registry), header));
  const prior = (await db.job.findUnique({ where: { id: job.id }, select: { total: true } }))?.total ?? 0;

  const errors: RowError[] = [];
  let total = 0;
  let valid = 0;
  let existing = 0;
  let created = 0;
  let housesCreated = 0;
  let householdsCreated = 0;
  const onLine = async () => {
    total++;
    if (input.inline && input.phase === "validate" && total > INLINE_ROWS) throw new InlineLimit();
    if (total % 500 === 0) await jobCtx.progress(total, input.phase === "commit" ? prior : undefined);
  };
  try {
    for await (const batch of batches(ctx, file, input.kind, (e) => errors.push(...e), onLine)) {
      const sorted = await classify(ctx, batch);
      errors.push(...sorted.errors);
      existing += sorted.existing;
      valid += sorted.fresh.length;
      if (input.phase === "commit" && sorted.fresh.length) {
        const done = await db.$transaction(
          (tx) =>
            ctx.registry === "residents"
              ? commitResidents(tx, ctx, sorted.fresh as Parameters<typeof commitResidents>[2]).then((r) => ({ ...r, housesCreated: 0 }))
              : ctx.registry === "houses"
                ? commitHouses(tx, ctx, sorted.fresh as Candidate<HouseImportRow>[]).then((r) => ({ ...r, created: 0, skipped: 0 }))
                : commitGridRows(tx, ctx.registry, sorted.fresh as Candidate<PlaceRow | FacilityRow>[], ctx.viewer.id).then((r) => ({ ...r, housesCreated: 0, householdsCreated: 0 })),
          { timeout: 120_000, maxWait: 30_000 },
        );
        created += done.created;
        existing += done.skipped;
        housesCreated += done.housesCreated;
        householdsCreated += done.householdsCreated;
      }
    }
  } catch (e) {
    if (e instanceof InlineLimit) return { status: "QUEUED", input: { ...input, inline: false } as unknown as Prisma.InputJsonValue };
    throw e;
  }
  errors.sort((a, b) => a.line - b.line);
  const invalidLines = new Set(errors.map((e) => e.line)).size;
  await jobCtx.progress(total, total);

  const summary: ImportSummary = {
    phase: input.phase === "validate" ? "validated" : "done",
    registry: input.registry,
    fileName: input.fileName,
    total,
    valid,
    existing,
    invalid: invalidLines,
    errors: errors.slice(0, SHOWN_ERRORS),
  };
  if (input.phase === "validate") {
    const fileId = errors.length ? await writeErrorReport(job, ctx, errors) : null;
    return { status: "WAITING", result: summary as unknown as Prisma.InputJsonValue, fileId };
  }
  summary.created = created;
  summary.housesCreated = housesCreated;
  summary.householdsCreated = householdsCreated;
  await writeAudit(db, {
    action: "people.import",
    result: "success",
    userId: viewer.id,
    username: viewer.username,
    role: viewer.role,
    ip: input.ip,
    targetType: "job",
    targetId: job.id,
    details: { registry: input.registry, fileName: input.fileName, total, created, housesCreated, householdsCreated, existing, invalid: invalidLines },
  });
  await dropSource(job.id);
  const report = await db.job.findUnique({ where: { id: job.id }, select: { fileId: true } });
  return { status: "DONE", result: summary as unknown as Prisma.InputJsonValue, fileId: report?.fileId ?? null };
}

// --- files ---

function storedFile(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error("bad hash");
  return path.join(uploadDir(), sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** The first non-empty row, or null when the file is no readable spreadsheet. */
async function readHeader(file: string, kind: FileKind): Promise<string[] | null> {
  try {
    for await (const { cells } of readRows(file, kind)) {
      const texts = cells.map((c) => cellText(c));
      if (texts.some(Boolean)) return texts;
    }
    return [];
  } catch {
    return null;
  }
}

async function stageStream(body: ReadableStream<Uint8Array>, fileName: string, mimeType: string): Promise<StagedFile> {
  const dir = path.join(uploadDir(), "tmp");
  await mkdir(dir, { recursive: true });
  const tempPath = path.join(dir, `${Date.now()}-${randomBytes(8).toString("hex")}.part`);
  const hash = createHash("sha256");
  let size = 0;
  const reader = body.getReader();
  const out = createWriteStream(tempPath, { mode: 0o640, flags: "wx" });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_IMPORT_BYTES) {
        // Stop reading at the limit: the rest of a huge upload is never taken in.
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      hash.update(value);
      if (!out.write(value)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  } catch (e) {
    out.destroy();
    await unlink(tempPath).catch(() => undefined);
    throw e;
  }
  return { sha256: hash.digest("hex"), size, mimeType, fileName, tempPath };
}

async function stageFile(file: string, fileName: string, mimeType: string): Promise<StagedFile> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest("hex"), size, mimeType, fileName, tempPath: file };
}

function tooLarge() {
  return new AppError("PAYLOAD_TOO_LARGE", { key: "peopleFileTooLarge", values: { mb: MAX_IMPORT_BYTES / 1024 / 1024 } });
}

async function writeErrorReport(job: ClaimedJob, ctx: Ctx, errors: RowError[]): Promise<string> {
  const dir = path.join(uploadDir(), "tmp");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${Date.now()}-${randomBytes(8).toString("hex")}.xlsx`);
  const w = openWriter(file);
  const sheet = w.sheet({
    name: ctx.t("people.importErrors.message" as never),
    columns: [
      { header: ctx.t("people.imports.errorLine" as never, { line: "" } as never).trim(), width: 10 },
      { header: ctx.t("people.importErrors.column" as never), width: 16 },
      { header: ctx.t("people.importErrors.value" as never), width: 24 },
      { header: ctx.t("people.importErrors.message" as never), width: 60 },
    ],
  });
  for (const e of errors) sheet.add([e.line, e.column, e.value ?? "", e.message]);
  await sheet.done();
  await w.close();
  const staged = await stageFile(file, `errors-${job.id}.xlsx`, XLSX_MIME);
  let committed = false;
  try {
    const [att] = await db.$transaction((tx) => attachStaged(tx, [staged], { ownerType: "job", ownerId: job.id }, job.createdById));
    committed = true;
    return att.id;
  } finally {
    await releaseStaged([staged], committed);
  }
}

/** The uploaded source holds personal data: it is kept only until the import is decided. */
async function dropSource(jobId: string) {
  const rows = await db.attachment.findMany({ where: { ownerType: "people-import", ownerId: jobId }, select: { sha256: true } });
  await db.attachment.deleteMany({ where: { ownerType: "people-import", ownerId: jobId } });
  await deleteUnreferenced(rows.map((r) => r.sha256));
}

// --- entry points for actions and route handlers ---

/**
 * Takes an uploaded spreadsheet: refuses it before parsing when it is too large or not a
 * spreadsheet, stores it, creates the import job and checks it right away when it is
 * small (the job worker checks bigger files). Nothing is written to the registry here.
 */
export async function receiveUpload(
  viewer: Viewer,
  input: { registry: Registry; fileName: string; size: number | null; body: ReadableStream<Uint8Array> | null },
): Promise<{ id: string }> {
  await authorize(viewer, "people.import");
  if (input.size != null && input.size > MAX_IMPORT_BYTES) throw tooLarge();
  const ext = /\.(xlsx|csv)$/i.exec(input.fileName.trim())?.[1]?.toLowerCase() as FileKind | undefined;
  if (!ext) throw new AppError("VALIDATION", { key: "peopleFileType" });
  if (!input.body) throw new AppError("VALIDATION", { key: "peopleFileEmpty" });
  const staged = await stageStream(input.body, input.fileName.replace(/[\\/\u0000-\u001f]/g, "").slice(-120), ext === "xlsx" ? XLSX_MIME : "text/csv");
  let committed = false;
  try {
    if (staged.size === 0) throw new AppError("VALIDATION", { key: "peopleFileEmpty" });
    const kind = await sniffSpreadsheet(staged.tempPath);
    if (kind !== ext) throw new AppError("VALIDATION", { key: "peopleFileUnreadable" });
    const header = await readHeader(staged.tempPath, kind);
    if (header === null) throw new AppError("VALIDATION", { key: "peopleFileUnreadable" });
    if (!header.length) throw new AppError("VALIDATION", { key: "peopleFileEmpty" });
    const columns = columnsOf(input.registry);
    const index = headerIndex(columns, header);
    const locale = await currentLocale();
    const t = translatorFor(locale);
    const missing = columns.filter((c) => c.required && !index.has(c.key)).map((c) => t(`people.columns.${c.key}` as never));
    if (missing.length) throw new AppError("VALIDATION", { key: "peopleFileHeaders", values: { columns: missing.join("、") } });

    const jobInput: ImportInput = {
      registry: input.registry,
      phase: "validate",
      sha256: staged.sha256,
      kind,
      fileName: staged.fileName,
      locale: asLocale(locale),
      ip: viewer.ip,
      inline: true,
    };
    const job = await db.$transaction(async (tx) => {
      const created = await enqueueJob(tx, { kind: "people.import", input: jobInput as unknown as Prisma.InputJsonValue, createdById: viewer.id, status: "RUNNING" });
      await attachStaged(tx, [staged], { ownerType: "people-import", ownerId: created.id }, viewer.id);
      return created;
    });
    committed = true;
    await runClaimed(job);
    return { id: job.id };
  } finally {
    await releaseStaged([staged], committed);
  }
}

/** "Import the valid rows" or "import nothing", for a checked import the viewer uploaded. */
export async function decideImport(viewer: Viewer, input: { id: string; decision: "valid" | "nothing" }) {
  await authorize(viewer, "people.import");
  const job = await db.job.findFirst({
    where: { id: input.id, createdById: viewer.id, kind: "people.import" },
    select: { status: true, input: true, result: true },
  });
  if (!job) throw new AppError("NOT_FOUND");
  if (job.status !== "WAITING") throw new AppError("CONFLICT", { key: "peopleImportNotPending" });
  if (input.decision === "nothing") {
    if (!(await transitionJob(db, input.id, "WAITING", "CANCELLED"))) throw new AppError("CONFLICT", { key: "peopleImportNotPending" });
    await dropSource(input.id);
    return { id: input.id, status: "CANCELLED" };
  }
  const summary = job.result as unknown as ImportSummary;
  if (!summary || summary.valid === 0) throw new AppError("VALIDATION", { key: "peopleImportNoValidRows" });
  const inline = summary.total <= INLINE_ROWS;
  const next = { ...(job.input as unknown as ImportInput), phase: "commit", inline } as unknown as Prisma.InputJsonValue;
  const moved = await transitionJob(db, input.id, "WAITING", inline ? "RUNNING" : "QUEUED", next);
  if (!moved) throw new AppError("CONFLICT", { key: "peopleImportNotPending" });
  await db.job.update({ where: { id: input.id }, data: { progress: 0, total: summary.total } });
  if (inline) await runClaimed(moved);
  return { id: input.id, status: inline ? "DONE" : "QUEUED" };
}

/** Builds an import from a file already on disk (scripts and benchmarks): same path as an upload. */
export async function importFile(viewer: Viewer, registry: Registry, file: string, fileName = path.basename(file)) {
  const body = (await import("node:stream")).Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  return receiveUpload(viewer, { registry, fileName, size: null, body });
}
