// Governance center demo data: the departments stationed at the county's and the first
// township's centers, mediation committees, a month of intake at the county, township
// and community centers, ~60 disputes in every state (sessions, agreements, follow-ups,
// judicial confirmation, referrals), ~30 petitions (a joint and a repeat one among them),
// grid screenings, two meetings (one held, its decisions tied to dispatch events), an
// open day with the problems raised, and a few whistles. Deterministic: a seeded PRNG;
// times are relative to the seed's start. Runs only on a database without disputes.
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { calendarOf, type Calendar } from "@/lib/dispatch/deadlines";
import { insertSentiment } from "@/lib/grid/sentiments-data";
import { ageOn } from "@/lib/id-number";
import { dueAfter } from "@/lib/center/deadlines";
import { agreementNo, caseNo, isJointPetition } from "@/lib/center/permissions";
import { petitionRegNo } from "@/lib/center/petitions-data";
import type { Viewer } from "@/lib/server/auth";
import type { Db } from "@/lib/server/prisma";

const DAY = 86_400_000;
const HOUR = 3_600_000;

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

const STATIONS: [code: string, mode: "PERMANENT" | "ROTATING" | "ON_CALL", note: string | null][] = [
  ["public-security", "PERMANENT", "公安局派驻民警常驻"],
  ["court", "PERMANENT", "诉讼服务站（诉调对接）"],
  ["justice", "PERMANENT", "公共法律服务窗口"],
  ["petitions", "PERMANENT", "信访接待窗口"],
  ["human-resources", "ROTATING", "每周二、四轮驻（劳动监察）"],
  ["civil-affairs", "ROTATING", "每周一、三轮驻"],
  ["housing", "ROTATING", "每周五轮驻（物业纠纷）"],
  ["natural-resources", "ON_CALL", null],
  ["market-regulation", "ON_CALL", null],
  ["health", "ON_CALL", "医疗纠纷随叫随驻"],
  ["emergency", "ON_CALL", null],
  ["ecology", "ON_CALL", null],
];

const CONTENT: Record<string, string[]> = {
  NEIGHBOUR: ["楼上住户夜间噪音扰民，多次沟通无果", "邻居在公共通道堆放杂物，影响通行", "相邻房屋排水问题引发矛盾", "院墙界址争议，双方各执一词"],
  MARRIAGE_FAMILY: ["离婚后子女抚养费长期未支付", "赡养老人问题兄弟姐妹意见不一", "家庭财产分割争议"],
  LAND_HOUSING: ["宅基地使用权界限争议", "承包地流转费用未按约支付", "房屋买卖过户纠纷"],
  LABOUR_WAGES: ["建筑工地拖欠农民工工资", "解除劳动合同未支付经济补偿", "工伤待遇认定争议"],
  PROPERTY_MANAGEMENT: ["物业费收取标准争议", "小区电梯长期故障物业未维修", "业主委员会与物业公司矛盾"],
  CONTRACT: ["民间借贷到期未还款", "装修合同质量争议", "农资买卖合同纠纷"],
  TRAFFIC: ["交通事故赔偿协商未果", "电动车剐蹭赔偿争议"],
  MEDICAL: ["手术后并发症赔偿争议", "诊所用药不当引发纠纷"],
  SOCIAL_SECURITY: ["养老保险待遇核定有异议", "低保资格认定咨询"],
  ENVIRONMENT: ["养殖场异味影响周边居民", "企业夜间施工噪音扰民"],
  PUBLIC_SERVICE: ["供暖温度不达标", "自来水水压不足"],
  OTHER: ["咨询不动产登记办理流程", "咨询法律援助申请条件"],
};
const DISPUTE_TYPES = ["NEIGHBOUR", "MARRIAGE_FAMILY", "LAND_HOUSING", "LABOUR_WAGES", "PROPERTY_MANAGEMENT", "CONTRACT", "TRAFFIC", "MEDICAL"] as const;
const PETITION_TOPICS = ["LAND_HOUSING", "LABOUR_WAGES", "SOCIAL_SECURITY", "ENVIRONMENT", "PUBLIC_SERVICE", "PROPERTY_MANAGEMENT"] as const;
const ORGS = [
  { name: "玉门市宏达建筑工程有限公司", creditCode: "91620981MA71X3K2A5", representative: "钱某某" },
  { name: "玉门市安居物业服务有限公司", creditCode: "91620981MA72B8P1Q7", representative: "孙某某" },
  { name: "玉门市康宁诊所", creditCode: "92620981MA73C6N4W2", representative: "周某某" },
  { name: "玉门市丰收农资经营部", creditCode: "92620981MA74D1R9E8", representative: "吴某某" },
];
const MEDIATORS = ["张调解", "李调解", "王调解", "马调解", "赵调解", "刘调解"];
const NEW_VISITORS = ["甄某某", "贾某某", "任某某", "郝某某", "温某某", "芮某某", "殷某某", "庞某某"];

