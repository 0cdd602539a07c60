import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { writeAudit } from "@/lib/server/audit";
import { auditActor, authorize, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { diffFields } from "@/lib/server/history";
import type { Tx } from "@/lib/server/prisma";
import { isUniqueViolation } from "./shared";

export { DEFAULT_TAGS } from "./tag-defaults";

// Key-group tags (重点人群): a county-wide dictionary, edited by the system administrator
// on the administration pages (/admin/dictionaries). Every change is one transaction with
// its audit entry (old and new values); the registries read the table on every request,
// so a change shows at once.

type VisitTier = "KEY" | "ORDINARY" | "REASSURED";

/** Tags in dictionary order; disabled ones too when asked (for records that still carry them). */
export async function listTags(viewer: Viewer, includeDisabled = false) {
  await authorize(viewer, "people.view");
  return db.keyGroupTag.findMany({
    where: includeDisabled ? {} : { enabled: true },
    select: { id: true, code: true, name: true, nameEn: true, visitTier: true, enabled: true },
    orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
  });
}

/** Every tag with what its editor needs (sort order, version, how many residents carry it). */
export async function tagDictionary(viewer: Viewer) {
  await authorize(viewer, "people.tags.manage");
  const tags = await db.keyGroupTag.findMany({
    select: { id: true, code: true, name: true, nameEn: true, visitTier: true, sortOrder: true, enabled: true, version: true, _count: { select: { residents: true } } },
    orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
  });
  return tags.map(({ _count, ...t }) => ({ ...t, residents: _count.residents }));
}

async function audit(tx: Tx, viewer: Viewer, action: string, tagId: number, details: Record<string, unknown>) {
  await writeAudit(tx, { ...auditActor(viewer), action, result: "success", targetType: "keyGroupTag", targetId: tagId, details: details as Prisma.InputJsonValue });
}

const tagTaken = () => new AppError("CONFLICT", { key: "peopleTagExists" }, { code: "validation.peopleTagCodeTaken" });

export async function createTag(viewer: Viewer, input: { code: string; name: string; nameEn: string; visitTier: VisitTier; sortOrder?: number; enabled?: boolean }) {
  await authorize(viewer, "people.tags.manage");
  try {
    return await db.$transaction(async (tx) => {
      const sortOrder = input.sortOrder ?? ((await tx.keyGroupTag.aggregate({ _max: { sortOrder: true } }))._max.sortOrder ?? 0) + 1;
      const data = { code: input.code, name: input.name, nameEn: input.nameEn, visitTier: input.visitTier, sortOrder, enabled: input.enabled ?? true };
      const tag = await tx.keyGroupTag.create({ data, select: { id: true } });
      await audit(tx, viewer, "people.tag.create", tag.id, data);
      return tag;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw tagTaken();
    throw err;
  }
}

/**
 * Edits a tag's names, position and whether it is offered. The code and the visit tier
 * stay as created: records and households were classified by them.
 */
export async function updateTag(viewer: Viewer, input: { id: number; version: number; name: string; nameEn: string; sortOrder: number; enabled: boolean }) {
  await authorize(viewer, "people.tags.manage");
  await db.$transaction(async (tx) => {
    const before = await tx.keyGroupTag.findUnique({ where: { id: input.id }, select: { code: true, name: true, nameEn: true, sortOrder: true, enabled: true } });
    if (!before) throw new AppError("NOT_FOUND");
    const after = { name: input.name, nameEn: input.nameEn, sortOrder: input.sortOrder, enabled: input.enabled };
    const changes = diffFields(before, after);
    if (Object.keys(changes).length === 0) return;
    const { count } = await tx.keyGroupTag.updateMany({ where: { id: input.id, version: input.version }, data: { ...after, version: { increment: 1 } } });
    if (count === 0) throw new AppError("STALE");
    await audit(tx, viewer, "people.tag.update", input.id, { code: before.code, changes });
  });
  return { id: input.id };
}

export async function renameTag(viewer: Viewer, input: { id: number; name: string; nameEn: string }) {
  await authorize(viewer, "people.tags.manage");
  await db.$transaction(async (tx) => {
    const before = await tx.keyGroupTag.findUnique({ where: { id: input.id }, select: { name: true, nameEn: true } });
    if (!before) throw new AppError("NOT_FOUND");
    const changes = diffFields(before, { name: input.name, nameEn: input.nameEn });
    if (Object.keys(changes).length === 0) return;
    await tx.keyGroupTag.update({ where: { id: input.id }, data: { name: input.name, nameEn: input.nameEn, version: { increment: 1 } } });
    await audit(tx, viewer, "people.tag.rename", input.id, { changes });
  });
  return { id: input.id };
}

/** Disabling keeps the tag on people who carry it; it is no longer offered for new ones. */
export async function setTagEnabled(viewer: Viewer, input: { id: number; enabled: boolean }) {
  await authorize(viewer, "people.tags.manage");
  await db.$transaction(async (tx) => {
    const before = await tx.keyGroupTag.findUnique({ where: { id: input.id }, select: { enabled: true } });
    if (!before) throw new AppError("NOT_FOUND");
    if (before.enabled === input.enabled) return;
    await tx.keyGroupTag.update({ where: { id: input.id }, data: { enabled: input.enabled, version: { increment: 1 } } });
    await audit(tx, viewer, input.enabled ? "people.tag.enable" : "people.tag.disable", input.id, { changes: { enabled: [before.enabled, input.enabled] } });
  });
  return { id: input.id };
}
