// Demo data of the grid module's second half: places (~10 per grid), objects (hydrants,
// cameras, manholes, a few hazard sources), sentiment entries, grid teams whose people
// serve neighbouring grids too, and a year of visit history for the households the people
// seed created, consistent with lib/visit-schedule.ts (some overdue, so the demo grid
// worker has work). Deterministic (seeded PRNG) and fictitious; runs after seedPeople.
//
// Rows go in with one INSERT ... SELECT FROM unnest(...) per few thousand rows: on the
// embedded database that is several times faster than createMany, which binds one
// parameter per value.
import { bbox, labelPoint, pointInPolygon, type PolygonalGeometry } from "@/lib/geo";
import { FACILITY_TYPES } from "@/lib/grid/dictionary";
import type { Db } from "@/lib/server/prisma";
import { nextVisitDue, type VisitTierKey } from "@/lib/visit-schedule";
import { DEMO_COUNTY_CODE } from "./demo";

const DAY = 24 * 3600_000;

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

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)];
const between = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

/** Ids that look like the app's own (cuid-ish), from the seeded generator. */
function idMaker(rng: Rng, prefix: string) {
  let n = 0;
  return () => `${prefix}${(n++).toString(36).padStart(5, "0")}${Math.floor(rng() * 36 ** 8).toString(36).padStart(8, "0")}`;
}

interface Column {
  name: string;
  /** PostgreSQL array element type of the parameter, e.g. text, int4, float8, bool, timestamp. */
  type: string;
  /** Cast applied in the SELECT, e.g. an enum type. */
  cast?: string;
}

/** INSERT of many rows as one array parameter per column. */
async function bulkInsert(client: Db, table: string, columns: Column[], rows: unknown[][], batch = 5000) {
  const names = columns.map((c) => `"${c.name}"`).join(", ");
  const params = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ");
  const select = columns.map((c) => (c.cast ? `u."${c.name}"::"${c.cast}"` : `u."${c.name}"`)).join(", ");
  const sql = `INSERT INTO "${table}" (${names}) SELECT ${select} FROM unnest(${params}) AS u(${names})`;
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch);
    await client.$executeRawUnsafe(sql, ...columns.map((_, c) => chunk.map((r) => r[c])));
  }
}

// --- words for fictitious names ---------------------------------------------------------

const SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤".split("");
const GIVEN = ["建国", "秀英", "桂兰", "海燕", "志强", "玉梅", "永红", "国华", "丽娟", "文斌", "小军", "春梅", "德明", "红霞", "立新", "淑珍", "晓东", "亚军", "振华", "金凤", "宏伟", "彩霞", "俊杰", "秀兰", "卫东", "雪梅", "长青", "翠花", "学文", "佳怡"];
const LUCKY = ["祥和", "兴旺", "福源", "鑫盛", "瑞丰", "顺达", "恒通", "佳美", "惠民", "万家", "宏达", "天意", "金鼎", "永盛", "丰泽", "康宁"];
const TRADES = ["建材", "农资", "物流", "机械", "商贸", "食品", "纺织", "新能源", "石油装备", "种养殖"];

const person = (rng: Rng) => pick(rng, SURNAMES) + pick(rng, GIVEN);
/** Numbers in a range no carrier hands out to subscribers: clearly not anybody's phone. */
const phone = (rng: Rng) => `1380000${String(between(rng, 0, 9999)).padStart(4, "0")}`;

function shortVillage(name: string) {
  return name.replace(/(社区居民委员会|社区居委会|村民委员会|村委会|居委会)$/, (m) => (m.includes("社区") ? "社区" : "村"));
}

type Category = "SHOP" | "RESTAURANT" | "ENTERPRISE" | "SCHOOL" | "CLINIC" | "RENTAL_HOUSING" | "RELIGIOUS" | "PUBLIC_VENUE" | "OTHER";

