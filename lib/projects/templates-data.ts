import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { auditActor, authorize, type Viewer } from "@/lib/server/auth";
import { writeAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import type { Tx } from "@/lib/server/prisma";
import type { SaveTemplateInput } from "./schemas";
import { editableTemplates, inside, usableTemplates, visibleProjects } from "./scope";
import { breakingChanges, parseFields, sameFields, type TemplateField } from "./templates";

// Form templates: every save of changed fields writes a new immutable version, so a
// submission always reads against the fields it was filled in with. Campaigns pin the
// version current when they start (or follow the newest, when their policy says so; see
// `fieldsInUse` for what that forbids).

export async function listTemplates(viewer: Viewer) {
  await authorize(viewer, "projects.manage");
  const rows = await db.formTemplate.findMany({
    where: usableTemplates(viewer),
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: 200,
    select: {
      id: true,
      name: true,
      description: true,
      latestVersionNo: true,
      updatedAt: true,
      unit: { select: { name: true, pathIds: true } },
      _count: { select: { projects: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    latestVersionNo: r.latestVersionNo,
    updatedAt: r.updatedAt,
    unitName: r.unit.name,
    projects: r._count.projects,
    editable: inside(viewer, r.unit.pathIds),
  }));
}

/** A template with one of its versions (the newest unless `versionNo` names another). */
export async function getTemplate(viewer: Viewer, id: string, versionNo?: number) {
  await authorize(viewer, "projects.manage");
  const template = await db.formTemplate.findFirst({
    where: { id, ...usableTemplates(viewer) },
    select: {
      id: true,
      name: true,
      description: true,
      latestVersionNo: true,
      version: true,
      unit: { select: { name: true, pathIds: true } },
      versions: { orderBy: { no: "desc" }, select: { id: true, no: true, createdAt: true, createdById: true } },
    },
  });
  if (!template) throw notFound();
  const no = versionNo ?? template.latestVersionNo;
  const version = await db.formTemplateVersion.findUnique({ where: { templateId_no: { templateId: id, no } }, select: { id: true, no: true, fields: true, createdAt: true } });
  if (!version) throw notFound();
  const projects = await db.project.findMany({
    where: { templateId: id, ...visibleProjects(viewer) },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, title: true, status: true, versionPolicy: true, templateVersion: { select: { no: true } } },
  });
  return {
    id: template.id,
    name: template.name,
    description: template.description,
    latestVersionNo: template.latestVersionNo,
    version: template.version,
    unitName: template.unit.name,
    editable: inside(viewer, template.unit.pathIds),
    versions: template.versions.map((v) => ({ no: v.no, createdAt: v.createdAt })),
    current: { id: version.id, no: version.no, createdAt: version.createdAt, fields: parseFields(version.fields) },
    /** Every key any version has used: the builder never hands one out again. */
    usedKeys: await usedKeys(id),
    projects: projects.map((p) => ({ id: p.id, title: p.title, status: p.status, versionPolicy: p.versionPolicy, versionNo: p.templateVersion?.no ?? null })),
  };
}

async function usedKeys(templateId: string, client: Tx | typeof db = db): Promise<string[]> {
  const rows = await client.$queryRaw<{ key: string }[]>`
    SELECT DISTINCT f->>'key' AS "key" FROM "FormTemplateVersion" v, jsonb_array_elements(v."fields") f WHERE v."templateId" = ${templateId}`;
  return rows.map((r) => r.key);
}

/**
 * Fields a new version may not drop or retype: those answered in a running campaign that
 * follows the newest version. Its report lines answers up by field across versions, and
 * its workers would lose the field mid-campaign; pinned campaigns are not affected.
 */
async function fieldsInUse(tx: Tx, templateId: string, keys: string[]): Promise<{ key: string; project: string; count: number } | null> {
  if (!keys.length) return null;
  const rows = await tx.$queryRaw<{ key: string; project: string; count: number }[]>`
    SELECT k."key", p."title" AS "project", count(*)::int AS "count"
    FROM "Project" p
    JOIN "ProjectSubmission" s ON s."projectId" = p."id" AND s."supersededAt" IS NULL
    CROSS JOIN unnest(${keys}::text[]) AS k("key")
    WHERE p."templateId" = ${templateId} AND p."status" = 'RUNNING' AND p."versionPolicy" = 'LATEST' AND s."answers" ? k."key"
    GROUP BY k."key", p."title"
    ORDER BY count(*) DESC
    LIMIT 1`;
  return rows[0] ?? null;
}

/** The fields of every version, for the "a key keeps its type" rule. */
async function typesOfKeys(tx: Tx, templateId: string): Promise<Map<string, string>> {
  const rows = await tx.$queryRaw<{ key: string; type: string }[]>`
    SELECT DISTINCT ON (f->>'key') f->>'key' AS "key", f->>'type' AS "type"
    FROM "FormTemplateVersion" v, jsonb_array_elements(v."fields") f
    WHERE v."templateId" = ${templateId}
    ORDER BY f->>'key', v."no" DESC`;
  return new Map(rows.map((r) => [r.key, r.type]));
}

function asJson(fields: TemplateField[]): Prisma.InputJsonValue {
  return fields as unknown as Prisma.InputJsonValue;
}

/**
 * Creates a template (version 1), or saves an edit: a new version when the fields
 * changed, the name and description in place otherwise. Refuses an edit that drops or
 * retypes a field answered in a running campaign following the newest version.
 */
export async function saveTemplate(viewer: Viewer, input: SaveTemplateInput): Promise<{ id: string; versionNo: number; created: boolean }> {
  await authorize(viewer, "projects.manage");
  if (!input.id) {
    return db.$transaction(async (tx) => {
      const t = await tx.formTemplate.create({
        data: { unitId: viewer.unitId, name: input.name, description: input.description, createdById: viewer.id },
        select: { id: true },
      });
      await tx.formTemplateVersion.create({ data: { templateId: t.id, no: 1, fields: asJson(input.fields), createdById: viewer.id } });
      await writeAudit(tx, { ...auditActor(viewer), action: "projects.template.create", result: "success", targetType: "formTemplate", targetId: t.id, details: { name: input.name, fields: input.fields.length } });
      return { id: t.id, versionNo: 1, created: true };
    });
  }
  const id = input.id;
  return db.$transaction(async (tx) => {
    const t = await tx.formTemplate.findFirst({ where: { id, ...editableTemplates(viewer) }, select: { id: true, version: true, latestVersionNo: true, name: true, description: true } });
    if (!t) throw notFound();
    if (input.version !== undefined && input.version !== t.version) throw new AppError("STALE", { key: "projectTemplateStale" });
    const latest = await tx.formTemplateVersion.findUniqueOrThrow({ where: { templateId_no: { templateId: id, no: t.latestVersionNo } }, select: { fields: true } });
    const before = parseFields(latest.fields);
    const changed = !sameFields(before, input.fields);
    if (changed) {
      const types = await typesOfKeys(tx, id);
      for (const [i, f] of input.fields.entries()) {
        const was = types.get(f.key);
        if (was && was !== f.type) throw new AppError("VALIDATION", { key: "projectKeyReused", values: { field: f.label } }, { [`fields.${i}.type`]: "validation.projectKeyReused" });
      }
      const { removed, retyped } = breakingChanges(before, input.fields);
      const used = await fieldsInUse(tx, id, [...removed, ...retyped]);
      if (used) {
        const label = before.find((f) => f.key === used.key)?.label ?? used.key;
        throw new AppError("CONFLICT", { key: "projectFieldInUse", values: { field: label, project: used.project, count: used.count } }, { fields: "validation.projectFieldInUse" });
      }
    }
    const no = changed ? t.latestVersionNo + 1 : t.latestVersionNo;
    const updated = await tx.formTemplate.updateMany({
      where: { id, version: t.version },
      data: { name: input.name, description: input.description, latestVersionNo: no, version: { increment: 1 } },
    });
    if (updated.count === 0) throw new AppError("STALE", { key: "projectTemplateStale" });
    if (changed) await tx.formTemplateVersion.create({ data: { templateId: id, no, fields: asJson(input.fields), createdById: viewer.id } });
    await writeAudit(tx, {
      ...auditActor(viewer),
      action: "projects.template.update",
      result: "success",
      targetType: "formTemplate",
      targetId: id,
      details: { versionNo: no, newVersion: changed, ...(t.name !== input.name ? { name: [t.name, input.name] } : {}) },
    });
    return { id, versionNo: no, created: false };
  });
}
