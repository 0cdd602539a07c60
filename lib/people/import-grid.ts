import "server-only";
import type { z } from "zod";
import { pointInPolygon, type PolygonalGeometry } from "@/lib/geo";
import { facilityType } from "@/lib/grid/dictionary";
import { createFacilitySchema, createPlaceSchema, type FacilityInput, type PlaceInput } from "@/lib/grid/schemas";
import { ENTITY } from "@/lib/grid/registry";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import type { Db, Tx } from "@/lib/server/prisma";
import { insertMany, newId, type BulkColumn } from "./bulk";
import { CATEGORY_WORDS, FACILITY_STATUS_WORDS, FACILITY_TYPE_WORDS, lookupWord, RISK_WORDS } from "./columns";
import { cellText, type Cell } from "./spreadsheet";

// Spreadsheet imports into the places (场所) and objects (部件) registries: the rows pass the
// forms' own zod rules (createPlaceSchema, createFacilitySchema) and the map-point rule (a
// point inside the row's grid). A row is already registered when a live place of the same
// grid has the same name and address, or a live object the same type and name; those rows
// are skipped, so importing a file twice changes nothing. Each commit batch takes a
// per-grid advisory lock and looks again inside its transaction, so two imports of one
// file at once do not both insert. The rest of the pipeline (upload, check, decision, jobs,
// error report) is import.ts's.

export type GridRegistry = "places" | "facilities";
export type PlaceRow = PlaceInput;
export type FacilityRow = FacilityInput;

export interface RowError {
  line: number;
  column: string;
  message: string;
  value?: string;
}

/** What the row parser needs from import.ts's context. */
export interface GridRowKit {
  index: Map<string, number>;
  zodError: z.core.$ZodErrorMap;
  boundaries: Map<number, { name: string; boundary: Prisma.JsonValue }>;
  err: (line: number, column: string, key: string, values?: Record<string, string | number>, value?: string) => RowError;
  zodErrors: (line: number, error: z.ZodError, cells: (k: string) => string) => RowError[];
  resolveGrid: (line: number, text: string, errors: RowError[]) => number;
}

type Parsed<T> = { ok: { line: number; row: T; key: string; raw: Cell[] } } | { errors: RowError[] };

/** Form field → spreadsheet column, for messages about a field. */
const COLUMN_OF: Record<GridRegistry, Record<string, string>> = {
  places: { name: "placeName" },
  facilities: { name: "facilityName", type: "facilityType" },
};

function isPolygonal(value: unknown): value is PolygonalGeometry {
  const g = value as { type?: string; coordinates?: unknown } | null;
  return !!g && (g.type === "Polygon" || g.type === "MultiPolygon") && Array.isArray(g.coordinates);
}

function common(kit: GridRowKit, line: number, cells: Cell[]) {
  const text = (k: string) => cellText(kit.index.has(k) ? cells[kit.index.get(k)!] : null);
  const errors: RowError[] = [];
  const gridId = kit.resolveGrid(line, text("gridCode"), errors);
  const num = (key: string): number | null => {
    const v = text(key);
    if (!v) return null;
    const n = Number(v);
    if (!Number.isFinite(n)) {
      errors.push(kit.err(line, key, "decimal", { value: v }, v));
      return null;
    }
    return n;
  };
  const word = <T extends string>(key: string, map: Map<string, T>, errKey: string, dflt: T | null): T | null => {
    const v = text(key);
    if (!v) return dflt;
    const found = lookupWord(map, v);
    if (!found) errors.push(kit.err(line, key, errKey, { value: v }, v));
    return found;
  };
  const point = { lat: num("lat"), lng: num("lng") };
  return { text, errors, gridId, point, word };
}

/** The point must lie inside the row's grid, as on the form (a grid without a boundary accepts any). */
function checkPoint(kit: GridRowKit, line: number, gridId: number, lat: number | null | undefined, lng: number | null | undefined, errors: RowError[]) {
  if (lat == null || lng == null) return;
  const grid = kit.boundaries.get(gridId);
  if (grid && isPolygonal(grid.boundary) && !pointInPolygon(lng, lat, grid.boundary)) errors.push(kit.err(line, "lat", "pointOutside", { grid: grid.name }, `${lat},${lng}`));
}

