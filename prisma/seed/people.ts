// Demo data of the people registry: the key-group dictionary, and houses, households and
// residents in every grid of the demo county (about 20,000 people). Deterministic (seeded
// PRNG); names are generated from common surnames and given-name characters, ID numbers
// carry Yumen's region code 620981, birth dates that match the ages and valid check
// characters, and phones come from one fixed block. Households follow an age pyramid of
// a north-western county: many elderly, children often left with grandparents.
//
// Rows go in with INSERT ... SELECT FROM unnest(...), one array parameter per column: on
// the embedded database that is several times faster than createMany.
import { makeIdNumber, maskIdNumber } from "@/lib/id-number";
import { DEFAULT_TAGS } from "@/lib/people/tag-defaults";
import { formatAddress, TIER_RANK } from "@/lib/people/rules";
import { maskPhone } from "@/lib/phone";
import { encryptSecret, lookupHash } from "@/lib/server/crypto";
import type { Db } from "@/lib/server/prisma";
import { nextVisitDue, type VisitTierKey } from "@/lib/visit-schedule";

const DAY = 24 * 3600_000;
const REGION = "620981";
const TARGET_RESIDENTS = 20_000;

/** The key-group dictionary (idempotent: existing tags keep their names). */
export async function seedKeyGroupTags(client: Db) {
  await client.keyGroupTag.createMany({
    data: DEFAULT_TAGS.map((t, i) => ({ ...t, sortOrder: i + 1 })),
    skipDuplicates: true,
  });
}

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
const chance = (rng: Rng, p: number) => rng() < p;

function idMaker(rng: Rng, prefix: string) {
  let n = 0;
  return () => `${prefix}${(n++).toString(36).padStart(5, "0")}${Math.floor(rng() * 36 ** 8).toString(36).padStart(8, "0")}`;
}

interface Column {
  name: string;
  type: string;
  cast?: string;
}

async function bulkInsert(client: Db, table: string, columns: Column[], rows: unknown[][], batch = 4000) {
  const names = columns.map((c) => `"${c.name}"`).join(", ");
  const params = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ");
  const select = columns.map((c) => (c.cast ? `u."${c.name}"::"${c.cast}"` : `u."${c.name}"`)).join(", ");
  const sql = `INSERT INTO "${table}" (${names}) SELECT ${select} FROM unnest(${params}) AS u(${names})`;
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch);
    await client.$executeRawUnsafe(sql, ...columns.map((_, c) => chunk.map((r) => r[c])));
  }
}

// --- fictitious people ------------------------------------------------------------------

const SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万严武戴孔汤".split("");
const MALE = "伟强军磊洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欢阳建国志文海东兴荣".split("");
const FEMALE = "芳娜敏静丽艳娟霞秀英慧巧美红玲桂兰萍梅琳雪婷倩颖洁琴云莲凤燕翠菊彩晶悦欣怡".split("");

function givenName(rng: Rng, male: boolean): string {
  const pool = male ? MALE : FEMALE;
  return chance(rng, 0.75) ? pick(rng, pool) + pick(rng, pool) : pick(rng, pool);
}

/** Numbers from one fixed block, so no demo phone is anybody's. */
const phoneOf = (rng: Rng) => `1380000${String(between(rng, 0, 9999)).padStart(4, "0")}`;

const WORK_ADULT_TOWN = ["企业职工", "个体经营", "石油化工", "教师", "医护人员", "公务员", "灵活就业", "服务业", "待业"];
const WORK_ADULT_VILLAGE = ["务农", "务农", "务农", "养殖", "外出务工", "个体经营", "灵活就业"];

function employmentFor(rng: Rng, age: number, village: boolean): string | null {
  if (age < 6) return null;
  if (age < 19) return "学生";
  if (age < 23) return chance(rng, 0.6) ? "学生" : pick(rng, village ? WORK_ADULT_VILLAGE : WORK_ADULT_TOWN);
  if (age >= 60) return village ? (chance(rng, 0.6) ? "务农" : "无") : "退休";
  return pick(rng, village ? WORK_ADULT_VILLAGE : WORK_ADULT_TOWN);
}

