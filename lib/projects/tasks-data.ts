import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { reportProjectFinding } from "@/lib/dispatch/data";
import { labelPoint, pointInPolygon, type PolygonalGeometry } from "@/lib/geo";
import { currentLocale, translatorFor } from "@/lib/i18n/messages";
import { can } from "@/lib/permissions";
import { auditActor, authorize, type Viewer } from "@/lib/server/auth";
import { writeAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { attachStaged, withUploads } from "@/lib/server/files";
import type { Tx } from "@/lib/server/prisma";
import { unitsWithin } from "@/lib/server/scope";
import { dayOf, isOverdue } from "./permissions";
import type { ConvertFindingInput, RecordKind, RecordSearchInput, SubmitInput, TaskQuery } from "./schemas";
import { recountTask, visibleProjects } from "./scope";
import {
  answerText,
  parseFields,
  validateSubmission,
  visibleKeys,
  type Answers,
  type AnswerWords,
  type LinkKind,
  type PointAnswer,
  type RecordAnswer,
  type TemplateField,
} from "./templates";

// The grid worker's side: a task's records, the form for one record, submitting it (with
// photos), marking a task done, and turning a finding into a dispatch event.

const PHOTO_OWNER = "project-submission";
const ITEMS_SHOWN = 500;

async function answerWords(): Promise<AnswerWords> {
  const t = translatorFor(await currentLocale());
  return { yes: t("projects.answers.yes"), no: t("projects.answers.no"), photos: (count) => t("projects.answers.photos", { count }) };
}

function isPolygonal(value: unknown): value is PolygonalGeometry {
  const g = value as { type?: string; coordinates?: unknown } | null;
  return !!g && (g.type === "Polygon" || g.type === "MultiPolygon") && Array.isArray(g.coordinates);
}

/** Tasks the viewer may look at: in their territory, of a campaign they see. */
function taskScope(viewer: Viewer): Prisma.ProjectTaskWhereInput {
  return { grid: unitsWithin(viewer), project: visibleProjects(viewer) };
}

// --- a task ---------------------------------------------------------------------------------

export async function getTask(viewer: Viewer, taskId: string, query: TaskQuery, now = new Date()) {
  await authorize(viewer, "projects.view");
  const task = await db.projectTask.findFirst({
    where: { id: taskId, ...taskScope(viewer) },
    select: {
      id: true,
      version: true,
      status: true,
      dueAt: true,
      doneAt: true,
      itemsTotal: true,
      itemsChecked: true,
      submissionCount: true,
      findingCount: true,
      eventCount: true,
      grid: { select: { id: true, name: true } },
      project: { select: { id: true, title: true, type: true, status: true, description: true, endsOn: true } },
    },
  });
  if (!task) throw notFound();
  const q = query.q.trim();
  const where: Prisma.ProjectTaskItemWhereInput = {
    taskId: task.id,
    ...(query.filter === "todo" ? { checkedAt: null } : query.filter === "done" ? { checkedAt: { not: null } } : query.filter === "findings" ? { hasFinding: true } : {}),
    ...(q ? { label: { contains: q, mode: "insensitive" } } : {}),
  };
  const [items, matching, free] = await Promise.all([
    db.projectTaskItem.findMany({
      where,
      orderBy: [{ checkedAt: { sort: "asc", nulls: "first" } }, { label: "asc" }, { id: "asc" }],
      take: ITEMS_SHOWN,
      select: { id: true, kind: true, label: true, checkedAt: true, hasFinding: true, submissionId: true },
    }),
    db.projectTaskItem.count({ where }),
    db.projectSubmission.findMany({
      where: { taskId: task.id, itemId: null, supersededAt: null },
      orderBy: { submittedAt: "desc" },
      take: 50,
      select: { id: true, submittedAt: true, findingCount: true },
    }),
  ]);
  const running = task.project.status === "RUNNING";
  return {
    ...task,
    project: { ...task.project, endsOn: dayOf(task.project.endsOn) },
    overdue: running && isOverdue(task, now),
    items: items.map((i) => ({ ...i, id: String(i.id) })),
    matching,
    free,
    canFill: running && can(viewer, "projects.fill"),
    canFinish: running && can(viewer, "projects.fill") && task.status === "OPEN" && task.itemsChecked === task.itemsTotal,
  };
}

/** The template version a running campaign's forms use now. */
async function formVersion(client: Tx | typeof db, project: { versionPolicy: string; templateId: string; templateVersionId: string | null }) {
  if (project.versionPolicy === "LATEST") {
    const t = await client.formTemplate.findUniqueOrThrow({ where: { id: project.templateId }, select: { latestVersionNo: true } });
    return client.formTemplateVersion.findUniqueOrThrow({ where: { templateId_no: { templateId: project.templateId, no: t.latestVersionNo } }, select: { id: true, no: true, fields: true } });
  }
  return client.formTemplateVersion.findUniqueOrThrow({ where: { id: project.templateVersionId ?? "" }, select: { id: true, no: true, fields: true } });
}

/** Everything the form needs: the version to fill in, the record, the previous answers. */
export async function getFillContext(viewer: Viewer, taskId: string, itemId?: string) {
  await authorize(viewer, "projects.fill");
  const task = await db.projectTask.findFirst({
    where: { id: taskId, grid: unitsWithin(viewer), project: { status: "RUNNING" } },
    select: {
      id: true,
      grid: { select: { id: true, name: true, boundary: true, centerLat: true, centerLng: true } },
      project: { select: { id: true, title: true, versionPolicy: true, templateId: true, templateVersionId: true } },
    },
  });
  if (!task) throw notFound();
  let item: { id: string; kind: RecordKind; label: string; submissionId: string | null } | null = null;
  if (itemId) {
    if (!/^\d{1,18}$/.test(itemId)) throw notFound();
    const row = await db.projectTaskItem.findFirst({ where: { id: BigInt(itemId), taskId: task.id }, select: { id: true, kind: true, label: true, submissionId: true } });
    if (!row) throw notFound();
    item = { ...row, id: String(row.id) };
  }
  const version = await formVersion(db, task.project);
  const previous = item?.submissionId
    ? await db.projectSubmission.findUnique({ where: { id: item.submissionId }, select: { id: true, answers: true, templateVersionId: true } })
    : null;
  const next = await db.projectTaskItem.findFirst({
    where: { taskId: task.id, checkedAt: null, ...(item ? { id: { not: BigInt(item.id) } } : {}) },
    orderBy: [{ label: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  return {
    task: { id: task.id, gridId: task.grid.id, gridName: task.grid.name },
    grid: isPolygonal(task.grid.boundary) ? { id: task.grid.id, name: task.grid.name, geometry: task.grid.boundary as unknown } : null,
    project: { id: task.project.id, title: task.project.title },
    version: { id: version.id, no: version.no, fields: parseFields(version.fields) },
    item,
    /** Answers of the entry this one corrects, when it was made with the same version. */
    previous: previous && previous.templateVersionId === version.id ? { id: previous.id, answers: previous.answers as Answers } : null,
    nextItemId: next ? String(next.id) : null,
  };
}

// --- registry records ---------------------------------------------------------------------------

/** A record of the task's grid, by kind: its label, or null when it is not a live record there. */
async function recordInGrid(kind: LinkKind | RecordKind, id: string, gridId: number): Promise<{ label: string; lat: number | null; lng: number | null } | null> {
  const live = { id, gridId, deletedAt: null };
  switch (kind) {
    case "RESIDENT": {
      const r = await db.resident.findFirst({ where: live, select: { name: true, idMasked: true, house: { select: { lat: true, lng: true } } } });
      return r && { label: `${r.name} ${r.idMasked}`, lat: r.house?.lat ?? null, lng: r.house?.lng ?? null };
    }
    case "HOUSEHOLD": {
      const h = await db.household.findFirst({
        where: live,
        select: { householdNo: true, house: { select: { address: true, lat: true, lng: true } }, members: { where: { relationToHead: "HEAD", deletedAt: null }, select: { name: true }, take: 1 } },
      });
      return h && { label: [h.members[0]?.name, h.house?.address ?? h.householdNo].filter(Boolean).join(" · ") || id, lat: h.house?.lat ?? null, lng: h.house?.lng ?? null };
    }
    case "HOUSE": {
      const h = await db.house.findFirst({ where: live, select: { address: true, lat: true, lng: true } });
      return h && { label: h.address, lat: h.lat, lng: h.lng };
    }
    case "PLACE": {
      const p = await db.place.findFirst({ where: live, select: { name: true, address: true, lat: true, lng: true } });
      return p && { label: p.address ? `${p.name} · ${p.address}` : p.name, lat: p.lat, lng: p.lng };
    }
    case "FACILITY": {
      const f = await db.facility.findFirst({ where: live, select: { name: true, lat: true, lng: true } });
      return f && { label: f.name, lat: f.lat, lng: f.lng };
    }
  }
}

/** Records of the task's grid matching a name, for a form's "link a record" field. */
export async function searchRecords(viewer: Viewer, input: RecordSearchInput) {
  await authorize(viewer, "projects.fill");
  const task = await db.projectTask.findFirst({ where: { id: input.taskId, grid: unitsWithin(viewer) }, select: { gridId: true } });
  if (!task) throw notFound();
  const q = input.q.trim();
  if (!q) return [];
  const where = { gridId: task.gridId, deletedAt: null };
  const name = { contains: q, mode: "insensitive" as const };
  switch (input.kind) {
    case "RESIDENT":
      return (await db.resident.findMany({ where: { ...where, name }, orderBy: { name: "asc" }, take: 10, select: { id: true, name: true, idMasked: true } })).map((r) => ({ id: r.id, label: `${r.name} ${r.idMasked}` }));
    case "HOUSEHOLD":
      return (
        await db.household.findMany({
          where: { ...where, OR: [{ householdNo: name }, { members: { some: { name, deletedAt: null } } }, { house: { address: name } }] },
          take: 10,
          select: { id: true, householdNo: true, house: { select: { address: true } }, members: { where: { relationToHead: "HEAD", deletedAt: null }, select: { name: true }, take: 1 } },
        })
      ).map((h) => ({ id: h.id, label: [h.members[0]?.name, h.house?.address ?? h.householdNo].filter(Boolean).join(" · ") || h.id }));
    case "PLACE":
      return (await db.place.findMany({ where: { ...where, name }, orderBy: { name: "asc" }, take: 10, select: { id: true, name: true, address: true } })).map((p) => ({ id: p.id, label: p.address ? `${p.name} · ${p.address}` : p.name }));
    case "FACILITY":
      return (await db.facility.findMany({ where: { ...where, name }, orderBy: { name: "asc" }, take: 10, select: { id: true, name: true } })).map((f) => ({ id: f.id, label: f.name }));
  }
}

// --- submitting ---------------------------------------------------------------------------------

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === "P2002" || /unique constraint/i.test(String((err as Error)?.message ?? ""));
}

function invalid(fields: readonly TemplateField[], errors: Record<string, string>): AppError {
  const labels = fields.filter((f) => errors[f.key]).map((f) => f.label);
  const unknown = Object.keys(errors).filter((k) => !fields.some((f) => f.key === k));
  return new AppError(
    "VALIDATION",
    { key: "projectSubmissionInvalid", values: { count: Object.keys(errors).length, fields: [...labels, ...unknown].slice(0, 8).join("、") } },
    Object.fromEntries(Object.entries(errors).map(([k, code]) => [`answers.${k}`, `validation.${code}`])),
  );
}

/**
 * Saves one filled-in form. Checked against the template version the form was rendered
 * from (the campaign's pinned one, or for a campaign following the newest version, any
 * version since it started); the record must be on the task's list; linked records must
 * be live records of the task's grid. A correction of a record replaces its previous
 * entry (whose findings that did not become events are voided). One transaction: the
 * entry, its photos, its findings, the record's state and the task's counters.
 */
export async function submitForm(viewer: Viewer, input: SubmitInput): Promise<{ id: string; findings: number; repeated?: boolean }> {
  await authorize(viewer, "projects.fill");
  const task = await db.projectTask.findFirst({
    where: { id: input.taskId, grid: unitsWithin(viewer) },
    select: {
      id: true,
      gridId: true,
      projectId: true,
      project: { select: { status: true, title: true, versionPolicy: true, templateId: true, templateVersionId: true, templateVersion: { select: { no: true } } } },
    },
  });
  if (!task) throw notFound();
  const repeat = await db.projectSubmission.findUnique({ where: { submittedById_requestKey: { submittedById: viewer.id, requestKey: input.requestKey } }, select: { id: true, findingCount: true } });
  if (repeat) return { id: repeat.id, findings: repeat.findingCount, repeated: true };
  if (task.project.status !== "RUNNING") throw new AppError("CONFLICT", { key: "projectNotRunning" });

  const version = await db.formTemplateVersion.findFirst({ where: { id: input.templateVersionId, templateId: task.project.templateId }, select: { id: true, no: true, fields: true } });
  const pinned = task.project.versionPolicy === "PINNED";
  if (!version || (pinned ? version.id !== task.project.templateVersionId : version.no < (task.project.templateVersion?.no ?? 1)))
    throw new AppError("VALIDATION", { key: "projectVersionMismatch" }, { templateVersionId: "validation.projectVersionMismatch" });
  const fields = parseFields(version.fields);

  let item: { id: bigint; kind: RecordKind; label: string; submissionId: string | null } | null = null;
  if (input.itemId) {
    item = await db.projectTaskItem.findFirst({ where: { id: BigInt(input.itemId), taskId: task.id }, select: { id: true, kind: true, label: true, submissionId: true } });
    if (!item) throw new AppError("VALIDATION", { key: "projectItemNotInTask" }, { itemId: "validation.projectItemNotInTask" });
  }

  // Photos: kept ones (from the entry being corrected) stay as they are; new ones get a
  // placeholder ("+n") that becomes the attachment id once the files are stored.
  const previous = item?.submissionId ? await db.projectSubmission.findUnique({ where: { id: item.submissionId }, select: { answers: true } }) : null;
  const raw: Record<string, unknown> = { ...input.answers };
  const files: Blob[] = [];
  const photoFields = new Set(fields.filter((f) => f.type === "photo").map((f) => f.key));
  for (const key of Object.keys(input.photos ?? {})) if (!photoFields.has(key)) throw invalid(fields, { [key]: "projectUnknownField" });
  for (const key of photoFields) {
    const kept = raw[key] === undefined ? [] : raw[key];
    const before = ((previous?.answers as Answers | undefined)?.[key] ?? []) as string[];
    if (!Array.isArray(kept) || kept.some((id) => typeof id !== "string" || !before.includes(id))) throw invalid(fields, { [key]: "projectPhotoUnknown" });
    const added = (input.photos?.[key] ?? []).filter((b) => b.size > 0);
    raw[key] = [...kept, ...added.map((_, i) => `+${files.length + i}`)];
    files.push(...added);
  }

  const check = validateSubmission(fields, raw);
  if (Object.keys(check.errors).length) throw invalid(fields, check.errors);
  for (const field of fields) {
    const answer = check.answers[field.key];
    if (field.type !== "record" || !answer || !field.recordKind) continue;
    const record = await recordInGrid(field.recordKind, (answer as RecordAnswer).id, task.gridId);
    if (!record) throw new AppError("VALIDATION", { key: "projectRecordOutside", values: { field: field.label } }, { [`answers.${field.key}`]: "validation.projectRecordOutside" });
    check.answers[field.key] = { id: (answer as RecordAnswer).id, label: record.label };
  }
  const words = await answerWords();
  const findings = check.findings.map((key) => {
    const field = fields.find((f) => f.key === key)!;
    return {
      fieldKey: key,
      fieldLabel: field.label.slice(0, 200),
      answer: answerText(field, check.answers[key], words).slice(0, 500),
      categoryId: field.finding?.categoryId ?? null,
    };
  });

  try {
    return await withUploads(files, "photo", "photos", (staged) =>
      db.$transaction(async (tx) => {
        let previousId: string | null = null;
        if (item) {
          // Serialises two entries for the same record: the later one replaces the earlier.
          const [locked] = await tx.$queryRaw<{ submissionId: string | null }[]>`SELECT "submissionId" FROM "ProjectTaskItem" WHERE "id" = ${item.id} FOR UPDATE`;
          previousId = locked?.submissionId ?? null;
          if (previousId !== item.submissionId) {
            // A double tap: the first request saved while this one waited for the lock.
            const mine = await tx.projectSubmission.findUnique({ where: { submittedById_requestKey: { submittedById: viewer.id, requestKey: input.requestKey } }, select: { id: true, findingCount: true } });
            if (mine) return { id: mine.id, findings: mine.findingCount, repeated: true };
            throw new AppError("STALE", { key: "projectItemChanged" });
          }
        }
        const sub = await tx.projectSubmission.create({
          data: {
            projectId: task.projectId,
            taskId: task.id,
            gridId: task.gridId,
            itemId: item?.id ?? null,
            templateVersionId: version.id,
            answers: check.answers as unknown as Prisma.InputJsonValue,
            findingCount: findings.length,
            submittedById: viewer.id,
            requestKey: input.requestKey,
          },
          select: { id: true },
        });
        if (staged.length) {
          const stored = await attachStaged(tx, staged, { ownerType: PHOTO_OWNER, ownerId: sub.id }, viewer.id);
          const answers = { ...check.answers };
          for (const key of photoFields) {
            const list = answers[key] as string[] | undefined;
            if (list) answers[key] = list.map((v) => (v.startsWith("+") ? stored[Number(v.slice(1))].id : v));
          }
          await tx.projectSubmission.update({ where: { id: sub.id }, data: { answers: answers as unknown as Prisma.InputJsonValue } });
        }
        if (previousId) {
          await tx.projectSubmission.updateMany({ where: { id: previousId, supersededAt: null }, data: { supersededAt: new Date() } });
          await tx.projectFinding.updateMany({ where: { submissionId: previousId, eventId: null, voidedAt: null }, data: { voidedAt: new Date() } });
        }
        if (findings.length)
          await tx.projectFinding.createMany({
            data: findings.map((f) => ({ ...f, projectId: task.projectId, taskId: task.id, gridId: task.gridId, submissionId: sub.id, recordLabel: item?.label ?? null })),
          });
        if (item) await tx.projectTaskItem.update({ where: { id: item.id }, data: { checkedAt: new Date(), submissionId: sub.id, hasFinding: findings.length > 0 } });
        await recountTask(tx, task.id);
        await writeAudit(tx, {
          ...auditActor(viewer),
          action: "projects.submit",
          result: "success",
          targetType: "projectSubmission",
          targetId: sub.id,
          details: { projectId: task.projectId, taskId: task.id, item: item ? String(item.id) : null, findings: findings.length, replaces: previousId },
        });
        return { id: sub.id, findings: findings.length };
      }),
    );
  } catch (err) {
    // A double tap racing itself: the other request saved it.
    if (isUniqueViolation(err)) {
      const again = await db.projectSubmission.findUnique({ where: { submittedById_requestKey: { submittedById: viewer.id, requestKey: input.requestKey } }, select: { id: true, findingCount: true } });
      if (again) return { id: again.id, findings: again.findingCount, repeated: true };
    }
    throw err;
  }
}

/** Marks a task done by hand (a task without a record list, or once every record is checked). */
export async function finishTask(viewer: Viewer, input: { taskId: string; version: number }): Promise<{ id: string }> {
  await authorize(viewer, "projects.fill");
  return db.$transaction(async (tx) => {
    const task = await tx.projectTask.findFirst({ where: { id: input.taskId, grid: unitsWithin(viewer) }, select: { id: true, version: true, status: true, itemsTotal: true, itemsChecked: true, project: { select: { status: true } } } });
    if (!task) throw notFound();
    if (task.project.status !== "RUNNING") throw new AppError("CONFLICT", { key: "projectNotRunning" });
    if (task.version !== input.version) throw new AppError("STALE", { key: "projectStale" });
    if (task.status === "DONE") return { id: task.id };
    if (task.itemsChecked < task.itemsTotal) throw new AppError("CONFLICT", { key: "projectTaskUnchecked", values: { count: task.itemsTotal - task.itemsChecked } });
    const { count } = await tx.projectTask.updateMany({ where: { id: task.id, version: task.version, status: "OPEN" }, data: { status: "DONE", doneAt: new Date(), version: { increment: 1 } } });
    if (count === 0) throw new AppError("STALE", { key: "projectStale" });
    await writeAudit(tx, { ...auditActor(viewer), action: "projects.finish", result: "success", targetType: "projectTask", targetId: task.id });
    return { id: task.id };
  });
}

// --- reading a submission ---------------------------------------------------------------------

export async function getSubmission(viewer: Viewer, id: string) {
  await authorize(viewer, "projects.view");
  const s = await db.projectSubmission.findFirst({
    where: { id, task: taskScope(viewer) },
    select: {
      id: true,
      answers: true,
      submittedAt: true,
      submittedById: true,
      supersededAt: true,
      itemId: true,
      templateVersion: { select: { id: true, no: true, fields: true, template: { select: { name: true } } } },
      task: { select: { id: true, grid: { select: { name: true } }, project: { select: { id: true, title: true, status: true } } } },
      findings: {
        orderBy: { createdAt: "asc" },
        select: { id: true, fieldKey: true, fieldLabel: true, answer: true, categoryId: true, eventId: true, eventNo: true, voidedAt: true },
      },
    },
  });
  if (!s) throw notFound();
  const fields = parseFields(s.templateVersion.fields);
  const answers = s.answers as Answers;
  const shown = visibleKeys(fields, answers);
  const [item, submitter, events, replacement] = await Promise.all([
    s.itemId ? db.projectTaskItem.findUnique({ where: { id: s.itemId }, select: { id: true, kind: true, label: true, recordId: true } }) : null,
    db.user.findUnique({ where: { id: s.submittedById }, select: { displayName: true } }),
    db.event.findMany({ where: { id: { in: s.findings.flatMap((f) => (f.eventId ? [f.eventId] : [])) } }, select: { id: true, state: true } }),
    s.supersededAt && s.itemId ? db.projectTaskItem.findUnique({ where: { id: s.itemId }, select: { submissionId: true } }) : null,
  ]);
  const escalates = can(viewer, "projects.escalate") && can(viewer, "dispatch.report");
  const stateOf = new Map(events.map((e) => [e.id, e.state]));
  const categories = escalates && s.findings.some((f) => !f.eventId && !f.voidedAt) ? await leafCategories() : [];
  // The next record still to check, so a worker goes on from here.
  const next = can(viewer, "projects.fill") && s.task.project.status === "RUNNING"
    ? await db.projectTaskItem.findFirst({ where: { taskId: s.task.id, checkedAt: null }, orderBy: [{ label: "asc" }, { id: "asc" }], select: { id: true } })
    : null;
  return {
    id: s.id,
    submittedAt: s.submittedAt,
    submitter: submitter?.displayName ?? "",
    superseded: !!s.supersededAt,
    replacedBy: replacement?.submissionId ?? null,
    version: { no: s.templateVersion.no, templateName: s.templateVersion.template.name },
    task: { id: s.task.id, gridName: s.task.grid.name },
    project: s.task.project,
    item: item ? { id: String(item.id), kind: item.kind, label: item.label, recordId: item.recordId } : null,
    fields: fields.filter((f) => shown.has(f.key)).map((f) => ({ field: f, answer: answers[f.key] ?? null })),
    findings: s.findings.map((f) => ({
      ...f,
      eventState: f.eventId ? (stateOf.get(f.eventId) ?? null) : null,
      canConvert: escalates && !f.eventId && !f.voidedAt && s.task.project.status !== "DRAFT",
    })),
    categories,
    nextItemId: next ? String(next.id) : null,
  };
}

/** Enabled second-level event categories, for choosing where a finding goes. */
async function leafCategories() {
  const rows = await db.eventCategory.findMany({
    where: { enabled: true, parentId: { not: null }, parent: { enabled: true } },
    orderBy: [{ parent: { sortOrder: "asc" } }, { sortOrder: "asc" }],
    select: { id: true, name: true, nameEn: true, parent: { select: { name: true, nameEn: true } } },
  });
  return rows.map((r) => ({ id: r.id, name: `${r.parent?.name ?? ""} / ${r.name}`, nameEn: `${r.parent?.nameEn ?? ""} / ${r.nameEn}` }));
}

/** The builder's choice of categories for finding rules. */
export async function findingCategories(viewer: Viewer) {
  await authorize(viewer, "projects.manage");
  return leafCategories();
}

/** A photo of a submission the viewer may see. */
export async function getSubmissionPhoto(viewer: Viewer, attachmentId: string) {
  await authorize(viewer, "projects.view");
  const att = await db.attachment.findFirst({ where: { id: attachmentId, ownerType: PHOTO_OWNER }, select: { id: true, ownerId: true, fileName: true, mimeType: true, size: true, sha256: true } });
  if (!att) throw notFound();
  const visible = await db.projectSubmission.count({ where: { id: att.ownerId, task: taskScope(viewer) } });
  if (!visible) throw notFound();
  return att;
}

// --- findings become events ---------------------------------------------------------------------

const DISPATCH_LINK: Partial<Record<RecordKind | LinkKind, "RESIDENT" | "PLACE" | "FACILITY">> = { RESIDENT: "RESIDENT", PLACE: "PLACE", FACILITY: "FACILITY" };

/**
 * Turns a finding into a dispatch event with one click: the template field's category
 * (or the one chosen), a title and description from the form, the point from the form's
 * map field, else the record's, else the grid's; the record linked. The dispatch module
 * creates the event and, in the same transaction, this module marks the finding with it
 * and recounts the task; a second click finds the finding already converted.
 */
export async function convertFinding(viewer: Viewer, input: ConvertFindingInput): Promise<{ eventId: string; no: number }> {
  await authorize(viewer, "projects.escalate");
  const f = await db.projectFinding.findFirst({
    where: { id: input.findingId, voidedAt: null, submission: { task: { grid: unitsWithin(viewer) } } },
    select: {
      id: true,
      fieldKey: true,
      fieldLabel: true,
      answer: true,
      recordLabel: true,
      categoryId: true,
      eventId: true,
      eventNo: true,
      taskId: true,
      submission: {
        select: {
          answers: true,
          itemId: true,
          templateVersion: { select: { fields: true } },
          task: { select: { gridId: true, grid: { select: { name: true, boundary: true, centerLat: true, centerLng: true } }, project: { select: { title: true, status: true } } } },
        },
      },
    },
  });
  if (!f) throw notFound();
  if (f.eventId) throw new AppError("CONFLICT", { key: "projectFindingConverted", values: { no: f.eventNo ?? "" } });
  const categoryId = input.categoryId ?? f.categoryId;
  if (!categoryId) throw new AppError("VALIDATION", { key: "projectFindingCategory" }, { categoryId: "validation.projectFindingCategory" });
  const { task } = f.submission;
  if (task.project.status === "DRAFT") throw notFound();

  const fields = parseFields(f.submission.templateVersion.fields);
  const answers = f.submission.answers as Answers;
  const item = f.submission.itemId ? await db.projectTaskItem.findUnique({ where: { id: f.submission.itemId }, select: { kind: true, recordId: true } }) : null;
  const record = item ? await recordInGrid(item.kind, item.recordId, task.gridId) : null;

  // Where: the form's map point, else the record's, else a point inside the grid.
  const boundary = isPolygonal(task.grid.boundary) ? task.grid.boundary : null;
  const insideGrid = (p: { lat: number; lng: number } | null) => !!p && (!boundary || pointInPolygon(p.lng, p.lat, boundary));
  const mapped = fields.find((x) => x.type === "point" && answers[x.key]);
  const candidates = [
    mapped ? (answers[mapped.key] as PointAnswer) : null,
    record?.lat != null && record.lng != null ? { lat: record.lat, lng: record.lng } : null,
    task.grid.centerLat != null && task.grid.centerLng != null ? { lat: task.grid.centerLat, lng: task.grid.centerLng } : null,
  ];
  let point = candidates.find(insideGrid) ?? null;
  if (!point && boundary) {
    const [lng, lat] = labelPoint(boundary);
    point = { lat, lng };
  }
  if (!point) throw new AppError("VALIDATION", { key: "projectFindingNoPoint" });

  const words = await answerWords();
  const t = translatorFor(await currentLocale());
  const shown = visibleKeys(fields, answers);
  const lines = [
    t("projects.event.campaign", { title: task.project.title }),
    t("projects.event.record", { record: f.recordLabel ?? task.grid.name }),
    t("projects.event.finding", { field: f.fieldLabel, answer: f.answer }),
    "",
    ...fields.filter((x) => shown.has(x.key) && x.type !== "photo" && answers[x.key] !== undefined).map((x) => `${x.label}：${answerText(x, answers[x.key], words)}`),
  ];
  const links = [
    ...(item && DISPATCH_LINK[item.kind] && record ? [{ kind: DISPATCH_LINK[item.kind]!, targetId: item.recordId }] : []),
    ...fields
      .filter((x) => x.type === "record" && x.recordKind && DISPATCH_LINK[x.recordKind] && answers[x.key])
      .map((x) => ({ kind: DISPATCH_LINK[x.recordKind!]!, targetId: (answers[x.key] as RecordAnswer).id })),
  ];
  const created = await reportProjectFinding(
    viewer,
    {
      requestKey: input.requestKey,
      sourceRef: f.id,
      categoryId,
      urgency: input.urgency ?? "NORMAL",
      title: `${f.fieldLabel}：${f.recordLabel ?? task.grid.name}`.slice(0, 100),
      description: lines.join("\n").slice(0, 4000),
      lat: point.lat,
      lng: point.lng,
      gridId: task.gridId,
      links: [...new Map(links.map((l) => [`${l.kind}:${l.targetId}`, l])).values()],
    },
    async (tx, eventId) => {
      const event = await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: { no: true } });
      const { count } = await tx.projectFinding.updateMany({ where: { id: f.id, eventId: null, voidedAt: null }, data: { eventId, eventNo: event.no } });
      if (count === 0) throw new AppError("CONFLICT", { key: "projectFindingConverted", values: { no: "" } });
      await recountTask(tx, f.taskId);
      await writeAudit(tx, { ...auditActor(viewer), action: "projects.escalate", result: "success", targetType: "projectFinding", targetId: f.id, details: { eventId, no: event.no } });
    },
  );
  return { eventId: created.id, no: created.no };
}