/** The form's messages under the spreadsheet's column names, leaving out columns already reported in words of our own. */
function addFieldErrors(kit: GridRowKit, registry: GridRegistry, line: number, error: z.ZodError, text: (k: string) => string, errors: RowError[]) {
  const names = COLUMN_OF[registry];
  const renamed = { ...error, issues: error.issues.map((i) => ({ ...i, path: [names[String(i.path[0])] ?? i.path[0], ...i.path.slice(1)] })) } as z.ZodError;
  for (const e of kit.zodErrors(line, renamed, text)) if (!errors.some((x) => x.column === e.column)) errors.push(e);
}

export function parsePlaceRow(kit: GridRowKit, line: number, cells: Cell[]): Parsed<PlaceRow> {
  const { text, errors, gridId, point, word } = common(kit, line, cells);
  const category = word("category", CATEGORY_WORDS, "categoryUnknown", null);
  const riskLevel = word("riskLevel", RISK_WORDS, "riskUnknown", "LOW");
  const parsed = createPlaceSchema.safeParse(
    {
      gridId: gridId || 1,
      name: text("placeName"),
      category: category ?? "",
      address: text("address") || null,
      personInCharge: text("personInCharge") || null,
      contactPhone: text("contactPhone") || null,
      riskLevel: riskLevel ?? "LOW",
      ...point,
    },
    { error: kit.zodError },
  );
  if (!parsed.success) addFieldErrors(kit, "places", line, parsed.error, text, errors);
  if (parsed.success) checkPoint(kit, line, gridId, parsed.data.lat, parsed.data.lng, errors);
  if (errors.length || !parsed.success) return { errors };
  const row = { ...parsed.data, gridId };
  return { ok: { line, row, key: `${gridId}|${row.name}|${row.address ?? ""}`, raw: cells } };
}

export function parseFacilityRow(kit: GridRowKit, line: number, cells: Cell[]): Parsed<FacilityRow> {
  const { text, errors, gridId, point, word } = common(kit, line, cells);
  const type = word("facilityType", FACILITY_TYPE_WORDS, "facilityTypeUnknown", null);
  const status = word("status", FACILITY_STATUS_WORDS, "statusUnknown", "NORMAL");
  const inspected = text("lastInspectedAt");
  const parsed = createFacilitySchema.safeParse(
    { gridId: gridId || 1, type: type ?? "", name: text("facilityName"), status: status ?? "NORMAL", lastInspectedAt: inspected || null, ...point },
    { error: kit.zodError },
  );
  if (!parsed.success) addFieldErrors(kit, "facilities", line, parsed.error, text, errors);
  if (parsed.success) checkPoint(kit, line, gridId, parsed.data.lat, parsed.data.lng, errors);
  if (errors.length || !parsed.success) return { errors };
  const row = { ...parsed.data, gridId };
  return { ok: { line, row, key: `${gridId}|${row.type}|${row.name}`, raw: cells } };
}

// --- what is registered already ---

type Keyed<T> = { key: string; row: T };

async function existingKeys(client: Db | Tx, registry: GridRegistry, rows: Keyed<PlaceRow | FacilityRow>[]): Promise<Set<string>> {
  const gridIds = [...new Set(rows.map((r) => r.row.gridId))];
  const names = [...new Set(rows.map((r) => r.row.name))];
  if (registry === "places") {
    const found = await client.place.findMany({ where: { gridId: { in: gridIds }, name: { in: names }, deletedAt: null }, select: { gridId: true, name: true, address: true } });
    return new Set(found.map((p) => `${p.gridId}|${p.name}|${p.address ?? ""}`));
  }
  const found = await client.facility.findMany({ where: { gridId: { in: gridIds }, name: { in: names }, deletedAt: null }, select: { gridId: true, type: true, name: true } });
  return new Set(found.map((f) => `${f.gridId}|${f.type}|${f.name}`));
}

