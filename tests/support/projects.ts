// Fixture helpers of the special projects tests: registry records to check in the fixture
// grids, a fire-safety template, campaigns and submissions. Registry rows are written
// straight to the database: the registries' own functions are tested by their suites.
import { randomUUID } from "node:crypto";
import type { PlaceCategory, HouseTenure } from "@/lib/generated/prisma/client.ts";
import { createProject, startProject } from "@/lib/projects/data";
import type { CreateProjectInput } from "@/lib/projects/schemas";
import { submitForm } from "@/lib/projects/tasks-data";
import type { TemplateField } from "@/lib/projects/templates";
import { saveTemplate } from "@/lib/projects/templates-data";
import { db } from "@/lib/server/db";
import { fixture, viewerFor, type UnitKey } from "./fixtures";

export const requestKey = () => randomUUID().replaceAll("-", "");

/** The fire-safety form: a finding on "no extinguisher" and on ticked problems. */
export function fireFields(categoryId: number | null = null): TemplateField[] {
  return [
    { key: "f1", type: "yesNo", label: "是否配备灭火器", required: true, finding: { values: [false], ...(categoryId ? { categoryId } : {}) } },
    { key: "f2", type: "number", label: "灭火器数量", required: true, integer: true, min: 1, max: 50, showIf: { field: "f1", values: [true] } },
    {
      key: "f3",
      type: "multi",
      label: "存在问题",
      required: false,
      options: [
        { value: "o1", label: "电动车室内充电" },
        { value: "o2", label: "疏散通道堵塞" },
        { value: "o3", label: "未发现问题" },
      ],
      finding: { values: ["o1", "o2"] },
    },
    { key: "f4", type: "single", label: "燃气瓶存放", required: false, options: [{ value: "o1", label: "规范" }, { value: "o2", label: "不规范" }] },
    { key: "f5", type: "text", label: "备注", required: false },
  ];
}

export async function makeTemplate(username = "center", fields: TemplateField[] = fireFields(), name = "消防安全检查表") {
  return saveTemplate(await viewerFor(username), { name, description: "", fields });
}

let serial = 0;

/** A place in a fixture grid. */
export async function makePlace(key: UnitKey, category: PlaceCategory, name?: string) {
  const n = ++serial;
  return db.place.create({ data: { gridId: fixture().units[key], name: name ?? `测试商铺${n}`, category, address: `测试路${n}号` }, select: { id: true, name: true } });
}

/** A house in a fixture grid. */
export async function makeHouse(key: UnitKey, tenure: HouseTenure) {
  const n = ++serial;
  return db.house.create({ data: { gridId: fixture().units[key], building: `${n}栋`, unitNo: "1", room: "101", address: `测试小区 ${n}栋 1单元 101`, tenure }, select: { id: true, address: true } });
}

/**
 * Records of the fixture territory: in G111 two rented houses, one owner-occupied house,
 * two shops, a restaurant and a rental-housing place; one rented house and one shop in
 * G112; a shop in G121, G211 and the other county's GB.
 */
export async function makeRecords() {
  const g111 = {
    rented: [await makeHouse("G111", "RENTED"), await makeHouse("G111", "RENTED")],
    owned: await makeHouse("G111", "OWNER_OCCUPIED"),
    shops: [await makePlace("G111", "SHOP", "便民超市"), await makePlace("G111", "SHOP", "五金店")],
    restaurant: await makePlace("G111", "RESTAURANT", "拉面馆"),
    rental: await makePlace("G111", "RENTAL_HOUSING", "王家出租房"),
  };
  const g112 = { rented: await makeHouse("G112", "RENTED"), shop: await makePlace("G112", "SHOP", "烟酒店") };
  const others = { g121: await makePlace("G121", "SHOP"), g211: await makePlace("G211", "SHOP"), gb: await makePlace("GB", "SHOP", "邻县商铺") };
  return { g111, g112, others };
}

const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export function projectInput(templateId: string, extra: Partial<CreateProjectInput> = {}): CreateProjectInput {
  return {
    title: "出租房及商铺消防安全隐患排查",
    type: "HAZARD_SCREENING",
    description: "逐户检查灭火器、疏散通道、电动车充电和燃气瓶。",
    startsOn: today(),
    endsOn: inAMonth(),
    coverUnitIds: [fixture().units.A],
    leadDepartmentId: null,
    ownerId: null,
    templateId,
    versionPolicy: "PINNED",
    selectors: [
      { kind: "HOUSE", tenures: ["RENTED"] },
      { kind: "PLACE", categories: ["SHOP", "RENTAL_HOUSING"] },
    ],
    ...extra,
  };
}

/** A started campaign (by `username`) with the fire template; returns its id and the template. */
export async function startedProject(username = "center", extra: Partial<CreateProjectInput> = {}, fields: TemplateField[] = fireFields()) {
  const template = await makeTemplate(username, fields);
  const viewer = await viewerFor(username);
  const { id } = await createProject(viewer, projectInput(template.id, extra));
  const started = await startProject(viewer, { id, version: 1 });
  return { ...started, id, templateId: template.id };
}

export async function taskOf(projectId: string, key: UnitKey) {
  return db.projectTask.findUniqueOrThrow({ where: { projectId_gridId: { projectId, gridId: fixture().units[key] } } });
}

export async function itemsOf(taskId: string) {
  return db.projectTaskItem.findMany({ where: { taskId }, orderBy: { id: "asc" } });
}

export async function pinnedVersion(projectId: string): Promise<string> {
  return (await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { templateVersionId: true } })).templateVersionId!;
}

/** Submits answers for one item as a grid worker. */
export async function submit(username: string, projectId: string, taskId: string, itemId: bigint | string | null, answers: Record<string, unknown>, versionId?: string) {
  return submitForm(await viewerFor(username), {
    taskId,
    ...(itemId !== null ? { itemId: String(itemId) } : {}),
    templateVersionId: versionId ?? (await pinnedVersion(projectId)),
    requestKey: requestKey(),
    answers,
  });
}

/** Row counts of the module's tables: "nothing changed" checks compare these. */
export async function projectCounts() {
  const [submissions, findings, checked, versions, tasks] = await Promise.all([
    db.projectSubmission.count(),
    db.projectFinding.count(),
    db.projectTaskItem.count({ where: { checkedAt: { not: null } } }),
    db.formTemplateVersion.count(),
    db.projectTask.findMany({ orderBy: { id: "asc" }, select: { id: true, version: true, itemsChecked: true, submissionCount: true, findingCount: true, status: true } }),
  ]);
  return { submissions, findings, checked, versions, tasks };
}
