import { describe, expect, it } from "vitest";
import { startProject, createProject } from "@/lib/projects/data";
import { submitSchema, taskRefSchema } from "@/lib/projects/schemas";
import { finishTask, getFillContext, getSubmission, getSubmissionPhoto, getTask, searchRecords, submitForm } from "@/lib/projects/tasks-data";
import { saveTemplate } from "@/lib/projects/templates-data";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { viewerFor } from "../support/fixtures";
import { rejection } from "../support/grid";
import { fireFields, itemsOf, makeRecords, makeTemplate, pinnedVersion, projectCounts, projectInput, requestKey, startedProject, submit, taskOf } from "../support/projects";

// A 1x1 PNG: a real image, so the upload's type sniffing accepts it.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const photo = (name = "现场.png") => new File([PNG], name, { type: "image/png" });

async function setup(fields = fireFields()) {
  const records = await makeRecords();
  const project = await startedProject("center", {}, fields);
  const task = await taskOf(project.id, "G111");
  const items = await itemsOf(task.id);
  const versionId = await pinnedVersion(project.id);
  return { records, project, task, items, versionId };
}

describe("submissions", () => {
  it("checks a record: the item, the task's counters and the findings, in one go", async () => {
    const { project, task, items } = await setup();
    const r = await submit("grid", project.id, task.id, items[0].id, { f1: false, f3: ["o1", "o3"], f5: "楼道内有电动车充电" });
    expect(r.findings).toBe(2);
    const item = await db.projectTaskItem.findUniqueOrThrow({ where: { id: items[0].id } });
    expect(item).toMatchObject({ submissionId: r.id, hasFinding: true });
    expect(item.checkedAt).not.toBeNull();
    expect(await taskOf(project.id, "G111")).toMatchObject({ itemsChecked: 1, submissionCount: 1, findingCount: 2, eventCount: 0, status: "OPEN" });
    const findings = await db.projectFinding.findMany({ where: { submissionId: r.id }, orderBy: { fieldKey: "asc" } });
    expect(findings.map((f) => [f.fieldLabel, f.answer])).toEqual([
      ["是否配备灭火器", "否"],
      ["存在问题", "电动车室内充电、未发现问题"],
    ]);
    expect(findings[0].recordLabel).toBe(items[0].label);
    const shown = await getSubmission(await viewerFor("community"), r.id);
    expect(shown.fields.map((f) => f.field.key)).toEqual(["f1", "f3", "f4", "f5"]);
    expect(shown.findings.every((f) => f.canConvert)).toBe(true);
    expect(await db.auditLog.count({ where: { action: "projects.submit", targetId: r.id } })).toBe(1);
  });

  it("marks the task done when the last record is checked, and stops counting it overdue", async () => {
    const { project, task, items } = await setup();
    for (const item of items) await submit("grid", project.id, task.id, item.id, { f1: true, f2: 2, f3: ["o3"] });
    const done = await taskOf(project.id, "G111");
    expect(done).toMatchObject({ status: "DONE", itemsChecked: 5, itemsTotal: 5, findingCount: 0 });
    expect(done.doneAt).not.toBeNull();
  });

  it("refuses a form missing required answers, and changes nothing", async () => {
    const { task, items, versionId } = await setup();
    const before = await projectCounts();
    const r = await runAction(await viewerFor("grid"), submitSchema, submitForm, { taskId: task.id, itemId: String(items[0].id), templateVersionId: versionId, requestKey: requestKey(), answers: { f1: true } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe("VALIDATION");
    expect(r.message).toBe("有 1 项未通过检查：灭火器数量。请按提示修改后再提交，未保存任何内容。");
    expect(r.fieldErrors).toEqual({ "answers.f2": "此项必填" });
    expect(await projectCounts()).toEqual(before);
  });

  it("refuses an answer that is not one of the choices, and changes nothing", async () => {
    const { task, items, versionId } = await setup();
    const before = await projectCounts();
    const r = await runAction(await viewerFor("grid"), submitSchema, submitForm, {
      taskId: task.id,
      itemId: String(items[0].id),
      templateVersionId: versionId,
      requestKey: requestKey(),
      answers: { f1: true, f2: 1, f3: ["o9"], f4: "随便放" },
    });
    expect(!r.ok && r.fieldErrors).toEqual({ "answers.f3": "不是可选的选项", "answers.f4": "不是可选的选项" });
    expect(!r.ok && r.message).toContain("存在问题、燃气瓶存放");
    expect(await projectCounts()).toEqual(before);
  });

  it("refuses a record outside the worker's grid, and changes nothing", async () => {
    const { project, task, versionId } = await setup();
    const before = await projectCounts();
    const grid = await viewerFor("grid");
    // An item of the neighbouring grid's task, sent with the worker's own task.
    const [other] = await itemsOf((await taskOf(project.id, "G112")).id);
    const r = await runAction(grid, submitSchema, submitForm, { taskId: task.id, itemId: String(other.id), templateVersionId: versionId, requestKey: requestKey(), answers: { f1: true, f2: 1 } });
    expect(!r.ok && r.message).toBe("该检查对象不在本网格的任务清单中，不能填报。未保存任何内容。");
    // The neighbouring grid's task itself is not found.
    const r2 = await runAction(grid, submitSchema, submitForm, { taskId: (await taskOf(project.id, "G112")).id, itemId: String(other.id), templateVersionId: versionId, requestKey: requestKey(), answers: { f1: true, f2: 1 } });
    expect(!r2.ok && r2.code).toBe("NOT_FOUND");
    expect(await projectCounts()).toEqual(before);
  });

  it("refuses a linked record of another grid, and names the field", async () => {
    const fields = [...fireFields(), { key: "f6", type: "record" as const, label: "所属场所", required: false, recordKind: "PLACE" as const }];
    const { records, project, task, items } = await setup(fields);
    const before = await projectCounts();
    const e = await rejection(submit("grid", project.id, task.id, items[0].id, { f1: true, f2: 1, f6: { id: records.g112.shop.id } }));
    expect(e.detail).toEqual({ key: "projectRecordOutside", values: { field: "所属场所" } });
    expect(await projectCounts()).toEqual(before);
    // One of the worker's own grid is linked, with the registry's label.
    const ok = await submit("grid", project.id, task.id, items[0].id, { f1: true, f2: 1, f6: { id: records.g111.restaurant.id, label: "伪造的名字" } });
    const stored = await db.projectSubmission.findUniqueOrThrow({ where: { id: ok.id } });
    expect((stored.answers as Record<string, unknown>).f6).toEqual({ id: records.g111.restaurant.id, label: "拉面馆 · " + (await db.place.findUniqueOrThrow({ where: { id: records.g111.restaurant.id } })).address });
    // The search only finds the worker's own grid.
    expect((await searchRecords(await viewerFor("grid"), { taskId: task.id, kind: "PLACE", q: "烟酒" })).length).toBe(0);
    expect((await searchRecords(await viewerFor("grid"), { taskId: task.id, kind: "PLACE", q: "拉面" })).length).toBe(1);
  });

  it("judges an entry by the template version it was filled in with", async () => {
    await makeRecords();
    const center = await viewerFor("center");
    const t = await makeTemplate();
    const { id } = await createProject(center, projectInput(t.id, { versionPolicy: "LATEST" }));
    await startProject(center, { id, version: 1 });
    const task = await taskOf(id, "G111");
    const items = await itemsOf(task.id);
    const v1 = await pinnedVersion(id);
    // Version 2 adds a required question.
    await saveTemplate(center, { id: t.id, version: 1, name: "消防", description: "", fields: [...fireFields(), { key: "f6", type: "yesNo", label: "是否张贴安全告知书", required: true }] });
    const v2 = (await db.formTemplateVersion.findFirstOrThrow({ where: { templateId: t.id, no: 2 } })).id;
    // A form rendered from version 1 before the edit is still accepted, and checked against version 1.
    const old = await submit("grid", id, task.id, items[0].id, { f1: true, f2: 1 }, v1);
    expect((await db.projectSubmission.findUniqueOrThrow({ where: { id: old.id } })).templateVersionId).toBe(v1);
    // A version 2 form must answer the new question.
    expect((await rejection(submit("grid", id, task.id, items[1].id, { f1: true, f2: 1 }, v2))).detail?.key).toBe("projectSubmissionInvalid");
    await submit("grid", id, task.id, items[1].id, { f1: true, f2: 1, f6: false }, v2);
    // New forms are rendered from the newest version.
    expect((await getFillContext(await viewerFor("grid"), task.id)).version.no).toBe(2);

    // A pinned campaign refuses any other version.
    const pinned = await startedProject("center");
    const pTask = await taskOf(pinned.id, "G111");
    const [pItem] = await itemsOf(pTask.id);
    await saveTemplate(center, { id: pinned.templateId, version: 1, name: "消防", description: "", fields: fireFields().slice(0, 3) });
    const newer = (await db.formTemplateVersion.findFirstOrThrow({ where: { templateId: pinned.templateId, no: 2 } })).id;
    const e = await rejection(submit("grid", pinned.id, pTask.id, pItem.id, { f1: true, f2: 1 }, newer));
    expect(e.detail?.key).toBe("projectVersionMismatch");
  });

  it("a correction replaces the record's entry and voids its findings that are not events yet", async () => {
    const { project, task, items } = await setup();
    const first = await submit("grid", project.id, task.id, items[0].id, { f1: false });
    const second = await submit("grid", project.id, task.id, items[0].id, { f1: true, f2: 3, f3: ["o3"] });
    expect((await db.projectSubmission.findUniqueOrThrow({ where: { id: first.id } })).supersededAt).not.toBeNull();
    expect((await db.projectFinding.findFirstOrThrow({ where: { submissionId: first.id } })).voidedAt).not.toBeNull();
    expect(await db.projectTaskItem.findUniqueOrThrow({ where: { id: items[0].id } })).toMatchObject({ submissionId: second.id, hasFinding: false });
    expect(await taskOf(project.id, "G111")).toMatchObject({ itemsChecked: 1, submissionCount: 1, findingCount: 0 });
    expect((await getSubmission(await viewerFor("grid"), first.id)).replacedBy).toBe(second.id);
    const ctx = await getFillContext(await viewerFor("grid"), task.id, String(items[0].id));
    expect(ctx.previous?.answers).toMatchObject({ f1: true, f2: 3 });
  });

  it("saves a double submit once", async () => {
    const { project, task, items } = await setup();
    const input = { taskId: task.id, itemId: String(items[0].id), templateVersionId: await pinnedVersion(project.id), requestKey: requestKey(), answers: { f1: false } };
    const grid = await viewerFor("grid");
    const [a, b] = await Promise.all([submitForm(grid, input), submitForm(grid, input)]);
    expect(a.id).toBe(b.id);
    expect(await db.projectSubmission.count()).toBe(1);
    expect(await db.projectFinding.count()).toBe(1);
  });

  it("stores photos with the entry, keeps them on a correction, and shows them only inside the territory", async () => {
    const fields = [...fireFields(), { key: "f6", type: "photo" as const, label: "现场照片", required: true, maxPhotos: 2 }];
    const { project, task, items, versionId } = await setup(fields);
    const grid = await viewerFor("grid");
    const missing = await rejection(submit("grid", project.id, task.id, items[0].id, { f1: true, f2: 1 }));
    expect(missing.fieldErrors).toEqual({ "answers.f6": "validation.projectRequired" });
    const r = await submitForm(grid, { taskId: task.id, itemId: String(items[0].id), templateVersionId: versionId, requestKey: requestKey(), answers: { f1: true, f2: 1 }, photos: { f6: [photo()] } });
    const stored = (await db.projectSubmission.findUniqueOrThrow({ where: { id: r.id } })).answers as Record<string, string[]>;
    expect(stored.f6).toHaveLength(1);
    const attachment = await getSubmissionPhoto(await viewerFor("community"), stored.f6[0]);
    expect(attachment.mimeType).toBe("image/png");
    expect((await rejection(getSubmissionPhoto(await viewerFor("gridB"), stored.f6[0]))).code).toBe("NOT_FOUND");
    expect((await rejection(getSubmissionPhoto(await viewerFor("grid2"), stored.f6[0]))).code).toBe("NOT_FOUND");

    // Too many photos, or a photo not of the corrected entry: refused.
    const many = await rejection(submitForm(grid, { taskId: task.id, itemId: String(items[0].id), templateVersionId: versionId, requestKey: requestKey(), answers: { f1: true, f2: 1, f6: stored.f6 }, photos: { f6: [photo("a.png"), photo("b.png")] } }));
    expect(many.fieldErrors).toEqual({ "answers.f6": "validation.projectTooManyPhotos" });
    const foreign = await rejection(submitForm(grid, { taskId: task.id, itemId: String(items[1].id), templateVersionId: versionId, requestKey: requestKey(), answers: { f1: true, f2: 1, f6: stored.f6 } }));
    expect(foreign.fieldErrors).toEqual({ "answers.f6": "validation.projectPhotoUnknown" });
    const kept = await submitForm(grid, { taskId: task.id, itemId: String(items[0].id), templateVersionId: versionId, requestKey: requestKey(), answers: { f1: true, f2: 2, f6: stored.f6 } });
    expect(((await db.projectSubmission.findUniqueOrThrow({ where: { id: kept.id } })).answers as Record<string, string[]>).f6).toEqual(stored.f6);
    // Something that is not a photo never becomes one.
    const text = new File([Buffer.from("not an image")], "x.png", { type: "image/png" });
    const e = await rejection(submitForm(grid, { taskId: task.id, itemId: String(items[1].id), templateVersionId: versionId, requestKey: requestKey(), answers: { f1: true, f2: 1 }, photos: { f6: [text] } }));
    expect(e.detail?.key).toBe("filePhotoOnly");
    expect(await db.attachment.count()).toBe(1);
  });

  it("finishes a task by hand once nothing is left, free entries included", async () => {
    await makeRecords();
    const { id } = await startedProject("center", { selectors: [] });
    const task = await taskOf(id, "G111");
    expect(task.itemsTotal).toBe(0);
    const free = await submit("grid", id, task.id, null, { f1: true, f2: 4 });
    expect((await getTask(await viewerFor("grid"), task.id, { filter: "all", q: "" })).free.map((s) => s.id)).toEqual([free.id]);
    const r = await runAction(await viewerFor("grid"), taskRefSchema, finishTask, { taskId: task.id, version: (await taskOf(id, "G111")).version });
    expect(r.ok).toBe(true);
    expect((await taskOf(id, "G111")).status).toBe("DONE");

    const withList = await startedProject("center");
    const t2 = await taskOf(withList.id, "G111");
    const e = await rejection(finishTask(await viewerFor("grid"), { taskId: t2.id, version: t2.version }));
    expect(e.detail).toEqual({ key: "projectTaskUnchecked", values: { count: 5 } });
    // Others than the grid's workers cannot fill in or finish it.
    expect((await rejection(finishTask(await viewerFor("grid2"), { taskId: t2.id, version: t2.version }))).code).toBe("NOT_FOUND");
    expect((await rejection(finishTask(await viewerFor("community"), { taskId: t2.id, version: t2.version }))).code).toBe("FORBIDDEN");
  });
});