function placeFor(rng: Rng, category: Category, village: string, n: number): { name: string; risk: "LOW" | "MEDIUM" | "HIGH" } {
  const s = pick(rng, SURNAMES);
  switch (category) {
    case "SHOP":
      return { name: pick(rng, [`${s}记便利店`, `${pick(rng, LUCKY)}超市`, `${s}家五金店`, `${pick(rng, LUCKY)}农资店`, `${s}氏理发店`, `${pick(rng, LUCKY)}手机维修`]), risk: rng() < 0.1 ? "MEDIUM" : "LOW" };
    case "RESTAURANT":
      return { name: pick(rng, [`${s}家牛肉面馆`, `${pick(rng, LUCKY)}饺子馆`, `${s}记烧烤`, `${pick(rng, LUCKY)}农家乐`, `${s}嫂小吃店`]), risk: rng() < 0.3 ? "MEDIUM" : "LOW" };
    case "ENTERPRISE":
      return { name: `${pick(rng, LUCKY)}${pick(rng, TRADES)}有限公司`, risk: rng() < 0.25 ? "HIGH" : rng() < 0.5 ? "MEDIUM" : "LOW" };
    case "SCHOOL":
      return { name: pick(rng, [`${village}小学`, `${village}幼儿园`, `${pick(rng, LUCKY)}托育中心`]), risk: "MEDIUM" };
    case "CLINIC":
      return { name: pick(rng, [`${village}卫生室`, `${s}氏诊所`, `${pick(rng, LUCKY)}药店`]), risk: "LOW" };
    case "RENTAL_HOUSING":
      return { name: `${s}家出租房（${between(rng, 3, 12)}间）`, risk: rng() < 0.4 ? "MEDIUM" : "LOW" };
    case "RELIGIOUS":
      return { name: `${village}关帝庙`, risk: "MEDIUM" };
    case "PUBLIC_VENUE":
      return { name: pick(rng, [`${village}文化广场`, `${village}综合文化服务站`, `${village}老年活动中心`, `${village}农家书屋`]), risk: "LOW" };
    default:
      return { name: `${village}${pick(rng, ["快递驿站", "停车场", "废品回收站"])}${n}`, risk: rng() < 0.3 ? "MEDIUM" : "LOW" };
  }
}

const CATEGORY_MIX: Category[] = ["SHOP", "SHOP", "SHOP", "RESTAURANT", "RESTAURANT", "RENTAL_HOUSING", "RENTAL_HOUSING", "ENTERPRISE", "CLINIC", "PUBLIC_VENUE", "SCHOOL", "OTHER"];

const SENTIMENTS: { kind: "OPINION" | "REQUEST" | "SUGGESTION" | "COMPLAINT"; text: (v: string, p: string) => string; place?: boolean }[] = [
  { kind: "REQUEST", text: (v) => `${v}居民反映楼道灯损坏，夜间出行不便，希望尽快维修。` },
  { kind: "REQUEST", text: () => "老人咨询高龄补贴申领流程，行动不便，希望上门办理。" },
  { kind: "REQUEST", text: () => "反映自来水水压偏低，高峰时段楼上用水困难。" },
  { kind: "REQUEST", text: () => "邻里因车位占用产生矛盾，请求网格员协调调解。" },
  { kind: "SUGGESTION", text: (v) => `建议在${v}文化广场增设健身器材和休息座椅。` },
  { kind: "SUGGESTION", text: () => "建议增加垃圾清运次数，夏季异味明显。" },
  { kind: "SUGGESTION", text: () => "建议在学校门口路段增设减速带和警示标志。" },
  { kind: "OPINION", text: () => "对近期老旧小区改造进度表示满意，希望继续加快。" },
  { kind: "OPINION", text: () => "居民对冬季供暖温度有意见，部分楼层室温偏低。" },
  { kind: "COMPLAINT", text: (_v, p) => `投诉${p}夜间油烟和噪音扰民。`, place: true },
  { kind: "COMPLAINT", text: (_v, p) => `反映${p}门前占道经营，影响通行。`, place: true },
  { kind: "COMPLAINT", text: () => "小区流浪犬较多，晚上有伤人隐患。" },
];
const FOLLOW_UP_NOTES = ["已联系物业处理完毕", "已转告村委会，承诺本周解决", "已上门调解，双方达成一致", "已协调相关部门现场查看", "已回访，居民表示满意"];
const FINDINGS = {
  KEY: ["老人身体状况稳定，按时服药。", "家中无异常，子女已联系上。", "生活有困难，已告知申请临时救助。", "情绪平稳，已叮嘱注意安全用电。", "独居老人，已检查燃气阀门。"],
  ORDINARY: ["家中一切正常。", "宣传防诈骗知识，发放资料一份。", "核实家庭成员信息无变化。", "了解就业情况，暂无需求。", "宣传森林防火和安全用气。"],
  REASSURED: ["家中一切正常，无诉求。", "核实人口信息，无变化。", "宣传政策，居民表示了解。"],
} as const;