export async function seedCenter(client: Db, log: (msg: string) => void = console.log, countyCode = "620981000000", seed = 20_261_125): Promise<void> {
  const county = await client.unit.findUnique({ where: { code: countyCode }, select: { id: true, name: true, pathIds: true } });
  if (!county) return;
  if ((await client.dispute.count({ where: { unit: { pathIds: { has: county.id } } } })) > 0) {
    log("center: already loaded");
    return;
  }
  const started = Date.now();
  const now = new Date();
  const rng = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)];
  const between = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const chance = (p: number) => rng() < p;
  let n = 0;
  const id = (prefix: string) => `${prefix}${(n++).toString(36).padStart(5, "0")}${Math.floor(rng() * 36 ** 8).toString(36).padStart(8, "0")}`;

  const users = await client.user.findMany({ where: { username: { in: ["center", "township", "community", "police", "grid"] } }, select: { id: true, username: true, displayName: true, role: true, unitId: true } });
  const user = (name: string) => users.find((u) => u.username === name);
  const center = user("center");
  const township = user("township");
  const community = user("community");
  if (!center || !township || !community) return;
  const [departments, days, units] = await Promise.all([
    client.department.findMany({ select: { id: true, code: true, name: true } }),
    client.workCalendarDay.findMany({ select: { date: true, kind: true } }),
    client.unit.findMany({ where: { pathIds: { has: county.id }, retiredAt: null }, select: { id: true, name: true, level: true, parentId: true, pathIds: true }, orderBy: { code: "asc" } }),
  ]);
  const cal: Calendar = calendarOf(days);
  const dept = (code: string) => departments.find((d) => d.code === code);
  const grids = units.filter((u) => u.level === "GRID");
  const gridsUnder = (unitId: number) => grids.filter((g) => g.pathIds.includes(unitId));
  const residents = await client.resident.findMany({
    where: { deletedAt: null, grid: { pathIds: { has: county.id } } },
    orderBy: [{ gridId: "asc" }, { name: "asc" }, { id: "asc" }],
    take: 3000,
    select: { id: true, name: true, gridId: true, idHash: true, idMasked: true, sex: true, ethnicity: true, birthDate: true, employment: true, house: { select: { address: true } } },
  });
  if (residents.length < 50 || !grids.length) return;
  const residentsUnder = (unitId: number) => {
    const ids = new Set(gridsUnder(unitId).map((g) => g.id));
    return residents.filter((r) => ids.has(r.gridId));
  };

  // --- stations and committees ---
  const townshipUnit = units.find((u) => u.id === township.unitId)!;
  const communityUnit = units.find((u) => u.id === community.unitId)!;
  await client.centerPost.createMany({
    data: [
      ...STATIONS.flatMap(([code, mode, note]) => (dept(code) ? [{ unitId: county.id, departmentId: dept(code)!.id, mode, note }] : [])),
      ...(["public-security", "justice"] as const).flatMap((code) => (dept(code) ? [{ unitId: townshipUnit.id, departmentId: dept(code)!.id, mode: "PERMANENT" as const, note: code === "justice" ? "司法所" : "派出所" }] : [])),
      ...(["human-resources", "natural-resources", "housing"] as const).flatMap((code) => (dept(code) ? [{ unitId: townshipUnit.id, departmentId: dept(code)!.id, mode: "ON_CALL" as const, note: null }] : [])),
    ],
    skipDuplicates: true,
  });
  const short = (name: string) => name.replace(/(社区居民委员会|居民委员会|村民委员会)$/, (m) => (m.includes("村") ? "村" : "社区"));
  await client.mediationCommittee.createMany({
    data: [
      { unitId: county.id, name: `${county.name}人民调解委员会` },
      { unitId: county.id, name: `${county.name}医疗纠纷人民调解委员会` },
      { unitId: county.id, name: `${county.name}道路交通事故纠纷人民调解委员会` },
      ...units.filter((u) => u.level === "TOWNSHIP").map((u) => ({ unitId: u.id, name: `${u.name}人民调解委员会` })),
      { unitId: communityUnit.id, name: `${short(communityUnit.name)}人民调解委员会` },
    ],
    skipDuplicates: true,
  });
  const committees = await client.mediationCommittee.findMany({ where: { unit: { pathIds: { has: county.id } } }, select: { id: true, name: true, unitId: true } });

  // --- visitors: residents who came, and a few people from elsewhere ---
  const visitors = new Map<string, { id: string; name: string; residentId: string | null }>();
  const visitorRows: { id: string; countyId: number; residentId: string | null; name: string; phone: string | null; idHash: string | null; idMasked: string | null }[] = [];
  const visitorOf = (r: (typeof residents)[number]) => {
    let v = visitors.get(r.id);
    if (!v) {
      v = { id: id("cv"), name: r.name, residentId: r.id };
      visitors.set(r.id, v);
      visitorRows.push({ id: v.id, countyId: county.id, residentId: r.id, name: r.name, phone: null, idHash: r.idHash, idMasked: r.idMasked });
    }
    return v;
  };
  const outsiders = NEW_VISITORS.map((name, i) => {
    const v = { id: id("cv"), name, residentId: null };
    visitorRows.push({ id: v.id, countyId: county.id, residentId: null, name, phone: `1390000${String(1000 + i * 37).padStart(4, "0")}`, idHash: null, idMasked: null });
    return v;
  });

  // Where records are made: mostly the county's center, some at the township and the community.
  const desks = [
    { user: center, unitId: county.id, weight: 0.6 },
    { user: township, unitId: townshipUnit.id, weight: 0.25 },
    { user: community, unitId: communityUnit.id, weight: 0.15 },
  ];
  const deskFor = () => {
    const r = rng();
    return r < desks[0].weight ? desks[0] : r < desks[0].weight + desks[1].weight ? desks[1] : desks[2];
  };
  const partyOf = (r: (typeof residents)[number], position: number, disputeId: string) => ({
    id: id("dp"),
    disputeId,
    position,
    kind: "PERSON" as const,
    visitorId: visitorOf(r).id,
    name: r.name,
    sex: r.sex,
    ethnicity: r.ethnicity,
    age: ageOn(r.birthDate.toISOString().slice(0, 10), now),
    occupation: r.employment,
    address: r.house?.address ?? null,
    phone: null,
    creditCode: null,
    representative: null,
  });

  // --- disputes ---
  const STATUS_PLAN = [...Array(10).fill("REGISTERED"), ...Array(15).fill("MEDIATING"), ...Array(12).fill("AGREED"), ...Array(8).fill("REFERRED"), ...Array(15).fill("CLOSED")] as ("REGISTERED" | "MEDIATING" | "AGREED" | "REFERRED" | "CLOSED")[];
  const disputeRows: (Prisma.DisputeCreateManyInput & { id: string })[] = [];
  const partyRows: ReturnType<typeof partyOf>[] = [];
  const orgParties: { id: string; disputeId: string; position: number; kind: "ORGANISATION"; name: string; creditCode: string; representative: string; address: string | null; phone: string | null }[] = [];
  const sessionRows: { id: string; disputeId: string; heldAt: Date; place: string; present: string; notes: string; createdById: string }[] = [];
  const followRows: { id: string; disputeId: string; visitedAt: Date; fulfilled: boolean; note: string; createdById: string }[] = [];
  const agreementPlans: { disputeId: string; agreedAt: Date; partyNames: string[]; positions: number[]; mediators: string; committee: string; judicial: "none" | "applied" | "confirmed"; facts: string; terms: string; amount: number | null }[] = [];
  const disputeIntakeLinks: { disputeId: string; visitorId: string; registeredAt: Date; desk: (typeof desks)[number]; type: string; content: string }[] = [];
  const screeningRows: { id: string; unitId: number; gridId: number; screenedOn: Date; findings: string; found: number; createdById: string; requestKey: string }[] = [];

  // Screening: each grid of the township, fortnightly, for the last two months.
  for (const g of gridsUnder(townshipUnit.id).slice(0, 10)) {
    for (let w = 0; w < 4; w++) {
      const at = new Date(now.getTime() - (w * 14 + between(0, 4)) * DAY);
      const found = chance(0.4) ? between(1, 3) : 0;
      screeningRows.push({ id: id("sc"), unitId: townshipUnit.id, gridId: g.id, screenedOn: new Date(`${new Date(at.getTime() + 8 * HOUR).toISOString().slice(0, 10)}T00:00:00Z`), findings: found ? `入户走访排查发现${found}起矛盾苗头，已登记跟进` : "入户走访排查，未发现新的矛盾纠纷", found, createdById: township.id, requestKey: `seed-sc-${g.id}-${w}` });
    }
  }
  const screeningsWithFinds = screeningRows.filter((s) => s.found > 0);

  STATUS_PLAN.forEach((status, i) => {
    const desk = deskFor();
    const pool = residentsUnder(desk.unitId);
    const type = DISPUTE_TYPES[i % DISPUTE_TYPES.length];
    const did = id("md");
    const a = pick(pool);
    let b = pick(pool);
    while (b.id === a.id) b = pick(pool);
    const registeredAt = new Date(now.getTime() - (status === "REGISTERED" ? between(0, 6) : status === "MEDIATING" ? between(3, 25) : between(20, 120)) * DAY - between(1, 8) * HOUR);
    const risk = i % 13 === 0 ? "RED" : i % 5 === 0 ? "ORANGE" : chance(0.5) ? "YELLOW" : "GREEN";
    const screening = desk.unitId === townshipUnit.id && screeningsWithFinds.length && chance(0.3) ? pick(screeningsWithFinds) : null;
    const source = screening ? "SCREENING" : chance(0.15) ? "REFERRAL" : "INTAKE";
    const content = pick(CONTENT[type]);
    const withOrg = (type === "LABOUR_WAGES" || type === "PROPERTY_MANAGEMENT" || type === "MEDICAL" || type === "CONTRACT") && chance(0.5);
    const org = withOrg ? ORGS[["LABOUR_WAGES", "PROPERTY_MANAGEMENT", "MEDICAL", "CONTRACT"].indexOf(type)] : null;
    const amount = ["LABOUR_WAGES", "CONTRACT", "TRAFFIC", "MEDICAL", "MARRIAGE_FAMILY"].includes(type) ? between(20, 900) * 100 : null;
    const committee = desk.unitId === county.id ? (type === "MEDICAL" ? committees.find((c) => c.name.includes("医疗")) : type === "TRAFFIC" ? committees.find((c) => c.name.includes("交通")) : committees.find((c) => c.unitId === county.id)) : committees.find((c) => c.unitId === desk.unitId) ?? committees.find((c) => c.unitId === county.id);
    const mediators = `${pick(MEDIATORS)}、${pick(MEDIATORS.slice(3))}`;
    const mediating = status !== "REGISTERED" && !(status === "REFERRED" && chance(0.3));
    const grid = screening ? grids.find((g) => g.id === screening.gridId)! : grids.find((g) => g.id === a.gridId)!;
    const facts = `${a.name}反映：${content}。${org ? `涉及${org.name}。` : `与${b.name}协商未果。`}${amount ? `涉及金额约${amount}元。` : ""}`;
    const agreedAt = new Date(registeredAt.getTime() + between(3, 15) * DAY);
    const agreed = status === "AGREED" || (status === "CLOSED" && i % 3 !== 0);
    const referredClosed = status === "CLOSED" && i % 3 === 0;
    disputeRows.push({
      id: did,
      unitId: desk.unitId,
      gridId: grid.id,
      title: `${a.name}与${org ? org.name : b.name}${content.split("，")[0]}`,
      facts,
      type,
      amount,
      risk,
      riskReason: risk === "RED" ? "当事人情绪激动，扬言采取过激行为，存在民转刑风险" : risk === "ORANGE" ? "涉及人数较多，存在群体性上访苗头" : risk === "YELLOW" ? "双方分歧较大，需持续跟进" : "矛盾较轻，双方有调解意愿",
      source,
      screeningId: screening?.id ?? null,
      referredBy: source === "REFERRAL" ? pick(["玉门市人民法院", "玉门市公安局玉门镇派出所", "玉门市信访局"]) : null,
      status: status,
      committeeId: mediating ? (committee?.id ?? null) : null,
      mediators: mediating ? mediators : null,
      referral: status === "REFERRED" || referredClosed ? pick(["COURT", "ARBITRATION", "PETITIONS"] as const) : null,
      referralBody: status === "REFERRED" || referredClosed ? pick(["玉门市人民法院诉讼服务中心", "玉门市劳动人事争议仲裁委员会", "玉门市信访局"]) : null,
      referralNote: status === "REFERRED" || referredClosed ? "经多次调解，双方分歧较大，未能达成协议，引导当事人通过法定途径解决。" : null,
      closeNote: status === "CLOSED" ? (agreed ? "协议已履行完毕，回访当事人满意。" : "已转法定途径处理，本中心结案。") : null,
      registeredAt,
      concludedAt: agreed ? agreedAt : status === "REFERRED" || referredClosed ? new Date(registeredAt.getTime() + between(5, 20) * DAY) : null,
      closedAt: status === "CLOSED" ? new Date(Math.min(now.getTime() - DAY, agreedAt.getTime() + between(10, 40) * DAY)) : null,
      createdById: desk.user.id,
      requestKey: `seed-md-${i}`,
    });
    partyRows.push(partyOf(a, 1, did));
    if (org) orgParties.push({ id: id("dp"), disputeId: did, position: 2, kind: "ORGANISATION", name: org.name, creditCode: org.creditCode, representative: org.representative, address: `${county.name}`, phone: null });
    else partyRows.push(partyOf(b, 2, did));
    if (chance(0.2)) {
      let c = pick(pool);
      while (c.id === a.id || c.id === b.id) c = pick(pool);
      partyRows.push(partyOf(c, 3, did));
    }
    if (mediating) {
      const sessions = status === "MEDIATING" ? between(1, 2) : between(1, 3);
      for (let s = 0; s < sessions; s++) {
        const heldAt = new Date(registeredAt.getTime() + (s + 1) * between(1, 3) * DAY);
        if (heldAt > now) break;
        sessionRows.push({ id: id("ms"), disputeId: did, heldAt, place: `${units.find((u) => u.id === desk.unitId)?.name ?? ""}调解室`, present: `${a.name}、${org ? org.representative : b.name}、${mediators}`, notes: s === 0 ? "听取双方陈述，释法说理，双方均表示愿意协商解决。" : "组织双方面对面协商，就赔偿数额和履行期限逐步达成一致。", createdById: desk.user.id });
      }
    }
    if (agreed) {
      const judicial = i % 4 === 0 ? "confirmed" : i % 4 === 1 ? "applied" : "none";
      agreementPlans.push({
        disputeId: did,
        agreedAt,
        partyNames: [a.name, org ? org.name : b.name],
        positions: [1, 2],
        mediators,
        committee: committee?.name ?? "",
        judicial: status === "CLOSED" && judicial === "applied" ? "confirmed" : judicial,
        facts,
        terms: amount
          ? `一、${org ? org.name : b.name}于${new Date(agreedAt.getTime() + 20 * DAY + 8 * HOUR).toISOString().slice(0, 10)}前一次性支付${a.name}人民币${amount}元。\n二、双方就本纠纷再无其他争议。`
          : `一、双方互谅互让，${b.name}于十日内自行清理相关问题。\n二、今后双方和睦相处，不再因此事发生争执。`,
        amount,
      });
      if (status === "CLOSED" || chance(0.5))
        followRows.push({ id: id("fu"), disputeId: did, visitedAt: new Date(Math.min(now.getTime() - HOUR, agreedAt.getTime() + between(7, 20) * DAY)), fulfilled: status === "CLOSED" || chance(0.6), note: "电话回访当事人，协议履行情况良好，双方无新的矛盾。", createdById: desk.user.id });
    }
    if (source === "INTAKE") disputeIntakeLinks.push({ disputeId: did, visitorId: visitorOf(a).id, registeredAt, desk, type, content });
  });

  // --- petitions ---
  type PetitionPlan = { desk: (typeof desks)[number]; topic: string; title: string; matter: string; channel: "WALK_IN" | "LETTER" | "PHONE" | "ONLINE"; registeredAt: Date; petitioners: string[]; headcount: number; status: string; body: string; deptCode: string | null };
  const plans: PetitionPlan[] = [];
  const PET_STATUS = ["REGISTERED", "REGISTERED", "REGISTERED", "REGISTERED", "NOT_ACCEPTED", "ACCEPTED", "ACCEPTED", "ACCEPTED", "ACCEPTED", "ACCEPTED", "ACCEPTED", "REPLIED", "REPLIED", "REPLIED", "REVIEW", "CLOSED", "CLOSED", "CLOSED", "CLOSED", "CLOSED", "CLOSED", "CLOSED", "CLOSED", "CLOSED", "CLOSED", "CLOSED", "ACCEPTED", "REGISTERED"];
  const BODY: Record<string, [string, string | null]> = {
    LAND_HOUSING: ["自然资源局", "natural-resources"],
    LABOUR_WAGES: ["人力资源和社会保障局", "human-resources"],
    SOCIAL_SECURITY: ["民政局", "civil-affairs"],
    ENVIRONMENT: ["生态环境局", "ecology"],
    PUBLIC_SERVICE: ["住房和城乡建设局", "housing"],
    PROPERTY_MANAGEMENT: ["住房和城乡建设局", "housing"],
  };
  PET_STATUS.forEach((status, i) => {
    const desk = i % 4 === 3 ? desks[1] : desks[0];
    const topic = PETITION_TOPICS[i % PETITION_TOPICS.length];
    const who = pick(residentsUnder(desk.unitId));
    const ageDays = status === "REGISTERED" ? between(0, 12) : status === "ACCEPTED" ? between(10, 70) : between(30, 90);
    plans.push({
      desk,
      topic,
      title: `反映${pick(CONTENT[topic])}`,
      matter: `${who.name}反映：${pick(CONTENT[topic])}，请求有关部门依法处理。`,
      channel: pick(["WALK_IN", "WALK_IN", "LETTER", "PHONE", "ONLINE"] as const),
      registeredAt: new Date(now.getTime() - ageDays * DAY - between(1, 6) * HOUR),
      petitioners: [visitorOf(who).id],
      headcount: 1,
      status,
      body: BODY[topic][0],
      deptCode: BODY[topic][1],
    });
  });
  // A joint petition: twelve workers came about unpaid wages; five representatives registered.
  const workers = residentsUnder(county.id).filter((r) => r.employment && /工|农/.test(r.employment)).slice(0, 5);
  plans.push({ desk: desks[0], topic: "LABOUR_WAGES", title: "十二名农民工集体反映工程款拖欠", matter: "某建筑工地十二名农民工反映2025年度工资共计约36万元被拖欠，多次讨要未果，推选五名代表来访。", channel: "WALK_IN", registeredAt: new Date(now.getTime() - 4 * DAY - 2 * HOUR), petitioners: (workers.length === 5 ? workers : residents.slice(0, 5)).map((r) => visitorOf(r).id), headcount: 12, status: "ACCEPTED", body: "人力资源和社会保障局", deptCode: "human-resources" });
  // A repeat petition: the same person about the same land matter, two months apart.
  const repeater = residentsUnder(townshipUnit.id)[7] ?? residents[7];
  plans.push({ desk: desks[0], topic: "LAND_HOUSING", title: "反映承包地被占用补偿未落实", matter: `${repeater.name}反映承包地被道路工程占用，补偿款至今未落实。`, channel: "WALK_IN", registeredAt: new Date(now.getTime() - 70 * DAY), petitioners: [visitorOf(repeater).id], headcount: 1, status: "CLOSED", body: "自然资源局", deptCode: "natural-resources" });
  plans.push({ desk: desks[0], topic: "LAND_HOUSING", title: "再次反映承包地占用补偿问题", matter: `${repeater.name}再次来访，称此前答复后补偿款仍未到位。`, channel: "WALK_IN", registeredAt: new Date(now.getTime() - 2 * DAY - 3 * HOUR), petitioners: [visitorOf(repeater).id], headcount: 1, status: "REGISTERED", body: "自然资源局", deptCode: "natural-resources" });

  // --- intake: a month, several a day; disputes from the desk get their intake record ---
  type IntakeRow = { id: string; unitId: number; visitorId: string; channel: "WALK_IN" | "PHONE" | "LETTER"; matterType: "CONSULTATION" | "DISPUTE" | "PETITION" | "COMPLAINT" | "REQUEST" | "HAZARD"; topic: string; content: string; handling: "ANSWERED" | "LEGAL_CONSULTATION" | "DISPUTE" | "PETITION" | "EVENT"; answer: string | null; consultant: string | null; disputeId: string | null; petitionId: string | null; receivedAt: Date; createdById: string; requestKey: string; repeatCount: number };
  const intakeRows: IntakeRow[] = [];
  const regulars = residentsUnder(county.id).filter((_, i) => i % 97 === 0).slice(0, 12);
  for (let d = 29; d >= 0; d--) {
    const dayStart = new Date(Date.parse(`${new Date(now.getTime() - d * DAY + 8 * HOUR).toISOString().slice(0, 10)}T00:00:00Z`) - 8 * HOUR);
    const weekend = [0, 6].includes(new Date(dayStart.getTime() + 8 * HOUR).getUTCDay());
    const count = weekend ? between(0, 2) : between(3, 8);
    for (let k = 0; k < count; k++) {
      // Today's visits have all happened already, whatever the hour the seed runs at.
      const receivedAt = d === 0 ? new Date(now.getTime() - between(5, 600) * 60_000) : new Date(dayStart.getTime() + (9 + between(0, 7)) * HOUR + between(0, 59) * 60_000);
      const desk = deskFor();
      const pool = residentsUnder(desk.unitId);
      const regular = desk.unitId === county.id && chance(0.3) ? Math.floor(rng() * regulars.length) : -1;
      const who = regular >= 0 ? visitorOf(regulars[regular]) : chance(0.1) ? pick(outsiders) : visitorOf(pick(pool));
      // A regular keeps coming back about the same matter: the desk sees the repeats.
      const topic = regular >= 0 ? Object.keys(CONTENT)[regular % Object.keys(CONTENT).length] : pick(Object.keys(CONTENT));
      const legal = chance(0.35);
      intakeRows.push({
        id: id("ci"),
        unitId: desk.unitId,
        visitorId: who.id,
        channel: pick(["WALK_IN", "WALK_IN", "WALK_IN", "PHONE", "LETTER"] as const),
        matterType: legal ? "CONSULTATION" : pick(["CONSULTATION", "COMPLAINT", "REQUEST", "HAZARD"] as const),
        topic,
        content: pick(CONTENT[topic]),
        handling: legal ? "LEGAL_CONSULTATION" : "ANSWERED",
        answer: legal ? "告知其可通过协商、人民调解、诉讼等途径解决，并释明相关法律规定和诉讼时效。" : "当场解答，告知办理流程和所需材料。",
        consultant: legal ? pick(["值班律师 陈某", "法律服务工作者 杨某"]) : null,
        disputeId: null,
        petitionId: null,
        receivedAt,
        createdById: desk.user.id,
        requestKey: `seed-ci-${d}-${k}`,
        repeatCount: 0,
      });
    }
  }
  for (const [i, l] of disputeIntakeLinks.entries())
    intakeRows.push({ id: id("ci"), unitId: l.desk.unitId, visitorId: l.visitorId, channel: "WALK_IN", matterType: "DISPUTE", topic: l.type, content: l.content, handling: "DISPUTE", answer: null, consultant: null, disputeId: l.disputeId, petitionId: null, receivedAt: l.registeredAt, createdById: l.desk.user.id, requestKey: `seed-cid-${i}`, repeatCount: 0 });

  // --- writing ---
  await client.centerVisitor.createMany({ data: visitorRows });
  await client.disputeScreening.createMany({ data: screeningRows });
  // Case numbers follow the registration dates.
  disputeRows.sort((a, b) => (a.registeredAt as Date).getTime() - (b.registeredAt as Date).getTime());
  await client.dispute.createMany({ data: disputeRows });
  await client.disputeParty.createMany({ data: [...partyRows, ...orgParties] });
  await client.mediationSession.createMany({ data: sessionRows });
  await client.disputeFollowUp.createMany({ data: followRows });
  const numbers = new Map((await client.dispute.findMany({ where: { id: { in: disputeRows.map((d) => d.id as string) } }, select: { id: true, no: true } })).map((d) => [d.id, d.no]));
  await client.mediationAgreement.createMany({
    data: agreementPlans.map((a) => {
      const judicialDueAt = dueAfter(a.agreedAt, { amount: 30, unit: "DAY" }, cal);
      const applied = a.judicial !== "none" ? new Date(a.agreedAt.getTime() + between(2, 10) * DAY) : null;
      return {
        id: id("ma"),
        disputeId: a.disputeId,
        no: agreementNo(numbers.get(a.disputeId)!, a.agreedAt),
        partyPositions: a.positions,
        facts: a.facts,
        terms: a.terms,
        performance: a.amount ? "一次性现金或银行转账支付，于协议签订之日起二十日内履行完毕。" : "自协议签订之日起十日内履行完毕。",
        agreedAt: a.agreedAt,
        mediatorNames: a.mediators,
        committeeName: a.committee,
        judicialRequested: a.judicial !== "none",
        judicialDueAt,
        judicialAppliedAt: applied && applied < now ? applied : null,
        judicialCourt: applied && applied < now ? "玉门市人民法院" : null,
        judicialResult: a.judicial === "confirmed" && applied && applied.getTime() + 10 * DAY < now.getTime() ? ("CONFIRMED" as const) : null,
        judicialResultAt: a.judicial === "confirmed" && applied && applied.getTime() + 10 * DAY < now.getTime() ? new Date(applied.getTime() + 10 * DAY) : null,
        createdById: center.id,
      };
    }),
  });

  // Petitions one by one: their registration number comes from their own serial.
  const petitionIds: string[] = [];
  let firstOfRepeat: string | null = null;
  for (const [i, p] of plans.entries()) {
    const acceptDueAt = dueAfter(p.registeredAt, { amount: 15, unit: "DAY" }, cal);
    const decidedAt = p.status === "REGISTERED" ? null : new Date(Math.min(now.getTime() - HOUR, p.registeredAt.getTime() + between(2, 10) * DAY));
    const handleDueAt = decidedAt && p.status !== "NOT_ACCEPTED" ? dueAfter(decidedAt, { amount: 60, unit: "DAY" }, cal) : null;
    const replied = ["REPLIED", "REVIEW", "CLOSED"].includes(p.status);
    const repliedAt = replied && decidedAt ? new Date(Math.min(now.getTime() - 2 * DAY, decidedAt.getTime() + between(10, 40) * DAY)) : null;
    const isRepeatSecond = i === plans.length - 1;
    const row: { id: string; no: number } = await client.petition.create({
      data: {
        regNo: `tmp-seed-${i}`,
        unitId: p.desk.unitId,
        channel: p.channel,
        topic: p.topic as never,
        title: p.title,
        matter: p.matter,
        headcount: p.headcount,
        isJoint: isJointPetition(p.headcount, p.petitioners.length),
        isRepeat: isRepeatSecond,
        repeatOfId: isRepeatSecond ? firstOfRepeat : null,
        responsibleBody: p.body,
        responsibleDepartmentId: p.deptCode ? (dept(p.deptCode)?.id ?? null) : null,
        status: p.status as never,
        registeredAt: p.registeredAt,
        acceptDueAt,
        decidedAt,
        notAcceptedReason: p.status === "NOT_ACCEPTED" ? "该事项已经人民法院生效判决处理，依法不予受理，已书面告知信访人。" : null,
        handleDueAt,
        replyText: replied ? "经调查核实，相关部门已依法作出处理，具体情况已书面答复信访人。" : null,
        repliedAt,
        repliedOnTime: repliedAt && handleDueAt ? repliedAt <= handleDueAt : null,
        satisfaction: replied ? (i === plans.length - 2 ? "UNSATISFIED" : chance(0.8) ? "SATISFIED" : "BASICALLY_SATISFIED") : null,
        reviewRequestedAt: p.status === "REVIEW" && repliedAt ? new Date(repliedAt.getTime() + 5 * DAY) : null,
        reviewBody: p.status === "REVIEW" ? "玉门市人民政府信访复查机关" : null,
        closedAt: p.status === "CLOSED" && repliedAt ? new Date(repliedAt.getTime() + 3 * DAY) : p.status === "NOT_ACCEPTED" ? decidedAt : null,
        createdById: p.desk.user.id,
        requestKey: `seed-pt-${i}`,
        petitioners: { create: p.petitioners.map((visitorId, k) => ({ visitorId, position: k + 1 })) },
      },
      select: { id: true, no: true },
    });
    await client.petition.update({ where: { id: row.id }, data: { regNo: petitionRegNo(row.no, p.registeredAt) } });
    if (i === plans.length - 2) firstOfRepeat = row.id;
    petitionIds.push(row.id);
    if (p.status !== "NOT_ACCEPTED" && chance(0.7))
      intakeRows.push({ id: id("ci"), unitId: p.desk.unitId, visitorId: p.petitioners[0], channel: p.channel === "ONLINE" ? "LETTER" : p.channel, matterType: "PETITION", topic: p.topic, content: p.matter.slice(0, 200), handling: "PETITION", answer: null, consultant: null, disputeId: null, petitionId: row.id, receivedAt: p.registeredAt, createdById: p.desk.user.id, requestKey: `seed-cip-${i}`, repeatCount: 0 });
  }

  // Repeat visits: earlier visits of the same person about the same matter within the year.
  intakeRows.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  const seen = new Map<string, number>();
  for (const r of intakeRows) {
    const key = `${r.visitorId}:${r.topic}`;
    r.repeatCount = seen.get(key) ?? 0;
    seen.set(key, r.repeatCount + 1);
  }
  await client.centerIntake.createMany({ data: intakeRows as never });

  // --- meetings: one held (its decisions tied to open dispatch events), one to come ---
  const openEvents = await client.event.findMany({ where: { grid: { pathIds: { has: county.id } }, state: { in: ["DISPATCHED", "PROCESSING", "ACCEPTED"] } }, orderBy: { no: "asc" }, take: 3, select: { id: true, no: true, title: true, leadDepartmentId: true, dueAt: true } });
  const hot = disputeRows.filter((d) => (d.risk === "RED" || d.risk === "ORANGE") && ["REGISTERED", "MEDIATING"].includes(d.status as string)).slice(0, 3);
  const invite = ["public-security", "justice", "human-resources", "petitions", "court"].map(dept).filter((d) => !!d);
  await client.centerMeeting.create({
    data: {
      unitId: county.id,
      kind: "CONSULTATION",
      title: "重点矛盾纠纷和信访问题会商研判会",
      scheduledAt: new Date(now.getTime() - 6 * DAY),
      place: `${county.name}综治中心三楼会议室`,
      agenda: "一、通报本月矛盾纠纷排查化解情况；二、逐案研判红橙风险纠纷；三、研究集体访化解措施。",
      status: "HELD",
      minutes: "会议逐案研判了重点矛盾纠纷，明确了责任部门和化解时限，要求各部门按时反馈办理结果。",
      createdById: center.id,
      requestKey: "seed-mt-1",
      invites: { create: invite.map((d) => ({ departmentId: d!.id })) },
      cases: { create: [...hot.map((d) => ({ kind: "DISPUTE", targetId: d.id as string })), { kind: "PETITION", targetId: petitionIds[plans.length - 3] }, ...openEvents.map((e) => ({ kind: "EVENT", targetId: e.id }))] },
      decisions: {
        create: openEvents.map((e, k) => ({
          position: k + 1,
          text: `责成${departments.find((d) => d.id === e.leadDepartmentId)?.name ?? "责任部门"}加快办理“${e.title}”，限期办结并反馈。`,
          departmentId: e.leadDepartmentId,
          dueAt: e.dueAt ?? new Date(now.getTime() + 7 * DAY),
          eventId: e.id,
        })),
      },
    },
  });
  await client.centerMeeting.create({
    data: {
      unitId: county.id,
      kind: "JOINT",
      title: "欠薪问题联席会议",
      scheduledAt: new Date(now.getTime() + 3 * DAY + 2 * HOUR),
      place: `${county.name}综治中心一楼会商室`,
      agenda: "研究农民工集体反映欠薪问题的化解方案。",
      createdById: center.id,
      requestKey: "seed-mt-2",
      invites: { create: ["human-resources", "housing", "court", "public-security"].map(dept).filter((d) => !!d).map((d) => ({ departmentId: d!.id })) },
      cases: { create: [{ kind: "PETITION", targetId: petitionIds[plans.length - 3] }] },
    },
  });

  // --- an open day in the community: each problem a sentiment entry of its grid ---
  const dayAt = new Date(now.getTime() - 9 * DAY);
  const openDay = await client.openDay.create({
    data: { unitId: communityUnit.id, heldOn: dayAt, place: `${short(communityUnit.name)}党群服务中心`, officials: "陈镇长、镇综治中心主任、派出所所长、司法所所长", residentsHeard: 46, summary: "群众反映问题6件，当场答复2件，其余4件记入民情日志跟进办理。", status: "HELD", createdById: community.id, requestKey: "seed-od-1" },
    select: { id: true },
  });
  const communityGrids = gridsUnder(communityUnit.id);
  const asViewer = { id: community.id, unitId: community.unitId, role: "COMMUNITY_OFFICER" } as unknown as Viewer;
  const PROBLEMS: [string, string, "OPINION" | "REQUEST" | "SUGGESTION" | "COMPLAINT", boolean][] = [
    ["小区东门路灯损坏，夜间出行不便", "居民 何某", "REQUEST", true],
    ["建议增设老年人助餐点", "居民 罗某", "SUGGESTION", false],
    ["楼道电动车充电存在火灾隐患", "楼长 高某", "COMPLAINT", false],
    ["垃圾清运不及时，夏季异味大", "居民 梁某", "COMPLAINT", true],
  ];
  for (const [k, [content, raisedBy, kind, resolved]] of PROBLEMS.entries()) {
    const grid = communityGrids[k % communityGrids.length];
    if (!grid) break;
    await client.$transaction(async (tx) => {
      const s = await insertSentiment(tx, asViewer, { gridId: grid.id, kind, content: `【群众恳谈日】${content}`, residentId: null, placeId: null, recordedAt: dayAt });
      if (resolved) await tx.sentimentEntry.update({ where: { id: s.id }, data: { followUpStatus: "RESOLVED", followUpNote: "已协调相关部门处理完毕。" } });
      await tx.openDayProblem.create({ data: { openDayId: openDay.id, position: k + 1, content, raisedBy, sentimentId: s.id } });
    });
  }
  await client.openDay.create({ data: { unitId: communityUnit.id, heldOn: new Date(now.getTime() + 21 * DAY), place: `${short(communityUnit.name)}党群服务中心`, officials: "镇党委书记、社区书记", createdById: community.id, requestKey: "seed-od-2" } });

  // --- whistles at the county's center ---
  const whistle = (caseIdx: number, code: string, blownAgo: number, reported: boolean, k: number) => {
    const d = disputeRows[caseIdx];
    const department = dept(code);
    if (!department || !d) return null;
    const blownAt = new Date(now.getTime() - blownAgo * HOUR);
    const reportDueAt = dueAfter(blownAt, { amount: 2, unit: "WORKHOUR" }, cal);
    return {
      unitId: d.unitId as number,
      departmentId: department.id,
      caseKind: "DISPUTE",
      caseId: d.id as string,
      caseLabel: `${d.title as string}`,
      reason: "纠纷涉及专业问题，请派员到中心参与联合调解。",
      blownAt,
      blownById: center.id,
      reportDueAt,
      status: reported ? ("REPORTED" as const) : ("SUMMONED" as const),
      reportedAt: reported ? new Date(blownAt.getTime() + HOUR) : null,
      reportedById: reported ? (user("police")?.id ?? null) : null,
      reportNote: reported ? "已派员到中心报到，参与联合调解。" : null,
      requestKey: `seed-wh-${k}`,
    };
  };
  const countyCases = disputeRows.map((d, i) => ({ d, i })).filter(({ d }) => d.unitId === county.id && ["MEDIATING", "REGISTERED"].includes(d.status as string));
  const whistles = [
    countyCases[0] && whistle(countyCases[0].i, "public-security", 30, true, 1),
    countyCases[1] && whistle(countyCases[1].i, "human-resources", 50, true, 2),
    countyCases[2] && whistle(countyCases[2].i, "health", 1, false, 3),
    countyCases[3] && whistle(countyCases[3].i, "public-security", 40, false, 4),
  ].filter((w): w is NonNullable<ReturnType<typeof whistle>> => !!w);
  await client.centerWhistle.createMany({ data: whistles });

  // The county's center head hears of red cases registered below it.
  const reds = disputeRows.filter((d) => d.risk === "RED" && d.unitId !== county.id);
  await client.notification.createMany({
    data: reds.map((d) => ({ userId: center.id, kind: "center.highRisk", href: `/center/disputes/${d.id as string}`, params: { no: caseNo("MD", numbers.get(d.id)!, d.registeredAt as Date), title: d.title as string, actor: users.find((u) => u.id === d.createdById)?.displayName ?? "" } })),
  });

  log(
    `center: ${intakeRows.length} intake records, ${disputeRows.length} disputes (${agreementPlans.length} agreements), ${plans.length} petitions, ${screeningRows.length} screenings, 2 meetings, 2 open days, ${whistles.length} whistles in ${Date.now() - started} ms`,
  );
}
