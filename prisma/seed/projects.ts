// Demo data of the special projects module: two form templates built the way the browser
// builder would, an autumn dispute screening of one township that has finished, and a
// county-wide fire-safety screening of rental housing and shops that is running. Entries
// are generated from a seeded PRNG and checked with the module's own rules
// (validateSubmission), so the findings are exactly what the forms say; some findings
// became dispatch events, generated along the real state machine (report, handled on the
// spot, closed after the center's follow-up call) and checked with its replay.
// Entries are attributed to the demo accounts: a grid's own worker where the demo has
// one, otherwise the township officer who keyed in the paper forms.
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { labelPoint, type PolygonalGeometry } from "@/lib/geo";
import { rankOf, replay, type EntryLike, type EventState } from "@/lib/dispatch/workflow";
import { itemInsert } from "@/lib/projects/data";
import { endOfDay } from "@/lib/projects/permissions";
import type { RecordSelector } from "@/lib/projects/schemas";
import { validateSubmission, type TemplateField } from "@/lib/projects/templates";
import type { Db } from "@/lib/server/prisma";
import { DEMO_COUNTY_CODE } from "./demo";

const DAY = 24 * 3600_000;
const HOUR = 3600_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// --- the templates --------------------------------------------------------------------------

function fireFields(cat: (code: string) => number | null, withV2: boolean): TemplateField[] {
  const fields: TemplateField[] = [
    { key: "f1", type: "yesNo", label: "是否按要求配备灭火器", required: true, help: "每50平方米至少2具4公斤干粉灭火器", finding: { values: [false], categoryId: cat("fire-equipment") } },
    { key: "f2", type: "number", label: "灭火器数量（具）", required: true, integer: true, min: 1, max: 99, showIf: { field: "f1", values: [true] } },
    { key: "f3", type: "yesNo", label: "灭火器压力是否正常、在有效期内", required: true, showIf: { field: "f1", values: [true] }, finding: { values: [false], categoryId: cat("fire-equipment") } },
    { key: "f4", type: "yesNo", label: "疏散通道、安全出口是否畅通", required: true, finding: { values: [false], categoryId: cat("fire-exit") } },
    { key: "f5", type: "yesNo", label: "是否存在电动自行车室内停放或充电", required: true, finding: { values: [true], categoryId: cat("fire-ebike") } },
    {
      key: "f6",
      type: "multi",
      label: "电动自行车停放充电位置",
      required: true,
      options: [
        { value: "o1", label: "楼道、楼梯间" },
        { value: "o2", label: "住人房间内" },
        { value: "o3", label: "门厅、店面内" },
        { value: "o4", label: "私拉电线“飞线”充电" },
      ],
      showIf: { field: "f5", values: [true] },
    },
    {
      key: "f7",
      type: "single",
      label: "燃气使用情况",
      required: true,
      options: [
        { value: "o1", label: "管道天然气" },
        { value: "o2", label: "液化石油气瓶" },
        { value: "o3", label: "未使用燃气" },
      ],
    },
    {
      key: "f8",
      type: "single",
      label: "液化气瓶存放情况",
      required: true,
      options: [
        { value: "o1", label: "规范存放" },
        { value: "o2", label: "与灶具、明火距离不足" },
        { value: "o3", label: "超量存放（2瓶以上）" },
        { value: "o4", label: "减压阀、软管老化" },
      ],
      showIf: { field: "f7", values: ["o2"] },
      finding: { values: ["o2", "o3", "o4"], categoryId: cat("work-gas") },
    },
    { key: "f9", type: "yesNo", label: "是否存在私拉乱接电线", required: true, finding: { values: [true], categoryId: cat("fire-wiring") } },
    {
      key: "f10",
      type: "single",
      label: "整改情况",
      required: true,
      options: [
        { value: "o1", label: "无需整改" },
        { value: "o2", label: "已当场整改" },
        { value: "o3", label: "已下达限期整改通知" },
      ],
    },
    { key: "f11", type: "photo", label: "现场照片", required: false, maxPhotos: 3 },
    { key: "f12", type: "longText", label: "备注", required: false },
  ];
  // Version 2 (after the campaign started): a question on gas alarms for bottled gas.
  if (withV2)
    fields.splice(8, 0, {
      key: "f13",
      type: "yesNo",
      label: "是否安装可燃气体报警器",
      required: false,
      showIf: { field: "f7", values: ["o2"] },
      finding: { values: [false], categoryId: cat("work-gas") },
    });
  return fields;
}