function ethnicityOf(rng: Rng): string {
  const r = rng();
  if (r < 0.95) return "01"; // Han
  if (r < 0.975) return "03"; // Hui
  return pick(rng, ["02", "04", "48", "26", "11"]); // Mongol, Tibetan, Yugur, Dongxiang, Manchu
}

interface Member {
  relation: "HEAD" | "SPOUSE" | "CHILD" | "PARENT" | "GRANDCHILD" | "SIBLING" | "CHILD_IN_LAW";
  age: number;
  male: boolean;
  away?: boolean;
}

/** One household's members: the mix gives the county's age pyramid. */
function composeHousehold(rng: Rng): { members: Member[]; kind: string } {
  const r = rng();
  const sexPair = (): [boolean, boolean] => (chance(rng, 0.55) ? [true, false] : [false, true]);
  if (r < 0.1) return { kind: "elderAlone", members: [{ relation: "HEAD", age: between(rng, 66, 92), male: chance(rng, 0.4) }] };
  if (r < 0.22) {
    const a = between(rng, 60, 86);
    return { kind: "elderCouple", members: [{ relation: "HEAD", age: a, male: true }, { relation: "SPOUSE", age: Math.max(55, a - between(rng, 0, 5)), male: false }] };
  }
  if (r < 0.3) return { kind: "single", members: [{ relation: "HEAD", age: between(rng, 20, 58), male: chance(rng, 0.6) }] };
  const [hm, sm] = sexPair();
  if (r < 0.38) {
    const a = between(rng, 22, 34);
    const m: Member[] = [{ relation: "HEAD", age: a, male: hm }, { relation: "SPOUSE", age: a + between(rng, -3, 3), male: sm }];
    if (chance(rng, 0.5)) m.push({ relation: "CHILD", age: between(rng, 0, Math.max(0, a - 22)), male: chance(rng, 0.52) });
    return { kind: "young", members: m };
  }
  if (r < 0.73) {
    const a = between(rng, 30, 56);
    const m: Member[] = [{ relation: "HEAD", age: a, male: hm }, { relation: "SPOUSE", age: a + between(rng, -4, 3), male: sm }];
    const kids = chance(rng, 0.45) ? 2 : 1;
    for (let i = 0; i < kids; i++) m.push({ relation: "CHILD", age: Math.max(0, a - between(rng, 22, 34)), male: chance(rng, 0.52) });
    return { kind: "nuclear", members: m };
  }
  if (r < 0.95) {
    // Three generations; in a fifth of them the parents work away and the children stay with grandparents.
    const g = between(rng, 58, 84);
    const p = g - between(rng, 22, 30);
    const away = chance(rng, 0.2);
    const m: Member[] = [{ relation: "HEAD", age: g, male: true }];
    if (chance(rng, 0.8)) m.push({ relation: "SPOUSE", age: g - between(rng, 0, 5), male: false });
    const sonMale = chance(rng, 0.7);
    m.push({ relation: "CHILD", age: p, male: sonMale, away });
    m.push({ relation: "CHILD_IN_LAW", age: p + between(rng, -3, 3), male: !sonMale, away });
    const kids = chance(rng, 0.4) ? 2 : 1;
    for (let i = 0; i < kids; i++) m.push({ relation: "GRANDCHILD", age: Math.max(0, p - between(rng, 22, 32)), male: chance(rng, 0.52) });
    return { kind: away ? "leftBehind" : "threeGen", members: m };
  }
  const a = between(rng, 25, 60);
  return { kind: "siblings", members: [{ relation: "HEAD", age: a, male: hm }, { relation: "SIBLING", age: a + between(rng, -8, 8), male: chance(rng, 0.5) }] };
}

function birthDateFor(rng: Rng, age: number, now: Date): string {
  const d = new Date(now.getTime() - age * 365.25 * DAY - between(rng, 1, 360) * DAY);
  return d.toISOString().slice(0, 10);
}

// --- the seed ---------------------------------------------------------------------------

