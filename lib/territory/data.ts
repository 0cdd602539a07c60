import "server-only";
import type { Prisma, UnitLevel } from "@/lib/generated/prisma/client.ts";
import { authorize, type Viewer } from "@/lib/server/auth";
import { writeAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import type { Db, Tx } from "@/lib/server/prisma";
import { unitsWithin } from "@/lib/server/scope";
import { levelOfCode, PARENT_LEVEL } from "./levels";
import type { DivisionRow } from "./schemas";

export interface TreeNode {
  id: number;
  parentId: number | null;
  name: string;
  level: UnitLevel;
  code: string;
}

export interface GridFeature {
  type: "Feature";
  id: number;
  properties: { name: string; code: string; parentId: number | null };
  geometry: Prisma.JsonValue;
}

/** The viewer's territory: the unit tree below their unit and the grid boundaries in it. */
export async function getTerritory(viewer: Viewer) {
  await authorize(viewer, "territory.view");
  const within = { ...unitsWithin(viewer), retiredAt: null };
  const [units, grids] = await Promise.all([
    db.unit.findMany({
      where: within,
      select: { id: true, parentId: true, name: true, level: true, code: true },
      orderBy: [{ depth: "asc" }, { sortOrder: "asc" }, { code: "asc" }],
    }),
    db.unit.findMany({
      where: { ...within, level: "GRID" },
      select: { id: true, name: true, code: true, parentId: true, boundary: true },
      orderBy: { code: "asc" },
    }),
  ]);
  const features: GridFeature[] = grids.filter((g) => g.boundary !== null).map((g) => ({
    type: "Feature",
    id: g.id,
    properties: { name: g.name, code: g.code, parentId: g.parentId },
    geometry: g.boundary,
  }));
  const counts = { TOWNSHIP: 0, VILLAGE: 0, GRID: 0, COUNTY: 0 } as Record<UnitLevel, number>;
  for (const u of units) counts[u.level]++;
  return { rootId: viewer.unitId, units: units as TreeNode[], grids: features, counts };
}

export interface ImportSummary {
  created: number;
  renamed: number;
  unchanged: number;
}

const LEVEL_ORDER = { COUNTY: 0, TOWNSHIP: 1, VILLAGE: 2 } as const;

/**
 * Imports a county's hierarchy from division-code rows, creating what is missing and
 * renaming what changed; re-running the same rows changes nothing. All or nothing: any
 * bad row aborts the whole import. Not scoped: only for the seed, the command line and
 * `importDivisions`, which checks the caller first.
 */
export async function unsafeImportDivisions(rows: (DivisionRow & { line?: number })[], client: Db = db): Promise<ImportSummary> {
  const problems: string[] = [];
  const byCode = new Map<string, DivisionRow & { line?: number }>();
  const usable: (DivisionRow & { line?: number; level: keyof typeof LEVEL_ORDER })[] = [];
  for (const row of rows) {
    const where = row.line ? `line ${row.line}` : row.code;
    if (byCode.has(row.code)) {
      problems.push(`${where}: duplicate code ${row.code}`);
      continue;
    }
    byCode.set(row.code, row);
    const level = levelOfCode(row.code);
    // Province and prefecture rows may be present in a national file; they are not part
    // of a county's tree.
    if (level === "PROVINCE" || level === "CITY") continue;
    usable.push({ ...row, level });
  }
  usable.sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.code.localeCompare(b.code));
  for (const row of usable) {
    const want = PARENT_LEVEL[row.level];
    if (want && row.parentCode && levelOfCode(row.parentCode) !== want)
      problems.push(`${row.line ? `line ${row.line}` : row.code}: parent ${row.parentCode} is not a ${want.toLowerCase()}`);
    if (want && !row.parentCode) problems.push(`${row.line ? `line ${row.line}` : row.code}: a ${row.level.toLowerCase()} needs a parent code`);
  }
  if (problems.length) throw new AppError("VALIDATION", { key: "importRejected", values: { problems: problems.slice(0, 20).join("; ") } });

  const summary: ImportSummary = { created: 0, renamed: 0, unchanged: 0 };
  await client.$transaction(
    async (tx) => {
      const existing = new Map(
        (
          await tx.unit.findMany({
            where: { code: { in: [...usable.map((r) => r.code), ...usable.map((r) => r.parentCode).filter(Boolean)] } },
            select: { id: true, code: true, name: true, parentId: true, pathIds: true, depth: true },
          })
        ).map((u) => [u.code, u]),
      );
      let order = 0;
      for (const row of usable) {
        order++;
        const parent = row.parentCode ? existing.get(row.parentCode) : undefined;
        if (row.level !== "COUNTY" && !parent) throw new AppError("VALIDATION", { key: "importMissingParent", values: { code: row.code, parent: row.parentCode } });
        const current = existing.get(row.code);
        if (current) {
          if ((current.parentId ?? null) !== (parent?.id ?? null) && row.level !== "COUNTY")
            throw new AppError("CONFLICT", { key: "importParentChanged", values: { code: row.code } });
          if (current.name !== row.name) {
            await tx.unit.update({ where: { id: current.id }, data: { name: row.name } });
            summary.renamed++;
          } else summary.unchanged++;
          continue;
        }
        const created = await createUnit(tx, {
          code: row.code,
          name: row.name,
          level: row.level,
          parent: parent ?? null,
          sortOrder: order,
        });
        existing.set(row.code, created);
        summary.created++;
      }
    },
    { timeout: 120_000 },
  );
  return summary;
}