const DISPUTE_TYPES = [
  { value: "o1", label: "邻里纠纷" },
  { value: "o2", label: "婚姻家庭纠纷" },
  { value: "o3", label: "土地山林权属纠纷" },
  { value: "o4", label: "物业服务纠纷" },
  { value: "o5", label: "民间借贷纠纷" },
  { value: "o6", label: "劳动争议" },
  { value: "o7", label: "其他" },
];

function disputeFields(cat: (code: string) => number | null): TemplateField[] {
  return [
    { key: "d1", type: "single", label: "走访方式", required: true, options: [{ value: "o1", label: "入户走访" }, { value: "o2", label: "电话联系" }] },
    { key: "d2", type: "yesNo", label: "本户是否存在矛盾纠纷或隐患苗头", required: true, finding: { values: [true], categoryId: cat("disputes-neighbour") } },
    { key: "d3", type: "single", label: "纠纷类型", required: true, options: DISPUTE_TYPES, showIf: { field: "d2", values: [true] } },
    { key: "d4", type: "longText", label: "纠纷简要情况", required: true, showIf: { field: "d2", values: [true] } },
    { key: "d5", type: "single", label: "风险等级", required: true, options: [{ value: "o1", label: "一般" }, { value: "o2", label: "较大" }, { value: "o3", label: "重大" }], showIf: { field: "d2", values: [true] } },
    {
      key: "d6",
      type: "single",
      label: "化解情况",
      required: true,
      options: [{ value: "o1", label: "已当场化解" }, { value: "o2", label: "正在调解" }, { value: "o3", label: "需上级协调" }],
      showIf: { field: "d2", values: [true] },
    },
    { key: "d7", type: "record", label: "主要当事人", required: false, recordKind: "RESIDENT", showIf: { field: "d2", values: [true] } },
    { key: "d8", type: "longText", label: "备注", required: false },
  ];
}

const DISPUTE_TEXTS: Record<string, string[]> = {
  o1: ["与邻居因楼道堆放杂物发生口角，双方情绪较大。", "楼上漏水浸湿楼下房屋吊顶，赔偿问题协商未果。", "因院墙边界与邻居争执，曾发生推搡。"],
  o2: ["夫妻因子女抚养问题长期争吵，女方有离婚意向。", "赡养老人问题兄弟间分歧较大，老人生活缺少照料。"],
  o3: ["与邻村村民因承包地界限存在争议，已持续两年。", "祖坟附近林地权属与本家族其他户有争议。"],
  o4: ["对小区物业费上调不满，拒交物业费，与物业公司关系紧张。", "小区电梯长期故障，多户业主与物业公司矛盾突出。"],
  o5: ["借给亲戚的3万元到期未还，多次催要无果。", "为他人担保借款，债权人上门催讨。"],
  o6: ["在建筑工地务工，2个月工资共1.2万元被拖欠。", "被用人单位辞退，对经济补偿有异议。"],
  o7: ["对低保评定结果有意见，情绪不稳定。", "因宅基地审批问题多次到镇上反映。"],
};