export async function seedPeople(client: Db, log: (msg: string) => void = console.log, now = new Date(), seed = 620981) {
  const started = Date.now();
  await seedKeyGroupTags(client);
  const county = await client.unit.findFirst({ where: { code: `${REGION}000000` }, select: { id: true } });
  if (!county) return;
  const inCounty = { grid: { pathIds: { has: county.id } } };
  if ((await client.resident.count({ where: inCounty })) > 0) {
    log("people: residents exist already, skipped");
    return;
  }
  const grids = await client.unit.findMany({
    where: { pathIds: { has: county.id }, level: "GRID", retiredAt: null },
    select: { id: true, name: true, parent: { select: { name: true } } },
    orderBy: { code: "asc" },
  });
  if (!grids.length) return;
  const tags = new Map((await client.keyGroupTag.findMany({ select: { id: true, code: true, visitTier: true } })).map((t) => [t.code, t]));
  const workers = await client.user.findMany({ where: { role: "GRID_WORKER", unit: { level: "GRID" } }, select: { id: true, unitId: true } });
  const workerOf = new Map(workers.map((w) => [w.unitId, w.id]));

  const rng = mulberry32(seed);
  const houseId = idMaker(rng, "cph");
  const householdId = idMaker(rng, "cpf");
  const residentId = idMaker(rng, "cpr");
  const seqOf = new Map<string, number>();
  const houses: unknown[][] = [];
  const households: unknown[][] = [];
  const residents: unknown[][] = [];
  const residentTags: unknown[][] = [];
  let householdNo = 100_000_000;
  const perGrid = TARGET_RESIDENTS / grids.length;

  for (const grid of grids) {
    const villageName = grid.parent?.name ?? "";
    const village = !/社区|居委会/.test(villageName);
    const worker = workerOf.get(grid.id) ?? null;
    // A grid with a worker account gets about 50 people; others vary around the average.
    const target = worker ? between(rng, 48, 54) : Math.round(perGrid * (0.7 + rng() * 0.6));
    const created = () => new Date(now.getTime() - between(rng, 30, 720) * DAY - between(rng, 0, 86_399) * 1000);
    let people = 0;
    // Addresses in order with gaps, as on a real street: building, unit, floor, door in a
    // community; group and house number in a village.
    let slot = between(rng, 0, 3);
    let houseNo = between(rng, 1, 5);
    const nextAddress = () => {
      if (village) {
        houseNo += between(rng, 1, 3);
        return { building: `${1 + Math.floor(houseNo / 40)}组`, unitNo: "", room: `${houseNo}号` };
      }
      slot += between(rng, 1, 3);
      const door = (slot % 2) + 1;
      const floor = (Math.floor(slot / 2) % 6) + 1;
      const unit = (Math.floor(slot / 12) % 3) + 1;
      const building = Math.floor(slot / 36) + 1;
      return { building: `${building}栋`, unitNo: `${unit}单元`, room: `${floor}0${door}室` };
    };
    while (people < target) {
      const { building, unitNo, room } = nextAddress();
      const rented = !village && chance(rng, 0.14);
      const houseCreated = created();
      const hid = houseId();
      houses.push([
        hid, grid.id, building, unitNo, room, formatAddress(villageName, building, unitNo, room), rented ? "RENTED" : "OWNER_OCCUPIED",
        rented ? `${pick(rng, SURNAMES)}${givenName(rng, chance(rng, 0.5))}` : null, rented ? phoneOf(rng) : null, rented ? between(rng, 2, 6) : null,
        chance(rng, 0.7) ? "VERIFIED" : "ENTERED", worker && chance(rng, 0.5) ? worker : null, houseCreated,
      ]);
      // A few empty houses: vacant homes are part of the registry too.
      if (chance(rng, 0.04)) {
        houses[houses.length - 1][6] = "VACANT";
        houses[houses.length - 1][7] = null;
        houses[houses.length - 1][8] = null;
        houses[houses.length - 1][9] = null;
        continue;
      }

      const { members, kind } = composeHousehold(rng);
      const surname = pick(rng, SURNAMES);
      const fid = householdId();
      const hhCreated = new Date(houseCreated.getTime() + between(rng, 0, 30) * DAY);
      let tier = (chance(rng, 0.2) ? "REASSURED" : "ORDINARY") as VisitTierKey;
      const hhIndex = households.length;
      households.push([fid, grid.id, hid, rented ? null : String(householdNo++), tier, null, null, chance(rng, 0.7) ? "VERIFIED" : "ENTERED", worker && chance(rng, 0.5) ? worker : null, hhCreated]);
      const floating = rented && chance(rng, 0.6);
      for (const m of members) {
        const name = (m.relation === "SPOUSE" || m.relation === "CHILD_IN_LAW" ? pick(rng, SURNAMES) : surname) + givenName(rng, m.male);
        const birth = birthDateFor(rng, m.age, now);
        const key = birth;
        const k = seqOf.get(key) ?? between(rng, 0, 40);
        seqOf.set(key, k + 1);
        const seq = (k * 2 + (m.male ? 1 : 0)) % 1000;
        const idNumber = makeIdNumber(REGION, birth, seq);
        const phone = m.age >= 16 && chance(rng, 0.8) ? phoneOf(rng) : null;
        const residenceType = rented ? (floating ? "FLOATING" : "PERMANENT_NON_REGISTERED") : chance(rng, 0.03) ? "PERMANENT_NON_REGISTERED" : "REGISTERED";
        const registeredHere = residenceType === "REGISTERED";
        // Working-age people registered here often work elsewhere (户在人不在).
        const livesHere = !registeredHere || !(m.away || (m.age >= 18 && m.age <= 45 && chance(rng, 0.07)));
        const rid = residentId();
        residents.push([
          rid, grid.id, fid, m.relation, livesHere ? hid : null, name, encryptSecret(idNumber), lookupHash(idNumber), maskIdNumber(idNumber), birth,
          m.male ? "MALE" : "FEMALE", ethnicityOf(rng), phone, phone ? maskPhone(phone) : null, residenceType, registeredHere, livesHere,
          employmentFor(rng, m.age, village), chance(rng, 0.7) ? "VERIFIED" : "ENTERED", worker && chance(rng, 0.5) ? worker : null, hhCreated,
        ]);
        people++;

        // Key groups, about one person in twenty.
        const tag = (code: string, care: number) => {
          const t = tags.get(code);
          if (!t) return;
          residentTags.push([rid, t.id, care, hhCreated]);
          if (TIER_RANK[t.visitTier] < TIER_RANK[tier]) tier = t.visitTier;
        };
        if (kind === "elderAlone" && m.age >= 70) tag("ELDERLY_ALONE", m.age >= 80 ? 3 : 2);
        else if (kind === "elderCouple" && m.relation === "HEAD" && m.age >= 78 && chance(rng, 0.5)) tag("EMPTY_NEST_ELDERLY", 2);
        if (kind === "leftBehind" && m.relation === "GRANDCHILD" && m.age < 16) tag("LEFT_BEHIND_CHILD", m.age < 8 ? 3 : 2);
        if (m.age >= 5 && chance(rng, 0.012)) tag("DISABLED", between(rng, 1, 3));
        if (m.relation === "HEAD" && chance(rng, 0.02)) tag("LOW_INCOME", between(rng, 1, 2));
        if (m.age >= 18 && m.age < 70) {
          const r = rng();
          if (r < 0.001) tag("COMMUNITY_CORRECTION", 2);
          else if (r < 0.0025) tag("RELEASED_PRISONER", 2);
          else if (r < 0.0045) tag("SEVERE_MENTAL_DISORDER", 3);
          else if (r < 0.005) tag("DRUG_REHABILITATION", 3);
          else if (r < 0.006) tag("REPEAT_PETITIONER", 1);
          else if (r < 0.011) tag("MILITARY_FAMILY", 1);
        }
      }
      // Tier follows the most cared-for member; the last visit is somewhere in the last period.
      const last = new Date(now.getTime() - rng() * (tier === "KEY" ? 8 : tier === "ORDINARY" ? 32 : 95) * DAY);
      const visited = last.getTime() > hhCreated.getTime() ? last : null;
      households[hhIndex][4] = tier;
      households[hhIndex][5] = visited;
      households[hhIndex][6] = nextVisitDue(tier, visited, hhCreated);
    }
  }

  await bulkInsert(client, "House", [
    { name: "id", type: "text" },
    { name: "gridId", type: "int4" },
    { name: "building", type: "text" },
    { name: "unitNo", type: "text" },
    { name: "room", type: "text" },
    { name: "address", type: "text" },
    { name: "tenure", type: "text", cast: "HouseTenure" },
    { name: "landlordName", type: "text" },
    { name: "landlordPhone", type: "text" },
    { name: "permittedOccupants", type: "int4" },
    { name: "dataState", type: "text", cast: "DataState" },
    { name: "createdById", type: "text" },
    { name: "createdAt", type: "timestamp" },
    { name: "updatedAt", type: "timestamp" },
  ], houses.map((h) => [...h, h[12]]));
  await bulkInsert(client, "Household", [
    { name: "id", type: "text" },
    { name: "gridId", type: "int4" },
    { name: "houseId", type: "text" },
    { name: "householdNo", type: "text" },
    { name: "visitTier", type: "text", cast: "VisitTier" },
    { name: "lastVisitAt", type: "timestamp" },
    { name: "nextVisitDue", type: "timestamp" },
    { name: "dataState", type: "text", cast: "DataState" },
    { name: "createdById", type: "text" },
    { name: "createdAt", type: "timestamp" },
    { name: "updatedAt", type: "timestamp" },
  ], households.map((h) => [...h, h[9]]));
  await bulkInsert(client, "Resident", [
    { name: "id", type: "text" },
    { name: "gridId", type: "int4" },
    { name: "householdId", type: "text" },
    { name: "relationToHead", type: "text", cast: "HouseholdRelation" },
    { name: "houseId", type: "text" },
    { name: "name", type: "text" },
    { name: "idCipher", type: "text" },
    { name: "idHash", type: "text" },
    { name: "idMasked", type: "text" },
    { name: "birthDate", type: "date" },
    { name: "sex", type: "text", cast: "Sex" },
    { name: "ethnicity", type: "text" },
    { name: "phone", type: "text" },
    { name: "phoneMasked", type: "text" },
    { name: "residenceType", type: "text", cast: "ResidenceType" },
    { name: "registeredHere", type: "bool" },
    { name: "livesHere", type: "bool" },
    { name: "employment", type: "text" },
    { name: "dataState", type: "text", cast: "DataState" },
    { name: "createdById", type: "text" },
    { name: "createdAt", type: "timestamp" },
    { name: "updatedAt", type: "timestamp" },
  ], residents.map((r) => [...r, r[20]]));
  await bulkInsert(client, "ResidentTag", [
    { name: "residentId", type: "text" },
    { name: "tagId", type: "int4" },
    { name: "careLevel", type: "int4" },
    { name: "createdAt", type: "timestamp" },
  ], residentTags);
  // Verified records name no verifier (the demo has no history of who did it) but carry the time.
  await client.$executeRawUnsafe(`UPDATE "Resident" SET "verifiedAt" = "createdAt" + interval '3 days' WHERE "dataState" = 'VERIFIED' AND "verifiedAt" IS NULL`);
  await client.$executeRawUnsafe(`UPDATE "Household" SET "verifiedAt" = "createdAt" + interval '3 days' WHERE "dataState" = 'VERIFIED' AND "verifiedAt" IS NULL`);
  await client.$executeRawUnsafe(`UPDATE "House" SET "verifiedAt" = "createdAt" + interval '3 days' WHERE "dataState" = 'VERIFIED' AND "verifiedAt" IS NULL`);

  const tagged = new Set(residentTags.map((t) => t[0])).size;
  log(
    `people: ${residents.length} residents (${tagged} in key groups) in ${households.length} households and ${houses.length} houses ` +
      `across ${grids.length} grids (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}
