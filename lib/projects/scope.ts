import "server-only";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import type { Viewer } from "@/lib/server/auth";
import type { Tx } from "@/lib/server/prisma";
import { unitsWithin } from "@/lib/server/scope";

// Which campaigns, tasks and templates a viewer reaches. Every query of the module puts
// one of these in its `where`, so anything else is simply not found.

/**
 * Campaigns the viewer may look at: run by a unit of their territory, or with a task in
 * it (a county campaign is seen by the township, community and grid it covers). Drafts
 * only by those who may manage them; department staff see the campaigns their
 * department leads.
 */
export function visibleProjects(viewer: Viewer): Prisma.ProjectWhereInput {
  const inside: Prisma.ProjectWhereInput = { OR: [{ unit: unitsWithin(viewer) }, { tasks: { some: { grid: unitsWithin(viewer) } } }] };
  if (viewer.role === "DEPARTMENT_STAFF") return { ...inside, leadDepartmentId: viewer.departmentId ?? -1, status: { not: "DRAFT" } };
  if (viewer.permissions.includes("projects.manage")) return { OR: [{ unit: unitsWithin(viewer) }, { tasks: { some: { grid: unitsWithin(viewer) } }, status: { not: "DRAFT" } }] };
  return { ...inside, status: { not: "DRAFT" } };
}

/** Campaigns the viewer may manage: run by a unit of their territory. */
export function managedProjects(viewer: Viewer): Prisma.ProjectWhereInput {
  return { unit: unitsWithin(viewer) };
}

/** Templates the viewer may use: owned in their territory or by a unit above them. */
export function usableTemplates(viewer: Viewer): Prisma.FormTemplateWhereInput {
  return { OR: [{ unit: unitsWithin(viewer) }, { unitId: { in: viewer.unitPath } }] };
}

/** Templates the viewer may edit: owned by a unit of their territory. */
export function editableTemplates(viewer: Viewer): Prisma.FormTemplateWhereInput {
  return { unit: unitsWithin(viewer) };
}

/** Whether a unit (by its path) lies in the viewer's territory. */
export function inside(viewer: Pick<Viewer, "unitId">, pathIds: readonly number[]): boolean {
  return pathIds.includes(viewer.unitId);
}

/**
 * Recomputes a task's counters from its rows, in the caller's transaction, and marks it
 * done when every record on its list has been checked. Counting a task's rows is a few
 * index scans (a task holds one grid's records), and keeps the board a sum of one row
 * per grid.
 */
export async function recountTask(tx: Tx, taskId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE "ProjectTask" t SET
      "itemsChecked" = (SELECT count(*) FROM "ProjectTaskItem" i WHERE i."taskId" = t."id" AND i."checkedAt" IS NOT NULL),
      "submissionCount" = (SELECT count(*) FROM "ProjectSubmission" s WHERE s."taskId" = t."id" AND s."supersededAt" IS NULL),
      "findingCount" = (SELECT count(*) FROM "ProjectFinding" f WHERE f."taskId" = t."id" AND f."voidedAt" IS NULL),
      "eventCount" = (SELECT count(*) FROM "ProjectFinding" f WHERE f."taskId" = t."id" AND f."eventId" IS NOT NULL),
      "version" = t."version" + 1,
      "updatedAt" = now()
    WHERE t."id" = ${taskId}`;
  await tx.$executeRaw`
    UPDATE "ProjectTask" SET "status" = 'DONE', "doneAt" = now()
    WHERE "id" = ${taskId} AND "status" = 'OPEN' AND "itemsTotal" > 0 AND "itemsChecked" = "itemsTotal"`;
}

/** Users who fill in a grid's tasks: grid workers, and custom roles granted projects.fill. */
export const FILLERS = Prisma.sql`(u."role" = 'GRID_WORKER' OR EXISTS (SELECT 1 FROM "CustomRole" c WHERE c."key" = u."role" AND 'projects.fill' = ANY(c."permissions")))`;