type ParentRef = { id: number; pathIds: number[]; depth: number } | null;

/** Creates one unit under `parent`, setting its path of ancestor ids. */
export async function createUnit(
  tx: Tx,
  input: { code: string; name: string; level: UnitLevel; parent: ParentRef; sortOrder?: number; boundary?: Prisma.InputJsonValue; centerLat?: number; centerLng?: number },
) {
  const unit = await tx.unit.create({
    data: {
      code: input.code,
      name: input.name,
      level: input.level,
      parentId: input.parent?.id ?? null,
      depth: (input.parent?.depth ?? -1) + 1,
      pathIds: [],
      sortOrder: input.sortOrder ?? 0,
      boundary: input.boundary,
      centerLat: input.centerLat,
      centerLng: input.centerLng,
    },
    select: { id: true },
  });
  const pathIds = [...(input.parent?.pathIds ?? []), unit.id];
  await tx.unit.update({ where: { id: unit.id }, data: { pathIds } });
  return { id: unit.id, code: input.code, name: input.name, parentId: input.parent?.id ?? null, pathIds, depth: (input.parent?.depth ?? -1) + 1 };
}

/**
 * The administrator's import: the county must already exist inside the caller's territory. Writes an audit entry with the summary.
 */
export async function importDivisions(viewer: Viewer, rows: (DivisionRow & { line?: number })[]): Promise<ImportSummary> {
  await authorize(viewer, "territory.import");
  const county = rows.find((r) => {
    try {
      return levelOfCode(r.code) === "COUNTY";
    } catch {
      return false;
    }
  });
  if (!county) throw new AppError("VALIDATION", { key: "importNoCounty" });
  const existing = await db.unit.findUnique({ where: { code: county.code }, select: { id: true, pathIds: true } });
  // Creating a whole new county is for the command line (the deployment's operator); an
  // administrator extends or renames the county they administer.
  if (!existing || !existing.pathIds.includes(viewer.unitId)) throw new AppError("NOT_FOUND");
  const summary = await unsafeImportDivisions(rows);
  await writeAudit(db, {
    action: "territory.import",
    result: "success",
    userId: viewer.id,
    username: viewer.username,
    role: viewer.role,
    ip: viewer.ip,
    targetType: "unit",
    targetId: county.code,
    details: { ...summary },
  });
  return summary;
}
