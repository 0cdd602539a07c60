import { describe, expect, it } from "vitest";
import { closeProject, createProject, startProject } from "@/lib/projects/data";
import { saveTemplateSchema } from "@/lib/projects/schemas";
import { getFillContext, getSubmission } from "@/lib/projects/tasks-data";
import { getTemplate, listTemplates, saveTemplate } from "@/lib/projects/templates-data";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { viewerFor } from "../support/fixtures";
import { rejection } from "../support/grid";
import { fireFields, itemsOf, makeRecords, makeTemplate, projectCounts, projectInput, submit, taskOf } from "../support/projects";

describe("form templates", () => {
  it("creates version 1, makes a new version only when the fields change", async () => {
    const center = await viewerFor("center");
    const t = await makeTemplate();
    expect(t).toMatchObject({ versionNo: 1, created: true });
    const renamed = await saveTemplate(center, { id: t.id, version: 1, name: "消防安全检查表（2026）", description: "说明", fields: fireFields() });
    expect(renamed.versionNo).toBe(1);
    const edited = await saveTemplate(center, { id: t.id, version: 2, name: "消防安全检查表（2026）", description: "说明", fields: [...fireFields(), { key: "f6", type: "photo", label: "现场照片", required: false }] });
    expect(edited.versionNo).toBe(2);
    const read = await getTemplate(center, t.id);
    expect(read.versions.map((v) => v.no)).toEqual([2, 1]);
    expect(read.current.fields.map((f) => f.key)).toContain("f6");
    expect((await getTemplate(center, t.id, 1)).current.fields.map((f) => f.key)).not.toContain("f6");
    expect(read.usedKeys.sort()).toEqual(["f1", "f2", "f3", "f4", "f5", "f6"]);
  });

  it("refuses a broken template with a message per field, and saves nothing", async () => {
    const center = await viewerFor("center");
    const before = await db.formTemplate.count();
    const bad = [
      { key: "f1", type: "single", label: "燃气瓶", required: true, options: [{ value: "o1", label: "规范" }] },
      { key: "f2", type: "text", label: "说明", required: false, showIf: { field: "f3", values: [true] } },
      { key: "f3", type: "yesNo", label: "有无", required: false, finding: { values: ["no"] } },
    ];
    const r = await runAction(center, saveTemplateSchema, saveTemplate, { name: "坏模板", description: "", fields: bad });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe("VALIDATION");
    expect(r.fieldErrors).toEqual({
      "fields.0.options": "至少需要两个选项",
      "fields.1.showIf": "显示条件须引用排在前面的字段",
      "fields.2.finding": "请选择哪些回答算作发现问题",
    });
    expect(await db.formTemplate.count()).toBe(before);
  });

  it("refuses unknown properties and field types through the action", async () => {
    const center = await viewerFor("center");
    const r = await runAction(center, saveTemplateSchema, saveTemplate, { name: "模板", description: "", fields: [{ key: "f1", type: "script", label: "x", required: false }] });
    expect(r.ok).toBe(false);
    const r2 = await runAction(center, saveTemplateSchema, saveTemplate, { name: "模板", description: "", fields: [{ key: "f1", type: "text", label: "x", required: false, onload: "x" }] });
    expect(r2.ok).toBe(false);
    expect(await db.formTemplate.count()).toBe(0);
  });

  it("refuses removing a field answered in a running campaign that follows the newest version, and changes nothing", async () => {
    await makeRecords();
    const center = await viewerFor("center");
    const t = await makeTemplate();
    const { id } = await createProject(center, projectInput(t.id, { versionPolicy: "LATEST" }));
    await startProject(center, { id, version: 1 });
    const task = await taskOf(id, "G111");
    const [item] = await itemsOf(task.id);
    await submit("grid", id, task.id, item.id, { f1: true, f2: 2, f3: ["o3"], f5: "店主配合" });
    const before = await projectCounts();
    const without = fireFields().filter((f) => f.key !== "f5");
    const r = await runAction(center, saveTemplateSchema, saveTemplate, { id: t.id, version: 1, name: "消防安全检查表", description: "", fields: without });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe("CONFLICT");
    expect(r.message).toContain("备注");
    expect(r.message).toContain("出租房及商铺消防安全隐患排查");
    expect(r.message).toContain("1 份");
    expect(await projectCounts()).toEqual(before);
    expect((await db.formTemplate.findUniqueOrThrow({ where: { id: t.id } })).latestVersionNo).toBe(1);

    // Removing a field nobody answered is fine; so is everything once the campaign ended.
    const noF4 = fireFields().filter((f) => f.key !== "f4");
    expect((await saveTemplate(center, { id: t.id, version: 1, name: "消防安全检查表", description: "", fields: noF4 })).versionNo).toBe(2);
    await closeProject(center, { id, version: 2, note: "" });
    expect((await saveTemplate(center, { id: t.id, version: 2, name: "消防安全检查表", description: "", fields: noF4.filter((f) => f.key !== "f5") })).versionNo).toBe(3);
  });

  it("lets a pinned campaign's template change freely: its entries keep their version", async () => {
    await makeRecords();
    const center = await viewerFor("center");
    const t = await makeTemplate();
    const { id } = await createProject(center, projectInput(t.id));
    await startProject(center, { id, version: 1 });
    const task = await taskOf(id, "G111");
    const [item] = await itemsOf(task.id);
    const s = await submit("grid", id, task.id, item.id, { f1: true, f2: 2, f5: "店主配合" });
    await saveTemplate(center, { id: t.id, version: 1, name: "消防安全检查表", description: "", fields: fireFields().filter((f) => f.key !== "f5") });
    // The entry is still shown with its own version, the removed field included.
    const shown = await getSubmission(await viewerFor("grid"), s.id);
    expect(shown.version.no).toBe(1);
    expect(shown.fields.map((f) => f.field.key)).toContain("f5");
    // The worker's form stays on the pinned version.
    const ctx = await getFillContext(await viewerFor("grid"), task.id);
    expect(ctx.version.no).toBe(1);
  });

  it("refuses giving a key a new type", async () => {
    const center = await viewerFor("center");
    const t = await makeTemplate();
    const retyped = fireFields().map((f) => (f.key === "f5" ? { ...f, type: "longText" as const } : f));
    const e = await rejection(saveTemplate(center, { id: t.id, version: 1, name: "x", description: "", fields: retyped }));
    expect(e.code).toBe("VALIDATION");
    expect(e.detail?.key).toBe("projectKeyReused");
  });

  it("refuses an edit made on a stale version of the template", async () => {
    const center = await viewerFor("center");
    const t = await makeTemplate();
    await saveTemplate(center, { id: t.id, version: 1, name: "改名", description: "", fields: fireFields() });
    const e = await rejection(saveTemplate(center, { id: t.id, version: 1, name: "又改名", description: "", fields: fireFields() }));
    expect(e.code).toBe("STALE");
    expect((await db.formTemplate.findUniqueOrThrow({ where: { id: t.id } })).name).toBe("改名");
  });

  it("shares a county template downwards for use, but only its owners edit it", async () => {
    const t = await makeTemplate("center");
    const township = await viewerFor("township");
    expect((await listTemplates(township)).find((x) => x.id === t.id)?.editable).toBe(false);
    expect((await getTemplate(township, t.id)).editable).toBe(false);
    expect((await rejection(saveTemplate(township, { id: t.id, version: 1, name: "x", description: "", fields: fireFields() }))).code).toBe("NOT_FOUND");
    const mine = await makeTemplate("township");
    expect((await listTemplates(await viewerFor("center"))).some((x) => x.id === mine.id)).toBe(true);
    expect((await listTemplates(await viewerFor("adminB"))).some((x) => x.id === t.id)).toBe(false);
    expect((await rejection(getTemplate(await viewerFor("adminB"), t.id))).code).toBe("NOT_FOUND");
  });
});