/** Splits a batch into new rows and rows registered already (skipped). */
export async function classifyGridRows<T extends Keyed<PlaceRow | FacilityRow>>(
  client: Parameters<typeof existingKeys>[0],
  registry: GridRegistry,
  rows: T[],
): Promise<{ fresh: T[]; existing: number }> {
  if (!rows.length) return { fresh: [], existing: 0 };
  const known = await existingKeys(client, registry, rows);
  const fresh = rows.filter((r) => !known.has(r.key));
  return { fresh, existing: rows.length - fresh.length };
}

// --- writing ---

const PLACE_COLUMNS_SQL: BulkColumn[] = [
  { name: "id", type: "text" },
  { name: "gridId", type: "int4" },
  { name: "name", type: "text" },
  { name: "category", type: "text", cast: "PlaceCategory" },
  { name: "address", type: "text" },
  { name: "personInCharge", type: "text" },
  { name: "contactPhone", type: "text" },
  { name: "riskLevel", type: "text", cast: "RiskLevel" },
  { name: "lat", type: "float8" },
  { name: "lng", type: "float8" },
  { name: "createdById", type: "text" },
  { name: "createdAt", type: "timestamp(3)" },
  { name: "updatedAt", type: "timestamp(3)" },
];

const FACILITY_COLUMNS_SQL: BulkColumn[] = [
  { name: "id", type: "text" },
  { name: "gridId", type: "int4" },
  { name: "type", type: "text" },
  { name: "name", type: "text" },
  { name: "isHazard", type: "bool" },
  { name: "status", type: "text", cast: "FacilityStatus" },
  { name: "lastInspectedAt", type: "timestamp(3)" },
  { name: "lat", type: "float8" },
  { name: "lng", type: "float8" },
  { name: "createdById", type: "text" },
  { name: "createdAt", type: "timestamp(3)" },
  { name: "updatedAt", type: "timestamp(3)" },
];

/**
 * Inserts the new rows of one batch in the caller's transaction, with a CREATE history
 * entry each. Rows registered since the check (another import, a form) are skipped.
 */
export async function commitGridRows(tx: Tx, registry: GridRegistry, rows: Keyed<PlaceRow | FacilityRow>[], actorId: string) {
  const gridIds = [...new Set(rows.map((r) => r.row.gridId))].sort((a, b) => a - b);
  // One import at a time per grid and registry: the look-again below then sees the other's rows.
  for (const g of gridIds) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`vitalgrid:import:${registry}`}), ${g})`;
  const { fresh, existing } = await classifyGridRows(tx, registry, rows);
  const now = new Date();
  let created: { id: string; gridId: number }[];
  if (registry === "places") {
    created = await insertMany<{ id: string; gridId: number }>(
      tx,
      "Place",
      PLACE_COLUMNS_SQL,
      fresh.map(({ row }) => {
        const p = row as PlaceRow;
        return [newId(), p.gridId, p.name, p.category, p.address, p.personInCharge, p.contactPhone, p.riskLevel, p.lat ?? null, p.lng ?? null, actorId, now, now];
      }),
      ["id", "gridId"],
    );
  } else {
    created = await insertMany<{ id: string; gridId: number }>(
      tx,
      "Facility",
      FACILITY_COLUMNS_SQL,
      fresh.map(({ row }) => {
        const f = row as FacilityRow;
        return [newId(), f.gridId, f.type, f.name, facilityType(f.type)?.hazard ?? false, f.status, f.lastInspectedAt, f.lat ?? null, f.lng ?? null, actorId, now, now];
      }),
      ["id", "gridId"],
    );
  }
  await insertMany(tx, "RecordHistory", [
    { name: "entityType", type: "text" },
    { name: "entityId", type: "text" },
    { name: "action", type: "text" },
    { name: "gridId", type: "int4" },
    { name: "actorId", type: "text" },
    { name: "reason", type: "text" },
  ], created.map((c) => [registry === "places" ? ENTITY.place : ENTITY.facility, c.id, "CREATE", c.gridId, actorId, "import"]));
  return { created: created.length, skipped: existing };
}