/** A note on the first problem found, by field. */
const FIRE_NOTES: Record<string, string[]> = {
  f1: ["未配备灭火器，已要求三日内按面积配齐。", "仅有一具过期灭火器，已告知购置新灭火器。"],
  f3: ["灭火器压力指针在红区，已告知更换。", "灭火器已过有效期，已联系充装点上门检修。"],
  f4: ["安全出口被货物堵塞，已要求店主当天清理。", "后门上锁、通道堆放纸箱，已督促清理并保持畅通。"],
  f5: ["楼道内停放电动车3辆，已督促业主清理。", "租户在房间内给电动车电池充电，已宣传并要求到集中充电点充电。"],
  f8: ["后厨液化气瓶紧挨灶台，已要求挪至安全位置。", "店内存放液化气瓶3个，已要求清退多余气瓶。"],
  f9: ["二楼出租屋内私拉电线为电动车充电，已当场拆除。", "插线板串接使用，已要求由电工规范布线。"],
};

// --- generation -------------------------------------------------------------------------

interface Ctx {
  client: Db;
  rng: () => number;
  now: Date;
  countyId: number;
  users: Map<string, { id: string; displayName: string; role: string; unitId: number }>;
}

/** The demo account that enters a grid's forms: its own worker, else the township officer. */
function submitterFor(ctx: Ctx, grid: { id: number; pathIds: number[] }) {
  for (const u of ctx.users.values()) if (u.role === "GRID_WORKER" && u.unitId === grid.id) return u;
  for (const u of ctx.users.values()) if (u.role === "TOWNSHIP_OFFICER" && grid.pathIds.includes(u.unitId)) return u;
  return null;
}

function asJson(v: unknown): Prisma.InputJsonValue {
  return v as Prisma.InputJsonValue;
}

async function createTemplate(client: Db, unitId: number, createdById: string, name: string, description: string, versions: { fields: TemplateField[]; at: Date }[]) {
  const t = await client.formTemplate.create({
    data: { unitId, name, description, latestVersionNo: versions.length, version: versions.length, createdById, createdAt: versions[0].at },
    select: { id: true },
  });
  const ids: string[] = [];
  for (const [i, v] of versions.entries()) {
    const row = await client.formTemplateVersion.create({ data: { templateId: t.id, no: i + 1, fields: asJson(v.fields), createdById, createdAt: v.at }, select: { id: true } });
    ids.push(row.id);
  }
  return { id: t.id, versionIds: ids };
}

interface CampaignSpec {
  title: string;
  type: "HAZARD_SCREENING" | "DISPUTE_SCREENING";
  description: string;
  unitId: number;
  coverUnitIds: number[];
  startsAt: Date;
  endsAt: Date;
  closedAt: Date | null;
  closingNote: string | null;
  leadDepartmentId: number | null;
  ownerId: string;
  createdById: string;
  templateId: string;
  templateVersionId: string;
  fields: TemplateField[];
  selectors: RecordSelector[];
  /** Share of a grid's records checked, by grid. */
  share: (grid: { id: number; pathIds: number[] }) => number;
  answers: (rng: () => number) => Record<string, unknown>;
  /** Share of findings that became events, and of those still awaiting the center's follow-up. */
  converted: number;
  awaitingFeedback: number;
}

const day = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 10);

