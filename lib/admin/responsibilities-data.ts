import "server-only";
import type { UnitLevel } from "@/lib/generated/prisma/client.ts";
import { auditActor, authorize, deny, type Viewer } from "@/lib/server/auth";
import { writeAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { diffFields } from "@/lib/server/history";
import type { Db, Tx } from "@/lib/server/prisma";
import type { ResponsibilityInput } from "./schemas";

// The list of powers and responsibilities (权责清单): for each level — county department,
// township or street, village or community, grid — the matters it answers for, linked to
// the dispatch module's event categories. One list per county. Routing asks
// `proposeRoute` which level (and department) the list names; a community may refuse a
// task whose category its list does not include (`mayRefuse`), recording why.

export const LEVELS: UnitLevel[] = ["GRID", "VILLAGE", "TOWNSHIP", "COUNTY"];

const ITEM_SELECT = {
  id: true,
  level: true,
  categoryId: true,
  matter: true,
  basis: true,
  duty: true,
  enabled: true,
  version: true,
  departmentId: true,
  department: { select: { name: true } },
  category: { select: { name: true, code: true } },
} as const;

export interface ResponsibilityAnswer {
  /** Whether the list of this level names the category. */
  listed: boolean;
  items: { id: number; matter: string; duty: "LEAD" | "ASSIST"; departmentId: number | null; departmentName: string | null }[];
}

/** The county a unit belongs to (the root of its path). */
async function countyOf(client: Db | Tx, unitId: number): Promise<number | null> {
  const unit = await client.unit.findUnique({ where: { id: unitId }, select: { pathIds: true } });
  return unit?.pathIds[0] ?? null;
}

type Item = { id: number; level: UnitLevel; matter: string; duty: "LEAD" | "ASSIST"; departmentId: number | null; departmentName: string | null };

/** The enabled items naming a category (at one level, or at all), of the unit's county or of every county. */
async function itemsFor(categoryId: number, opts: { unitId?: number; client?: Db | Tx }, level?: UnitLevel): Promise<Item[]> {
  const client = opts.client ?? db;
  const countyId = opts.unitId ? await countyOf(client, opts.unitId) : null;
  const items = await client.responsibilityItem.findMany({
    where: { categoryId, enabled: true, ...(level ? { level } : {}), ...(countyId ? { countyId } : {}) },
    orderBy: [{ duty: "asc" }, { id: "asc" }],
    select: { id: true, level: true, matter: true, duty: true, departmentId: true, department: { select: { name: true } } },
  });
  return items.map((i) => ({ id: i.id, level: i.level, matter: i.matter, duty: i.duty, departmentId: i.departmentId, departmentName: i.department?.name ?? null }));
}

const answerOf = (items: Item[]): ResponsibilityAnswer => ({ listed: items.length > 0, items: items.map(({ level: _l, ...i }) => i) });
const departmentsOf = (items: Item[], duty: "LEAD" | "ASSIST") => [...new Set(items.filter((i) => i.duty === duty && i.departmentId !== null).map((i) => i.departmentId!))];

/**
 * What the list says about an event category at one level: for the dispatch module's
 * routing and refusals. With `unitId` (e.g. the event's grid) the answer is that unit's
 * county's list; without it, the lists of every county (a single-county deployment).
 * Not scoped to a viewer: it reads rules, not records.
 */
export async function responsibilityFor(
  categoryId: number,
  level: UnitLevel,
  opts: { unitId?: number; client?: Db | Tx } = {},
): Promise<ResponsibilityAnswer> {
  return answerOf(await itemsFor(categoryId, opts, level));
}

/**
 * The level the list assigns an event category to — the lowest level that lists it —
 * and, at county level, the lead and assisting departments. Null when no level lists it.
 */
export async function proposeRoute(categoryId: number, opts: { unitId?: number; client?: Db | Tx } = {}) {
  return routeOf(await itemsFor(categoryId, opts));
}

function routeOf(items: Item[]) {
  for (const level of LEVELS) {
    const at = items.filter((i) => i.level === level);
    if (!at.length) continue;
    return { level, leadDepartmentIds: departmentsOf(at, "LEAD"), assistDepartmentIds: departmentsOf(at, "ASSIST"), items: answerOf(at).items };
  }
  return null;
}

/**
 * Everything an event's page needs from the list, in one query: the proposed level and
 * its matters, the county departments to propose when dispatching (lead and assisting),
 * and whether the community's own list includes the category (else it may refuse).
 */
export async function routingAdvice(categoryId: number, opts: { unitId?: number; client?: Db | Tx } = {}) {
  const items = await itemsFor(categoryId, opts);
  const county = items.filter((i) => i.level === "COUNTY");
  return {
    route: routeOf(items),
    leadDepartmentIds: departmentsOf(county, "LEAD"),
    assistDepartmentIds: departmentsOf(county, "ASSIST"),
    villageListed: items.some((i) => i.level === "VILLAGE"),
  };
}

/** Whether a unit of `level` may refuse a task of this category: its list does not include it. */
export async function mayRefuse(categoryId: number, level: UnitLevel, opts: { unitId?: number; client?: Db | Tx } = {}): Promise<boolean> {
  return !(await responsibilityFor(categoryId, level, opts)).listed;
}

/** The viewer's county's list, by level, with the categories and departments to pick from. */
export async function listResponsibilities(viewer: Viewer) {
  await authorize(viewer, "responsibilities.view");
  const countyId = viewer.unitPath[0];
  const [items, categories, departments] = await Promise.all([
    db.responsibilityItem.findMany({ where: { countyId }, orderBy: [{ level: "asc" }, { categoryId: "asc" }, { id: "asc" }], select: ITEM_SELECT }),
    db.eventCategory.findMany({
      where: { enabled: true },
      orderBy: [{ parentId: "asc" }, { sortOrder: "asc" }],
      select: { id: true, name: true, code: true, parentId: true },
    }),
    db.department.findMany({ where: { enabled: true }, orderBy: { sortOrder: "asc" }, select: { id: true, name: true } }),
  ]);
  return {
    items: items.map((i) => ({ ...i, departmentName: i.department?.name ?? null, categoryName: i.category.name, department: undefined, category: undefined })),
    categories,
    departments,
    canManage: viewer.permissions.includes("responsibilities.manage") && viewer.unitLevel === "COUNTY",
  };
}

async function checkReferences(tx: Tx, input: ResponsibilityInput) {
  const category = await tx.eventCategory.findUnique({ where: { id: input.categoryId }, select: { id: true } });
  if (!category) throw new AppError("VALIDATION", undefined, { categoryId: "validation.adminCategoryUnknown" });
  if (input.departmentId !== null) {
    const dept = await tx.department.findFirst({ where: { id: input.departmentId, enabled: true }, select: { id: true } });
    if (!dept) throw new AppError("VALIDATION", undefined, { departmentId: "validation.adminDepartmentUnknown" });
  }
}

/** The list is the county's: only administrators placed at the county level edit it. */
async function managerCounty(viewer: Viewer): Promise<number> {
  await authorize(viewer, "responsibilities.manage");
  if (viewer.unitLevel !== "COUNTY") await deny(viewer, "responsibilities.manage", { key: "adminCountyOnly" });
  return viewer.unitPath[0];
}

const fields = (i: ResponsibilityInput) => ({
  level: i.level,
  departmentId: i.departmentId,
  categoryId: i.categoryId,
  matter: i.matter,
  basis: i.basis,
  duty: i.duty,
  enabled: i.enabled,
});

export async function createResponsibility(viewer: Viewer, input: ResponsibilityInput) {
  const countyId = await managerCounty(viewer);
  return db.$transaction(async (tx) => {
    await checkReferences(tx, input);
    const item = await tx.responsibilityItem.create({ data: { countyId, ...fields(input) }, select: { id: true } });
    await writeAudit(tx, { ...auditActor(viewer), action: "responsibilities.create", result: "success", targetType: "responsibility", targetId: item.id, details: fields(input) });
    return { id: item.id };
  });
}

export async function updateResponsibility(viewer: Viewer, input: ResponsibilityInput & { id: number; version: number }) {
  const countyId = await managerCounty(viewer);
  await db.$transaction(async (tx) => {
    const before = await tx.responsibilityItem.findFirst({ where: { id: input.id, countyId }, select: { level: true, departmentId: true, categoryId: true, matter: true, basis: true, duty: true, enabled: true } });
    if (!before) throw notFound();
    await checkReferences(tx, input);
    const after = fields(input);
    const { count } = await tx.responsibilityItem.updateMany({ where: { id: input.id, countyId, version: input.version }, data: { ...after, version: { increment: 1 } } });
    if (count === 0) throw new AppError("STALE");
    await writeAudit(tx, {
      ...auditActor(viewer),
      action: "responsibilities.update",
      result: "success",
      targetType: "responsibility",
      targetId: input.id,
      details: { changes: diffFields(before, after) } as never,
    });
  });
}

export async function deleteResponsibility(viewer: Viewer, input: { id: number; version: number }) {
  const countyId = await managerCounty(viewer);
  await db.$transaction(async (tx) => {
    const before = await tx.responsibilityItem.findFirst({ where: { id: input.id, countyId }, select: { level: true, departmentId: true, categoryId: true, matter: true, duty: true } });
    if (!before) throw notFound();
    const { count } = await tx.responsibilityItem.deleteMany({ where: { id: input.id, countyId, version: input.version } });
    if (count === 0) throw new AppError("STALE");
    await writeAudit(tx, { ...auditActor(viewer), action: "responsibilities.delete", result: "success", targetType: "responsibility", targetId: input.id, details: before });
  });
}
