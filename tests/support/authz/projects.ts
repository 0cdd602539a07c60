import { invalidateDispatchConfig } from "@/lib/dispatch/config";
import { createProject, getProject, listProjects, startProject } from "@/lib/projects/data";
import { projectReport } from "@/lib/projects/report";
import { convertFinding, submitForm } from "@/lib/projects/tasks-data";
import { db } from "@/lib/server/db";
import { seedDispatchReference } from "@/prisma/seed/dispatch";
import { fixture, viewerFor, type UnitKey } from "../fixtures";
import { fireFields, makePlace, makeTemplate, pinnedVersion, projectInput, requestKey } from "../projects";
import type { AuthzCases } from "./types";

/**
 * A running campaign of county A (by the center, led by the public security bureau, so
 * department staff see it) or of county B (by adminB), each with a shop in the grid
 * whose task the cases use.
 */
async function running(county: "A" | "B") {
  const [creator, grid, worker]: [string, UnitKey, string] = county === "A" ? ["center", "G111", "grid"] : ["adminB", "GB", "gridB"];
  await makePlace(grid, "SHOP");
  const category = await db.eventCategory.findFirst({ where: { code: "fire-equipment" }, select: { id: true } });
  const template = await makeTemplate(creator, fireFields(category?.id ?? null));
  const police = await db.department.findUniqueOrThrow({ where: { code: "public-security" }, select: { id: true } });
  const viewer = await viewerFor(creator);
  const { id } = await createProject(viewer, projectInput(template.id, { coverUnitIds: [fixture().units[county]], leadDepartmentId: police.id }));
  await startProject(viewer, { id, version: 1 });
  const task = await db.projectTask.findUniqueOrThrow({ where: { projectId_gridId: { projectId: id, gridId: fixture().units[grid] } } });
  const item = await db.projectTaskItem.findFirstOrThrow({ where: { taskId: task.id } });
  return { id, task, item, worker, versionId: await pinnedVersion(id) };
}

/** A finding in county A's G111 or county B's GB, as the grid's worker entered it. */
async function finding(county: "A" | "B") {
  await seedDispatchReference(db);
  invalidateDispatchConfig();
  const c = await running(county);
  const s = await submitForm(await viewerFor(c.worker), { taskId: c.task.id, itemId: String(c.item.id), templateVersionId: c.versionId, requestKey: requestKey(), answers: { f1: false } });
  return db.projectFinding.findFirstOrThrow({ where: { submissionId: s.id } });
}

export const projectsCases: AuthzCases = {
  "projects.view": async (viewer, inside) => {
    if (!inside) return getProject(viewer, (await running("B")).id);
    await running("B");
    const list = await listProjects(viewer);
    if (list.some((p) => p.unitName === "邻县")) throw new Error("another county's campaign leaked");
  },
  "projects.manage": async (viewer, inside) => {
    if (inside) {
      const template = await makeTemplate("center");
      return createProject(viewer, projectInput(template.id, { coverUnitIds: [viewer.unitId] }));
    }
    const template = await makeTemplate("adminB");
    const { id } = await createProject(await viewerFor("adminB"), projectInput(template.id, { coverUnitIds: [fixture().units.B] }));
    return startProject(viewer, { id, version: 1 });
  },
  "projects.fill": async (viewer, inside) => {
    const c = await running(inside ? "A" : "B");
    return submitForm(viewer, { taskId: c.task.id, itemId: String(c.item.id), templateVersionId: c.versionId, requestKey: requestKey(), answers: { f1: true, f2: 1 } });
  },
  "projects.escalate": async (viewer, inside) => {
    const f = await finding(inside ? "A" : "B");
    return convertFinding(viewer, { findingId: f.id, requestKey: requestKey() });
  },
  "projects.export": async (viewer, inside) => {
    const c = await running(inside ? "A" : "B");
    return projectReport(viewer, c.id);
  },
};