async function createCampaign(ctx: Ctx, spec: CampaignSpec) {
  const { client, rng } = ctx;
  const endsOn = day(spec.endsAt);
  const project = await client.project.create({
    data: {
      title: spec.title,
      type: spec.type,
      description: spec.description,
      unitId: spec.unitId,
      coverUnitIds: spec.coverUnitIds,
      startsOn: new Date(`${day(spec.startsAt)}T00:00:00Z`),
      endsOn: new Date(`${endsOn}T00:00:00Z`),
      dueAt: endOfDay(endsOn),
      leadDepartmentId: spec.leadDepartmentId,
      ownerId: spec.ownerId,
      templateId: spec.templateId,
      versionPolicy: "PINNED",
      templateVersionId: spec.templateVersionId,
      recordFilter: asJson(spec.selectors),
      status: spec.closedAt ? "CLOSED" : "RUNNING",
      startedAt: spec.startsAt,
      closedAt: spec.closedAt,
      closingNote: spec.closingNote,
      version: spec.closedAt ? 3 : 2,
      createdById: spec.createdById,
      createdAt: new Date(spec.startsAt.getTime() - 2 * DAY),
    },
    select: { id: true, dueAt: true },
  });
  const grids = await client.unit.findMany({
    where: { level: "GRID", retiredAt: null, OR: spec.coverUnitIds.map((u) => ({ pathIds: { has: u } })) },
    select: { id: true, pathIds: true, name: true, boundary: true, centerLat: true, centerLng: true },
    orderBy: { code: "asc" },
  });
  await client.projectTask.createMany({ data: grids.map((g) => ({ projectId: project.id, gridId: g.id, dueAt: project.dueAt, createdAt: spec.startsAt })) });
  for (const s of spec.selectors) await client.$executeRaw(itemInsert(project.id, s));
  const tasks = await client.projectTask.findMany({ where: { projectId: project.id }, select: { id: true } });
  const gridOf = new Map(grids.map((g) => [g.id, g]));
  const items = await client.projectTaskItem.findMany({
    where: { task: { projectId: project.id } },
    orderBy: { id: "asc" },
    select: { id: true, taskId: true, label: true, kind: true, recordId: true, task: { select: { gridId: true } } },
  });

  const subs: Prisma.ProjectSubmissionCreateManyInput[] = [];
  const findings: (Prisma.ProjectFindingCreateManyInput & { submitterId: string; at: Date })[] = [];
  const checked: { id: bigint; at: Date; submissionId: string; finding: boolean }[] = [];
  const until = spec.closedAt ?? ctx.now;
  let n = 0;
  for (const item of items) {
    const grid = gridOf.get(item.task.gridId)!;
    const who = submitterFor(ctx, grid);
    if (!who || rng() >= spec.share(grid)) continue;
    const check = validateSubmission(spec.fields, spec.answers(rng));
    if (Object.keys(check.errors).length) throw new Error(`demo answers do not fit the template: ${JSON.stringify(check.errors)}`);
    const at = new Date(spec.startsAt.getTime() + rng() * (until.getTime() - spec.startsAt.getTime() - 2 * HOUR));
    at.setUTCHours(1 + Math.floor(rng() * 9), Math.floor(rng() * 60));
    if (at > until) at.setTime(until.getTime() - HOUR);
    const id = `ps${String(++n).padStart(5, "0")}${project.id.slice(-6)}`;
    subs.push({
      id,
      projectId: project.id,
      taskId: item.taskId,
      gridId: grid.id,
      itemId: item.id,
      templateVersionId: spec.templateVersionId,
      answers: asJson(check.answers),
      findingCount: check.findings.length,
      submittedById: who.id,
      submittedAt: at,
      requestKey: `demo-${id}`,
    });
    checked.push({ id: item.id, at, submissionId: id, finding: check.findings.length > 0 });
    for (const key of check.findings) {
      const field = spec.fields.find((f) => f.key === key)!;
      const a = check.answers[key];
      const answer = field.type === "yesNo" ? (a ? "是" : "否") : field.type === "single" ? (field.options!.find((o) => o.value === a)?.label ?? String(a)) : String(a);
      findings.push({
        id: `pf${String(findings.length + 1).padStart(5, "0")}${project.id.slice(-6)}`,
        projectId: project.id,
        taskId: item.taskId,
        gridId: grid.id,
        submissionId: id,
        fieldKey: key,
        fieldLabel: field.label,
        answer,
        recordLabel: item.label,
        categoryId: field.finding?.categoryId ?? null,
        createdAt: at,
        submitterId: who.id,
        at,
      });
    }
  }
  for (let i = 0; i < subs.length; i += 500) await client.projectSubmission.createMany({ data: subs.slice(i, i + 500) });
  for (let i = 0; i < findings.length; i += 500) await client.projectFinding.createMany({ data: findings.slice(i, i + 500).map(({ submitterId: _s, at: _a, ...f }) => f) });
  if (checked.length)
    await client.$executeRaw`
      UPDATE "ProjectTaskItem" i SET "checkedAt" = c."at", "submissionId" = c."sid", "hasFinding" = c."finding"
      FROM unnest(${checked.map((c) => c.id)}::bigint[], ${checked.map((c) => c.at)}::timestamp[], ${checked.map((c) => c.submissionId)}::text[], ${checked.map((c) => c.finding)}::bool[]) AS c("id", "at", "sid", "finding")
      WHERE i."id" = c."id"`;

  // Some findings became events: reported by the one who found it, handled on the spot,
  // then closed after the center's follow-up call (or still awaiting it).
  const events = await convertSome(ctx, findings, gridOf, spec);

  // Counters as the submission transaction keeps them; a task whose list is all checked is done.
  await client.$executeRaw`
    UPDATE "ProjectTask" t SET
      "itemsTotal" = (SELECT count(*) FROM "ProjectTaskItem" i WHERE i."taskId" = t."id"),
      "itemsChecked" = (SELECT count(*) FROM "ProjectTaskItem" i WHERE i."taskId" = t."id" AND i."checkedAt" IS NOT NULL),
      "submissionCount" = (SELECT count(*) FROM "ProjectSubmission" s WHERE s."taskId" = t."id" AND s."supersededAt" IS NULL),
      "findingCount" = (SELECT count(*) FROM "ProjectFinding" f WHERE f."taskId" = t."id" AND f."voidedAt" IS NULL),
      "eventCount" = (SELECT count(*) FROM "ProjectFinding" f WHERE f."taskId" = t."id" AND f."eventId" IS NOT NULL)
    WHERE t."projectId" = ${project.id}`;
  await client.$executeRaw`
    UPDATE "ProjectTask" t SET "status" = 'DONE', "doneAt" = (SELECT max(i."checkedAt") FROM "ProjectTaskItem" i WHERE i."taskId" = t."id")
    WHERE t."projectId" = ${project.id} AND t."itemsTotal" > 0 AND t."itemsChecked" = t."itemsTotal"`;
  return { id: project.id, tasks: tasks.length, items: items.length, submissions: subs.length, findings: findings.length, events };
}