// --- shape helpers ----------------------------------------------------------------------

function pointIn(rng: Rng, shape: PolygonalGeometry): { lat: number; lng: number } {
  const [x0, y0, x1, y1] = bbox(shape);
  for (let i = 0; i < 200; i++) {
    // Rounded as stored (6 decimals), then tested: rounding can push a point over the border.
    const lng = Math.round((x0 + rng() * (x1 - x0)) * 1e6) / 1e6;
    const lat = Math.round((y0 + rng() * (y1 - y0)) * 1e6) / 1e6;
    if (pointInPolygon(lng, lat, shape)) return { lat, lng };
  }
  const [lng, lat] = labelPoint(shape);
  return { lat, lng };
}

const TIER_DAYS: Record<VisitTierKey, number> = { KEY: 7, ORDINARY: 30, REASSURED: 91 };

/** Loads places, objects, sentiments, teams and visits into the demo county; idempotent. */
export async function seedGridLife(client: Db, log: (msg: string) => void = console.log, now = new Date(), seed = 20261124) {
  const county = await client.unit.findUnique({ where: { code: DEMO_COUNTY_CODE }, select: { id: true } });
  if (!county) return;
  const inCounty = { grid: { pathIds: { has: county.id } } };
  if ((await client.place.count({ where: inCounty })) > 0) {
    log("grid life: already loaded");
    return;
  }
  const started = Date.now();
  const rng = mulberry32(seed);
  const units = await client.unit.findMany({
    where: { pathIds: { has: county.id } },
    select: { id: true, name: true, level: true, parentId: true, pathIds: true, boundary: true },
    orderBy: { code: "asc" },
  });
  const byId = new Map(units.map((u) => [u.id, u]));
  const grids = units.filter((u) => u.level === "GRID" && u.boundary);
  const users = await client.user.findMany({
    where: { unit: { pathIds: { has: county.id } }, enabled: true },
    select: { id: true, role: true, unitId: true },
  });
  const admin = users.find((u) => u.role === "ADMIN") ?? users[0];
  if (!admin) return;
  const depthOf = (unitId: number) => byId.get(unitId)?.pathIds.length ?? 0;
  // Who did the work in a grid: its own worker account, else the nearest officer above it
  // (the demo has worker accounts for two grids only), else the county's administrator.
  const actorOf = new Map<number, string>();
  const checkerOf = new Map<number, string>();
  for (const g of grids) {
    const near = users
      .filter((u) => g.pathIds.includes(u.unitId) && ["GRID_WORKER", "COMMUNITY_OFFICER", "TOWNSHIP_OFFICER"].includes(u.role))
      .sort((a, b) => depthOf(b.unitId) - depthOf(a.unitId));
    const actor = near[0]?.id ?? admin.id;
    actorOf.set(g.id, actor);
    checkerOf.set(g.id, near.find((u) => u.id !== actor && u.role !== "GRID_WORKER")?.id ?? (admin.id !== actor ? admin.id : (users.find((u) => u.id !== actor)?.id ?? actor)));
  }
  const workerGrids = new Set(users.filter((u) => u.role === "GRID_WORKER").map((u) => u.unitId));

  const residents = await client.resident.findMany({
    where: { ...inCounty, deletedAt: null },
    select: { id: true, name: true, gridId: true, householdId: true },
  });
  const residentsOfGrid = new Map<number, { id: string; name: string }[]>();
  const membersOf = new Map<string, string[]>();
  for (const r of residents) {
    if (!residentsOfGrid.has(r.gridId)) residentsOfGrid.set(r.gridId, []);
    residentsOfGrid.get(r.gridId)!.push(r);
    if (r.householdId) {
      if (!membersOf.has(r.householdId)) membersOf.set(r.householdId, []);
      membersOf.get(r.householdId)!.push(r.name);
    }
  }

  const history: unknown[][] = [];
  const newHistory = (type: string, id: string, action: string, gridId: number, actorId: string | null, at: Date, changes: object | null = null) =>
    history.push([type, id, action, changes ? JSON.stringify(changes) : null, gridId, actorId, at]);

  // --- places and objects ---
  const placeId = idMaker(rng, "cgp");
  const places: unknown[][] = [];
  const placesOfGrid = new Map<number, { id: string; name: string }[]>();
  const facilityId = idMaker(rng, "cgf");
  const facilities: unknown[][] = [];
  const hazards = FACILITY_TYPES.filter((t) => t.hazard);
  for (const g of grids) {
    const shape = g.boundary as unknown as PolygonalGeometry;
    const village = shortVillage(byId.get(g.parentId!)?.name ?? g.name);
    const urban = village.endsWith("社区");
    const actor = actorOf.get(g.id)!;
    const checker = checkerOf.get(g.id)!;
    const count = between(rng, 8, 12);
    const mine: { id: string; name: string }[] = [];
    for (let i = 0; i < count; i++) {
      const category = i === 0 && !urban && rng() < 0.15 ? "RELIGIOUS" : pick(rng, CATEGORY_MIX);
      const { name, risk } = placeFor(rng, category, village, i + 1);
      const id = placeId();
      const createdAt = new Date(now.getTime() - between(rng, 30, 700) * DAY - between(rng, 0, 86_000) * 1000);
      const verified = rng() < 0.7;
      const verifiedAt = verified ? new Date(createdAt.getTime() + between(rng, 1, 20) * DAY) : null;
      const point = rng() < 0.92 ? pointIn(rng, shape) : null;
      places.push([
        id, g.id, name, category, `${village}${between(rng, 1, 60)}号`, person(rng), phone(rng), risk, point?.lat ?? null, point?.lng ?? null,
        verified ? "VERIFIED" : "ENTERED", verified ? checker : null, verifiedAt, actor, createdAt, verifiedAt ?? createdAt,
      ]);
      newHistory("place", id, "CREATE", g.id, actor, createdAt);
      if (verifiedAt) newHistory("place", id, "VERIFY", g.id, checker, verifiedAt, { dataState: ["ENTERED", "VERIFIED"] });
      mine.push({ id, name });
    }
    placesOfGrid.set(g.id, mine);

    const kinds: string[] = [];
    for (let i = 0, n = between(rng, 2, 3); i < n; i++) kinds.push("FIRE_HYDRANT");
    for (let i = 0, n = between(rng, 1, 3); i < n; i++) kinds.push("CAMERA");
    for (let i = 0, n = between(rng, 2, 4); i < n; i++) kinds.push("MANHOLE");
    kinds.push(urban ? "STREET_LIGHT" : "WASTE_STATION");
    if (rng() < 0.5) kinds.push(urban ? "DISTRIBUTION_BOX" : "STREET_LIGHT");
    if (rng() < 0.2) kinds.push(pick(rng, hazards).code);
    const serial = new Map<string, number>();
    for (const type of kinds) {
      const n = (serial.get(type) ?? 0) + 1;
      serial.set(type, n);
      const def = FACILITY_TYPES.find((t) => t.code === type)!;
      const id = facilityId();
      const createdAt = new Date(now.getTime() - between(rng, 60, 900) * DAY);
      const verified = rng() < 0.75;
      const verifiedAt = verified ? new Date(createdAt.getTime() + between(rng, 1, 30) * DAY) : null;
      const point = pointIn(rng, shape);
      const status = rng() < 0.86 ? "NORMAL" : pick(rng, ["DAMAGED", "DAMAGED", "MISSING", "DECOMMISSIONED"]);
      const inspected = rng() < 0.9 ? new Date(now.getTime() - between(rng, 3, def.hazard ? 40 : 150) * DAY) : null;
      facilities.push([
        id, g.id, type, `${g.name}${n}号${def.zh}`, def.hazard, status, point.lat, point.lng, inspected,
        verified ? "VERIFIED" : "ENTERED", verified ? checker : null, verifiedAt, actor, createdAt, verifiedAt ?? createdAt,
      ]);
      newHistory("facility", id, "CREATE", g.id, actor, createdAt);
      if (verifiedAt) newHistory("facility", id, "VERIFY", g.id, checker, verifiedAt, { dataState: ["ENTERED", "VERIFIED"] });
    }
  }
  const recordCols = (extra: Column[]): Column[] => [
    ...extra,
    { name: "dataState", type: "text", cast: "DataState" },
    { name: "verifiedById", type: "text" },
    { name: "verifiedAt", type: "timestamp" },
    { name: "createdById", type: "text" },
    { name: "createdAt", type: "timestamp" },
    { name: "updatedAt", type: "timestamp" },
  ];
  await bulkInsert(client, "Place", recordCols([
    { name: "id", type: "text" },
    { name: "gridId", type: "int4" },
    { name: "name", type: "text" },
    { name: "category", type: "text", cast: "PlaceCategory" },
    { name: "address", type: "text" },
    { name: "personInCharge", type: "text" },
    { name: "contactPhone", type: "text" },
    { name: "riskLevel", type: "text", cast: "RiskLevel" },
    { name: "lat", type: "float8" },
    { name: "lng", type: "float8" },
  ]), places);
  await bulkInsert(client, "Facility", recordCols([
    { name: "id", type: "text" },
    { name: "gridId", type: "int4" },
    { name: "type", type: "text" },
    { name: "name", type: "text" },
    { name: "isHazard", type: "bool" },
    { name: "status", type: "text", cast: "FacilityStatus" },
    { name: "lat", type: "float8" },
    { name: "lng", type: "float8" },
    { name: "lastInspectedAt", type: "timestamp" },
  ]), facilities);

  // --- sentiment log ---
  const sentimentId = idMaker(rng, "cgs");
  const sentiments: unknown[][] = [];
  for (const g of grids) {
    const village = shortVillage(byId.get(g.parentId!)?.name ?? g.name);
    const actor = actorOf.get(g.id)!;
    const checker = checkerOf.get(g.id)!;
    const people = residentsOfGrid.get(g.id) ?? [];
    const placesHere = placesOfGrid.get(g.id) ?? [];
    for (let i = 0, n = between(rng, 3, workerGrids.has(g.id) ? 9 : 6); i < n; i++) {
      const t = pick(rng, SENTIMENTS);
      const place = t.place && placesHere.length ? pick(rng, placesHere) : null;
      const resident = !place && people.length && rng() < 0.6 ? pick(rng, people) : null;
      const ageDays = between(rng, 0, 360);
      // Heard during the working day in Beijing (01:00–11:00 UTC), never in the future.
      const heard = new Date(now.getTime() - ageDays * DAY);
      heard.setUTCHours(between(rng, 1, 11), between(rng, 0, 59), 0, 0);
      const recordedAt = heard > now ? new Date(now.getTime() - between(rng, 1, 3) * 3600_000) : heard;
      const status = ageDays > 60
        ? (rng() < 0.85 ? "RESOLVED" : "FOLLOWING")
        : (rng() < 0.45 ? "OPEN" : rng() < 0.8 ? "FOLLOWING" : "RESOLVED");
      const verified = rng() < 0.5;
      const verifiedAt = verified ? new Date(Math.min(now.getTime(), recordedAt.getTime() + between(rng, 1, 5) * DAY)) : null;
      const id = sentimentId();
      sentiments.push([
        id, g.id, t.kind, t.text(village, place?.name ?? ""), resident?.id ?? null, place?.id ?? null, status,
        status === "OPEN" ? null : pick(rng, FOLLOW_UP_NOTES), actor, recordedAt,
        verified ? "VERIFIED" : "ENTERED", verified ? checker : null, verifiedAt, recordedAt, verifiedAt ?? recordedAt,
      ]);
      newHistory("sentiment", id, "CREATE", g.id, actor, recordedAt);
      if (verifiedAt) newHistory("sentiment", id, "VERIFY", g.id, checker, verifiedAt, { dataState: ["ENTERED", "VERIFIED"] });
    }
  }
  await bulkInsert(client, "SentimentEntry", [
    { name: "id", type: "text" },
    { name: "gridId", type: "int4" },
    { name: "kind", type: "text", cast: "SentimentKind" },
    { name: "content", type: "text" },
    { name: "residentId", type: "text" },
    { name: "placeId", type: "text" },
    { name: "followUpStatus", type: "text", cast: "FollowUpStatus" },
    { name: "followUpNote", type: "text" },
    { name: "recordedById", type: "text" },
    { name: "recordedAt", type: "timestamp" },
    { name: "dataState", type: "text", cast: "DataState" },
    { name: "verifiedById", type: "text" },
    { name: "verifiedAt", type: "timestamp" },
    { name: "createdAt", type: "timestamp" },
    { name: "updatedAt", type: "timestamp" },
  ], sentiments);

  // --- grid teams: a cadre and a police officer per village, a judicial officer per
  // township, each serving all their grids; mediators, volunteers and party members per grid.
  const memberId = idMaker(rng, "cgm");
  const members: unknown[][] = [];
  const assignments: unknown[][] = [];
  const assignmentId = idMaker(rng, "cga");
  const shared = new Map<string, string>();
  const sharedMember = (key: string, note: string) => {
    let id = shared.get(key);
    if (!id) {
      id = memberId();
      shared.set(key, id);
      members.push([id, person(rng), phone(rng), note, now, now]);
    }
    return id;
  };
  for (const g of grids) {
    const village = byId.get(g.parentId!);
    const township = village ? byId.get(village.parentId!) : undefined;
    const since = new Date(now.getTime() - between(rng, 90, 900) * DAY);
    const vName = shortVillage(village?.name ?? "");
    const tName = township?.name ?? "";
    const team: [string, string][] = [
      [sharedMember(`cadre:${village?.id}`, `${tName}干部，包保${vName}`), "CADRE"],
      [sharedMember(`police:${village?.id}`, `${tName}派出所社区民警`), "POLICE"],
      [sharedMember(`judicial:${township?.id}`, `${tName}司法所`), "JUDICIAL"],
    ];
    const local = (note: string) => {
      const id = memberId();
      members.push([id, person(rng), phone(rng), note, now, now]);
      return id;
    };
    team.push([local(`${vName}人民调解委员会`), "MEDIATOR"]);
    for (let i = 0, n = between(rng, 1, 2); i < n; i++) team.push([local(`${vName}志愿服务队`), "VOLUNTEER"]);
    team.push([local("退休老党员"), "PARTY_MEMBER"]);
    for (const [id, role] of team) assignments.push([assignmentId(), g.id, id, role, since]);
  }
  await bulkInsert(client, "TeamMember", [
    { name: "id", type: "text" },
    { name: "name", type: "text" },
    { name: "phone", type: "text" },
    { name: "note", type: "text" },
    { name: "createdAt", type: "timestamp" },
    { name: "updatedAt", type: "timestamp" },
  ], members);
  await bulkInsert(client, "GridTeamAssignment", [
    { name: "id", type: "text" },
    { name: "gridId", type: "int4" },
    { name: "memberId", type: "text" },
    { name: "role", type: "text", cast: "TeamRole" },
    { name: "since", type: "timestamp" },
  ], assignments);

  // --- a year of visits, walking back from each household's last visit ---
  const households = await client.household.findMany({
    where: { ...inCounty, deletedAt: null },
    select: { id: true, gridId: true, visitTier: true, createdAt: true },
    orderBy: { id: "asc" },
  });
  const visitId = idMaker(rng, "cgv");
  const visits: unknown[][] = [];
  const schedule: [string, Date | null, Date][] = [];
  const yearAgo = now.getTime() - 365 * DAY;
  const perGrid = new Map<number, number>();
  for (const h of households) {
    const tier = h.visitTier as VisitTierKey;
    const period = TIER_DAYS[tier] * DAY;
    const start = Math.max(yearAgo, h.createdAt.getTime());
    // The last visit: within the current period for most, a little over it for some; in
    // grids with a worker account every fifth household is overdue, so the demo has work.
    const seen = (perGrid.get(h.gridId) ?? 0) + 1;
    perGrid.set(h.gridId, seen);
    const overdue = workerGrids.has(h.gridId) ? seen % 5 === 1 : rng() < 0.12;
    let last = overdue ? now.getTime() - period - between(rng, 2, 20) * DAY : now.getTime() - rng() * period * 0.95;
    last = Math.floor(last / 3600_000) * 3600_000;
    const times: number[] = [];
    for (let t = last; t >= start; t -= period * (0.8 + rng() * 0.3)) times.push(t);
    if (!times.length) {
      schedule.push([h.id, null, nextVisitDue(tier, null, h.createdAt)]);
      continue;
    }
    const names = membersOf.get(h.id) ?? [];
    const visitor = actorOf.get(h.gridId) ?? admin.id;
    for (const t of times) {
      // Office hours in Beijing: 09:00–18:00 is 01:00–10:00 UTC.
      const d = new Date(t);
      d.setUTCHours(between(rng, 1, 10), between(rng, 0, 59), 0, 0);
      const visitedAt = d.getTime() > now.getTime() ? new Date(now.getTime() - 3600_000) : d;
      const method = rng() < 0.75 ? "IN_PERSON" : rng() < 0.8 ? "PHONE" : "VIDEO";
      visits.push([visitId(), h.id, h.gridId, visitor, visitedAt, method, names.length ? pick(rng, names) : null, pick(rng, FINDINGS[tier]), false, visitedAt]);
    }
    const lastVisit = visits[visits.length - times.length][4] as Date;
    schedule.push([h.id, lastVisit, nextVisitDue(tier, lastVisit, h.createdAt)]);
  }
  await bulkInsert(client, "Visit", [
    { name: "id", type: "text" },
    { name: "householdId", type: "text" },
    { name: "gridId", type: "int4" },
    { name: "visitorId", type: "text" },
    { name: "visitedAt", type: "timestamp" },
    { name: "method", type: "text", cast: "VisitMethod" },
    { name: "metNames", type: "text" },
    { name: "findings", type: "text" },
    { name: "needsFollowUp", type: "bool" },
    { name: "createdAt", type: "timestamp" },
  ], visits);
  for (let i = 0; i < schedule.length; i += 5000) {
    const chunk = schedule.slice(i, i + 5000);
    await client.$executeRawUnsafe(
      `UPDATE "Household" h SET "lastVisitAt" = u.last, "nextVisitDue" = u.due
       FROM unnest($1::text[], $2::timestamp[], $3::timestamp[]) AS u(id, last, due) WHERE h.id = u.id`,
      chunk.map((s) => s[0]),
      chunk.map((s) => s[1]),
      chunk.map((s) => s[2]),
    );
  }

  await bulkInsert(client, "RecordHistory", [
    { name: "entityType", type: "text" },
    { name: "entityId", type: "text" },
    { name: "action", type: "text" },
    { name: "changes", type: "jsonb" },
    { name: "gridId", type: "int4" },
    { name: "actorId", type: "text" },
    { name: "at", type: "timestamp" },
  ], history);

  log(
    `grid life: ${places.length} places, ${facilities.length} objects, ${sentiments.length} sentiment entries, ` +
      `${members.length} team members in ${assignments.length} places on teams, ${visits.length} visits of ${households.length} households ` +
      `(${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}
