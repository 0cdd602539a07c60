import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { auditActor, authorize, type Viewer } from "@/lib/server/auth";
import { writeAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { diffFields } from "@/lib/server/history";
import type { Tx } from "@/lib/server/prisma";
import { unitsWithin } from "@/lib/server/scope";
import type { DepartmentInput } from "./schemas";

// Departments (a county's functional departments) and the governance centers they have
// staff stationed at: the county's center, township centers. A department is county-wide
// data; its stations are units and follow the viewer's territory.

/** Departments with their stations inside the viewer's territory, and the units a station may be at. */
export async function listDepartments(viewer: Viewer) {
  await authorize(viewer, "settings.manage");
  const [departments, centers] = await Promise.all([
    db.department.findMany({
      orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
      select: {
        id: true,
        code: true,
        name: true,
        nameEn: true,
        sortOrder: true,
        enabled: true,
        version: true,
        stations: { where: { unit: unitsWithin(viewer) }, select: { unitId: true } },
        _count: { select: { users: true } },
      },
    }),
    db.unit.findMany({
      where: { ...unitsWithin(viewer), retiredAt: null, level: { in: ["COUNTY", "TOWNSHIP"] } },
      orderBy: [{ depth: "asc" }, { code: "asc" }],
      select: { id: true, name: true, level: true },
    }),
  ]);
  return {
    departments: departments.map((d) => ({ ...d, stationUnitIds: d.stations.map((s) => s.unitId), users: d._count.users, stations: undefined, _count: undefined })),
    centers,
  };
}

async function checkStations(tx: Tx, viewer: Viewer, unitIds: number[]) {
  const unique = [...new Set(unitIds)];
  const found = await tx.unit.count({ where: { id: { in: unique }, ...unitsWithin(viewer), retiredAt: null, level: { in: ["COUNTY", "TOWNSHIP"] } } });
  if (found !== unique.length) throw new AppError("VALIDATION", undefined, { stationUnitIds: "validation.adminStationUnit" });
  return unique;
}

/** Replaces the stations inside the viewer's territory; stations elsewhere are not the viewer's to change. */
async function setStations(tx: Tx, viewer: Viewer, departmentId: number, unitIds: number[]) {
  const before = (await tx.departmentStation.findMany({ where: { departmentId, unit: unitsWithin(viewer) }, select: { unitId: true } })).map((s) => s.unitId);
  const removed = before.filter((u) => !unitIds.includes(u));
  const added = unitIds.filter((u) => !before.includes(u));
  if (removed.length) await tx.departmentStation.deleteMany({ where: { departmentId, unitId: { in: removed } } });
  if (added.length) await tx.departmentStation.createMany({ data: added.map((unitId) => ({ departmentId, unitId })) });
  return { before: before.sort((a, b) => a - b), after: [...unitIds].sort((a, b) => a - b) };
}

export async function createDepartment(viewer: Viewer, input: DepartmentInput) {
  await authorize(viewer, "settings.manage");
  return db.$transaction(async (tx) => {
    const stations = await checkStations(tx, viewer, input.stationUnitIds);
    if (await tx.department.findUnique({ where: { code: input.code }, select: { id: true } }))
      throw new AppError("CONFLICT", { key: "adminDepartmentCodeTaken" }, { code: "validation.adminDepartmentCodeTaken" });
    const dept = await tx.department.create({
      data: { code: input.code, name: input.name, nameEn: input.nameEn, sortOrder: input.sortOrder, enabled: input.enabled },
      select: { id: true },
    });
    await setStations(tx, viewer, dept.id, stations);
    await writeAudit(tx, {
      ...auditActor(viewer),
      action: "departments.create",
      result: "success",
      targetType: "department",
      targetId: dept.id,
      details: { code: input.code, name: input.name, nameEn: input.nameEn, enabled: input.enabled, stationUnitIds: stations },
    });
    return { id: dept.id };
  });
}

export async function updateDepartment(viewer: Viewer, input: Omit<DepartmentInput, "code"> & { id: number; version: number }) {
  await authorize(viewer, "settings.manage");
  await db.$transaction(async (tx) => {
    const before = await tx.department.findUnique({ where: { id: input.id }, select: { name: true, nameEn: true, sortOrder: true, enabled: true } });
    if (!before) throw notFound();
    const stations = await checkStations(tx, viewer, input.stationUnitIds);
    const after = { name: input.name, nameEn: input.nameEn, sortOrder: input.sortOrder, enabled: input.enabled };
    const { count } = await tx.department.updateMany({ where: { id: input.id, version: input.version }, data: { ...after, version: { increment: 1 } } });
    if (count === 0) throw new AppError("STALE");
    const s = await setStations(tx, viewer, input.id, stations);
    const changes: Record<string, [unknown, unknown]> = diffFields(before, after);
    if (JSON.stringify(s.before) !== JSON.stringify(s.after)) changes.stationUnitIds = [s.before, s.after];
    await writeAudit(tx, {
      ...auditActor(viewer),
      action: "departments.update",
      result: "success",
      targetType: "department",
      targetId: input.id,
      details: { changes } as Prisma.InputJsonValue,
    });
  });
}