async function convertSome(
  ctx: Ctx,
  findings: { id?: string; gridId: number; fieldLabel: string; answer: string; recordLabel?: string | null; categoryId?: number | null; submitterId: string; at: Date }[],
  gridOf: Map<number, { id: number; pathIds: number[]; name: string; boundary: unknown; centerLat: number | null; centerLng: number | null }>,
  spec: CampaignSpec,
): Promise<number> {
  const { client, rng, now } = ctx;
  const center = ctx.users.get("center");
  if (!center) return 0;
  const byId = new Map([...ctx.users.values()].map((u) => [u.id, u]));
  const eventsOut: Prisma.EventCreateManyInput[] = [];
  const entriesOut: (Prisma.EventTimelineEntryCreateManyInput & { findingId: string })[] = [];
  const links: { findingId: string; eventId: string }[] = [];
  let n = 0;
  for (const f of findings) {
    if (!f.categoryId || rng() >= spec.converted) continue;
    const reporter = byId.get(f.submitterId);
    const grid = gridOf.get(f.gridId);
    if (!reporter || !grid) continue;
    const id = `evproj${String(++n).padStart(4, "0")}${spec.templateVersionId.slice(-6)}`;
    const reportedAt = new Date(f.at.getTime() + (10 + rng() * 90) * 60_000);
    const local: EventState = reporter.role === "GRID_WORKER" ? "REPORTED" : "AT_TOWNSHIP";
    const handledAt = new Date(reportedAt.getTime() + (6 + rng() * 60) * HOUR);
    const closedAt = new Date(handledAt.getTime() + (4 + rng() * 30) * HOUR);
    const awaiting = closedAt >= now || rng() < spec.awaitingFeedback;
    if (handledAt >= now) continue;
    const rating = rng() < 0.75 ? 5 : 4;
    const entries: (EntryLike & { at: Date; actor: { id: string; displayName: string; role: string }; reply?: string; comment?: string })[] = [
      { action: "report", taskId: null, fromState: null, toState: local, taskFromState: null, taskToState: null, data: { source: "PROJECT_FINDING" }, at: reportedAt, actor: reporter },
      { action: "closeLocal", taskId: null, fromState: local, toState: "FEEDBACK", taskFromState: null, taskToState: null, data: null, at: handledAt, actor: reporter, reply: "已督促当事人当场整改，复查合格。" },
      ...(awaiting ? [] : [{ action: "close", taskId: null, fromState: "FEEDBACK" as EventState, toState: "CLOSED" as EventState, taskFromState: null, taskToState: null, data: { rating }, at: closedAt, actor: center, comment: "已电话回访，群众表示满意。" }]),
    ];
    const r = replay(entries);
    if (r.errors.length) throw new Error(`demo project event does not replay: ${r.errors.join("; ")}`);
    const [lng, lat] = grid.centerLat != null && grid.centerLng != null ? [grid.centerLng, grid.centerLat] : labelPoint(grid.boundary as PolygonalGeometry);
    eventsOut.push({
      id,
      source: "PROJECT_FINDING",
      sourceRef: f.id!,
      categoryId: f.categoryId,
      urgency: "NORMAL",
      title: `${f.fieldLabel}：${f.recordLabel ?? grid.name}`.slice(0, 100),
      description: `【专项】${spec.title}\n检查对象：${f.recordLabel ?? grid.name}\n发现问题：${f.fieldLabel} —— ${f.answer}`,
      lat,
      lng,
      gridId: grid.id,
      autoGridId: grid.id,
      holderUnitId: awaiting ? ctx.countyId : null,
      state: r.state!,
      isOpen: awaiting,
      version: r.version,
      rank: rankOf(0, "NORMAL"),
      rating: awaiting ? null : rating,
      resolvedLevel: reporter.role === "GRID_WORKER" ? "GRID" : "TOWNSHIP",
      reporterId: reporter.id,
      idempotencyKey: `demo-${id}`,
      reportedAt,
      closedAt: awaiting ? null : closedAt,
    });
    for (const e of entries)
      entriesOut.push({
        findingId: f.id!,
        eventId: id,
        countyId: ctx.countyId,
        action: e.action,
        actorId: e.actor.id,
        actorName: e.actor.displayName,
        actorRole: e.actor.role,
        fromState: e.fromState,
        toState: e.toState,
        reply: e.reply ?? null,
        comment: e.comment ?? null,
        data: (e.data ?? undefined) as Prisma.InputJsonValue | undefined,
        at: e.at,
      });
    links.push({ findingId: f.id!, eventId: id });
  }
  if (!eventsOut.length) return 0;
  const created = await client.event.createManyAndReturn({ data: eventsOut, select: { id: true, no: true } });
  const noOf = new Map(created.map((e) => [e.id, e.no]));
  const ordered = entriesOut.sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime());
  await client.eventTimelineEntry.createMany({ data: ordered.map(({ findingId: _f, ...e }) => e) });
  await client.$executeRaw`
    UPDATE "ProjectFinding" f SET "eventId" = c."eventId", "eventNo" = c."no"
    FROM unnest(${links.map((l) => l.findingId)}::text[], ${links.map((l) => l.eventId)}::text[], ${links.map((l) => noOf.get(l.eventId)!)}::int[]) AS c("findingId", "eventId", "no")
    WHERE f."id" = c."findingId"`;
  return eventsOut.length;
}

