import "server-only";
import { writeAudit } from "@/lib/server/audit";
import { authorize, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { isUniqueViolation } from "./shared";

export { DEFAULT_TAGS } from "./tag-defaults";

// Key-group tags (重点人群): a county-wide dictionary. Screens for editing it come with the
// admin module; the functions are here, permission-checked and audited.


/** Tags in dictionary order; disabled ones too when asked (for records that still carry them). */
export async function listTags(viewer: Viewer, includeDisabled = false) {
  await authorize(viewer, "people.view");
  return db.keyGroupTag.findMany({
    where: includeDisabled ? {} : { enabled: true },
    select: { id: true, code: true, name: true, nameEn: true, visitTier: true, enabled: true },
    orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
  });
}

async function audit(viewer: Viewer, action: string, tagId: number, details: Record<string, string | boolean>) {
  await writeAudit(db, { action, result: "success", userId: viewer.id, username: viewer.username, role: viewer.role, ip: viewer.ip, targetType: "keyGroupTag", targetId: tagId, details });
}

export async function createTag(viewer: Viewer, input: { code: string; name: string; nameEn: string; visitTier: "KEY" | "ORDINARY" | "REASSURED" }) {
  await authorize(viewer, "people.tags.manage");
  try {
    const max = await db.keyGroupTag.aggregate({ _max: { sortOrder: true } });
    const tag = await db.keyGroupTag.create({ data: { ...input, sortOrder: (max._max.sortOrder ?? 0) + 1 }, select: { id: true } });
    await audit(viewer, "people.tag.create", tag.id, { code: input.code, name: input.name });
    return tag;
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("CONFLICT", { key: "peopleTagExists" }, { code: "validation.peopleTagCodeTaken" });
    throw err;
  }
}

export async function renameTag(viewer: Viewer, input: { id: number; name: string; nameEn: string }) {
  await authorize(viewer, "people.tags.manage");
  const { count } = await db.keyGroupTag.updateMany({ where: { id: input.id }, data: { name: input.name, nameEn: input.nameEn } });
  if (count === 0) throw new AppError("NOT_FOUND");
  await audit(viewer, "people.tag.rename", input.id, { name: input.name, nameEn: input.nameEn });
  return { id: input.id };
}

/** Disabling keeps the tag on people who carry it; it is no longer offered for new ones. */
export async function setTagEnabled(viewer: Viewer, input: { id: number; enabled: boolean }) {
  await authorize(viewer, "people.tags.manage");
  const { count } = await db.keyGroupTag.updateMany({ where: { id: input.id }, data: { enabled: input.enabled } });
  if (count === 0) throw new AppError("NOT_FOUND");
  await audit(viewer, input.enabled ? "people.tag.enable" : "people.tag.disable", input.id, { enabled: input.enabled });
  return { id: input.id };
}