// --- answers --------------------------------------------------------------------------------

function fireAnswers(rng: () => number): Record<string, unknown> {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rng() * list.length)];
  const a: Record<string, unknown> = {};
  a.f1 = rng() < 0.93;
  if (a.f1) {
    a.f2 = 1 + Math.floor(rng() * 4);
    a.f3 = rng() < 0.94;
  }
  a.f4 = rng() < 0.95;
  a.f5 = rng() < 0.08;
  if (a.f5) a.f6 = ["o1", "o2", "o3", "o4"].filter(() => rng() < 0.45).slice(0, 2);
  if (a.f5 && (a.f6 as string[]).length === 0) a.f6 = ["o1"];
  a.f7 = rng() < 0.42 ? "o1" : rng() < 0.6 ? "o2" : "o3";
  if (a.f7 === "o2") a.f8 = rng() < 0.8 ? "o1" : pick(["o2", "o3", "o4"]);
  a.f9 = rng() < 0.05;
  const problem = !a.f1 ? "f1" : a.f3 === false ? "f3" : !a.f4 ? "f4" : a.f5 ? "f5" : a.f8 && a.f8 !== "o1" ? "f8" : a.f9 ? "f9" : null;
  a.f10 = problem ? (rng() < 0.45 ? "o2" : "o3") : "o1";
  if (problem && rng() < 0.6) a.f12 = pick(FIRE_NOTES[problem]);
  return a;
}

function disputeAnswers(rng: () => number): Record<string, unknown> {
  const a: Record<string, unknown> = { d1: rng() < 0.84 ? "o1" : "o2", d2: rng() < 0.065 };
  if (a.d2) {
    const type = DISPUTE_TYPES[Math.floor(rng() * DISPUTE_TYPES.length)].value;
    a.d3 = type;
    const texts = DISPUTE_TEXTS[type];
    a.d4 = texts[Math.floor(rng() * texts.length)];
    a.d5 = rng() < 0.8 ? "o1" : rng() < 0.85 ? "o2" : "o3";
    a.d6 = rng() < 0.55 ? "o1" : rng() < 0.78 ? "o2" : "o3";
  }
  return a;
}

// --- the seed ---------------------------------------------------------------------------------

/** Templates, one finished and one running campaign; runs once (skips when campaigns exist). */
export async function seedProjects(client: Db, log: (msg: string) => void = console.log, now = new Date(Math.floor(Date.now() / 60_000) * 60_000)) {
  const county = await client.unit.findUnique({ where: { code: DEMO_COUNTY_CODE }, select: { id: true } });
  if (!county) return;
  if ((await client.project.count()) > 0) {
    log("projects: already loaded");
    return;
  }
  const started = Date.now();
  const users = new Map(
    (await client.user.findMany({ where: { username: { in: ["center", "township", "township2", "grid", "grid2", "community"] } }, select: { id: true, username: true, displayName: true, role: true, unitId: true } })).map((u) => [u.username, u]),
  );
  const center = users.get("center");
  const township = users.get("township");
  if (!center || !township) return;
  const categories = new Map((await client.eventCategory.findMany({ select: { id: true, code: true } })).map((c) => [c.code, c.id]));
  const cat = (code: string) => categories.get(code) ?? null;
  const dept = async (code: string) => (await client.department.findUnique({ where: { code }, select: { id: true } }))?.id ?? null;
  const ctx: Ctx = { client, rng: mulberry32(20_260_915), now, countyId: county.id, users };

  const fire = await createTemplate(client, county.id, center.id, "出租房屋及沿街商铺消防安全检查表", "用于出租房屋、群租房和沿街商铺的入户消防安全检查：灭火器、疏散通道、电动自行车、燃气和用电。", [
    { fields: fireFields(cat, false), at: new Date(now.getTime() - 12 * DAY) },
    { fields: fireFields(cat, true), at: new Date(now.getTime() - 2 * DAY) },
  ]);
  const dispute = await createTemplate(client, county.id, center.id, "矛盾纠纷排查登记表", "逐户排查矛盾纠纷和风险隐患，登记类型、风险等级和化解情况。", [
    { fields: disputeFields(cat), at: new Date(now.getTime() - 90 * DAY) },
  ]);

  // Autumn dispute screening of the demo township: finished, a few grids did not make it.
  const lagging = new Set<number>();
  const disputeRun = await createCampaign(ctx, {
    title: "2026年秋季矛盾纠纷集中排查化解",
    type: "DISPUTE_SCREENING",
    description: "以“大走访、大排查、大化解”为抓手，对辖区全部家庭户逐户走访，摸排邻里、婚姻家庭、土地权属、物业、借贷、劳动争议等矛盾纠纷，做到底数清、情况明、化解早。",
    unitId: township.unitId,
    coverUnitIds: [township.unitId],
    startsAt: new Date(now.getTime() - 76 * DAY),
    endsAt: new Date(now.getTime() - 16 * DAY),
    closedAt: new Date(now.getTime() - 14 * DAY),
    closingNote: "排查工作已完成，排查出的纠纷已全部登记并分流办理；3个网格未在规定时间内完成，已通报。",
    leadDepartmentId: await dept("justice"),
    ownerId: township.id,
    createdById: township.id,
    templateId: dispute.id,
    templateVersionId: dispute.versionIds[0],
    fields: disputeFields(cat),
    selectors: [{ kind: "HOUSEHOLD" }],
    share: (g) => {
      if (!lagging.has(g.id) && lagging.size < 3 && g.id % 5 === 2 && g.id !== users.get("grid")?.unitId) lagging.add(g.id);
      return lagging.has(g.id) ? 0.82 : 1;
    },
    answers: disputeAnswers,
    converted: 0.6,
    awaitingFeedback: 0,
  });

  // County-wide fire-safety screening: running, the demo townships under way.
  const fireRun = await createCampaign(ctx, {
    title: "出租房屋及沿街商铺消防安全隐患排查整治",
    type: "HAZARD_SCREENING",
    description: "对全市出租房屋、群租房和沿街商铺逐户开展消防安全检查，重点查灭火器配备、疏散通道、电动自行车违规停放充电、液化气瓶存放和私拉乱接电线；发现隐患当场整改，不能当场整改的转事件跟踪办理。",
    unitId: county.id,
    coverUnitIds: [county.id],
    startsAt: new Date(now.getTime() - 8 * DAY),
    endsAt: new Date(now.getTime() + 22 * DAY),
    closedAt: null,
    closingNote: null,
    leadDepartmentId: await dept("emergency"),
    ownerId: center.id,
    createdById: center.id,
    templateId: fire.id,
    templateVersionId: fire.versionIds[0],
    fields: fireFields(cat, false),
    selectors: [
      { kind: "HOUSE", tenures: ["RENTED"] },
      { kind: "PLACE", categories: ["SHOP", "RENTAL_HOUSING"] },
    ],
    // The demo grid worker is about half-way, so there is work left to try.
    share: (g) => (g.id === users.get("grid")?.unitId ? 0.5 : g.id === users.get("grid2")?.unitId ? 0.7 : 0.25 + ((g.id * 37) % 60) / 100),
    answers: fireAnswers,
    converted: 0.2,
    awaitingFeedback: 0.35,
  });

  // The grid workers were told when the fire campaign started.
  const fireTasks = await client.projectTask.findMany({ where: { projectId: fireRun.id, gridId: { in: [users.get("grid")?.unitId ?? -1, users.get("grid2")?.unitId ?? -1] } }, select: { id: true, gridId: true } });
  const notes = fireTasks.flatMap((t) =>
    [...users.values()]
      .filter((u) => u.role === "GRID_WORKER" && u.unitId === t.gridId)
      .map((u) => ({
        userId: u.id,
        kind: "projects.assigned",
        href: `/projects/tasks/${t.id}`,
        params: { title: "出租房屋及沿街商铺消防安全隐患排查整治", actor: center.displayName, due: day(new Date(now.getTime() + 22 * DAY)) },
        createdAt: new Date(now.getTime() - 8 * DAY),
        readAt: new Date(now.getTime() - 7 * DAY),
      })),
  );
  if (notes.length) await client.notification.createMany({ data: notes });

  log(
    `projects: 2 templates, dispute screening (${disputeRun.tasks} grids, ${disputeRun.submissions}/${disputeRun.items} checked, ${disputeRun.findings} findings, ${disputeRun.events} events), ` +
      `fire screening (${fireRun.tasks} grids, ${fireRun.submissions}/${fireRun.items} checked, ${fireRun.findings} findings, ${fireRun.events} events) (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}
