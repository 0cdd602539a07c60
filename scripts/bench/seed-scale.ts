// The scale data set for benchmarks: a county and a half on PostgreSQL.
//
//   DATABASE_URL=postgresql://…/vitalgrid_scale npm run bench:seed -- [--seed 42] [--factor 1] [--reset]
//
// At --factor 1: 2 counties (1,200 grids), 2,000 users, 1,000,000 residents in 400,000
// households and 360,000 houses, 50,000 places, 20,000 objects, 2,000,000 visits and
// 50,000 sentiment entries; then the cases (scale-cases.ts): 500,000 events with their
// timelines, tasks and deadlines, 60,000 disputes and 40,000 petitions with their parties,
// mediation and intake. Rows are generated from a seeded PRNG and streamed into PostgreSQL
// with COPY, so memory stays flat whatever the size. The same seed and the same --now give
// the same data (times are relative to --now, the start of the run by default).
//
// --only cases replaces the cases of a database whose registries are already in.
// The database must be one the connection may own (the load runs with triggers off).
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { makeIdNumber, maskIdNumber } from "@/lib/id-number";
import { maskPhone } from "@/lib/phone";
import { nextVisitDue, type VisitTierKey } from "@/lib/visit-schedule";
import { createPrisma } from "@/lib/server/prisma";
import { seedDispatchReference } from "../../prisma/seed/dispatch";
import { applyMigrations } from "../db/migrate";
import { seedCases, verifyCases } from "./scale-cases";
import { BENCH_KEYS, BENCH_PASSWORD, BENCH_TOTP_SECRET, csv, prng } from "./scale-util";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "42" },
    factor: { type: "string", default: "1" },
    reset: { type: "boolean", default: false },
    only: { type: "string" },
    now: { type: "string" },
  },
});
const SEED = Number(values.seed);
const F = Number(values.factor);
const NOW = values.now ? new Date(values.now) : new Date(Math.floor(Date.now() / 60_000) * 60_000);
if (Number.isNaN(NOW.getTime())) throw new Error(`--now: not a date: ${values.now}`);
if (values.only && values.only !== "cases") throw new Error(`--only: only "cases" is known`);
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is required (a PostgreSQL database for benchmarks; it will be filled)");
  process.exit(2);
}

// Keys for the bench data; the bench server is started with the same ones.
process.env.DATA_ENCRYPTION_KEY ??= BENCH_KEYS.DATA_ENCRYPTION_KEY;
process.env.DATA_LOOKUP_KEY ??= BENCH_KEYS.DATA_LOOKUP_KEY;
const { encryptSecret, lookupHash } = await import("@/lib/server/crypto");
const { hashPassword } = await import("@/lib/server/passwords");

const rnd = prng(SEED);

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤".split("");
const GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华玉兰志强海燕红梅文斌晓东立新春梅金凤国庆永红德明瑞雪思远子涵雨轩欣怡浩然梓萱".split("");
const PLACE_CATS = ["SHOP", "ENTERPRISE", "SCHOOL", "CLINIC", "RENTAL_HOUSING", "RELIGIOUS", "PUBLIC_VENUE", "RESTAURANT", "OTHER"] as const;
const FACILITY_TYPES = ["FIRE_HYDRANT", "CAMERA", "MANHOLE", "STREET_LIGHT", "GAS_STATION", "DANGEROUS_GOODS_STORE"] as const;
const REGIONS = ["620981", "620982", "620902", "620921", "620922"];

/** Streams rows from a generator into `COPY table (columns) FROM STDIN`. */
async function copy(client: pg.PoolClient, table: string, columns: string[], rows: Iterable<unknown[]>, label = table) {
  const started = Date.now();
  let n = 0;
  const source = Readable.from(
    (function* () {
      let batch: string[] = [];
      for (const row of rows) {
        batch.push(row.map(csv).join(","));
        n++;
        if (batch.length === 2000) {
          yield batch.join("\n") + "\n";
          batch = [];
        }
      }
      if (batch.length) yield batch.join("\n") + "\n";
    })(),
  );
  const sink = client.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) FROM STDIN WITH (FORMAT csv)`));
  await pipeline(source, sink);
  console.log(`  ${label}: ${n.toLocaleString("en")} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return n;
}

// --- territory: two counties, 1,200 grids at factor 1 ------------------------------------
interface GridInfo {
  id: number;
  code: string;
  lng: number;
  lat: number;
  size: number;
}
const grids: GridInfo[] = [];

function* territoryRows(): Generator<unknown[]> {
  const now = NOW;
  let id = 0;
  const counties = [
    { code: "990501", name: "甲县", townships: 16, villages: 6, gridsPer: Math.max(1, Math.round(8 * F)), lng: 97.0, lat: 40.2 },
    { code: "990502", name: "乙县", townships: 8, villages: 6, gridsPer: Math.max(1, Math.round(9 * F)), lng: 98.6, lat: 40.2 },
  ];
  const size = 0.01;
  for (const c of counties) {
    const countyId = ++id;
    yield [countyId, `${c.code}000000`, c.name, "COUNTY", null, [countyId], 0, null, c.lat, c.lng, now];
    for (let t = 1; t <= c.townships; t++) {
      const townshipId = ++id;
      const tcode = `${c.code}${String(100 + t).padStart(3, "0")}000`;
      yield [townshipId, tcode, `${c.name}第${t}镇`, "TOWNSHIP", countyId, [countyId, townshipId], 1, null, null, null, now];
      for (let v = 1; v <= c.villages; v++) {
        const villageId = ++id;
        const vcode = `${tcode.slice(0, 9)}${String(200 + v).padStart(3, "0")}`;
        yield [villageId, vcode, `第${t}镇${v}村`, "VILLAGE", townshipId, [countyId, townshipId, villageId], 2, null, null, null, now];
        for (let g = 1; g <= c.gridsPer; g++) {
          const gridId = ++id;
          // Grids sit on a lattice per county; each cell is an octagon with 9 ring points.
          const k = grids.filter((x) => x.code.startsWith(c.code)).length;
          const lng = c.lng + (k % 40) * size * 1.1;
          const lat = c.lat + Math.floor(k / 40) * size * 1.1;
          const ring: [number, number][] = [];
          for (let a = 0; a < 8; a++) {
            const ang = (a / 8) * 2 * Math.PI;
            ring.push([+(lng + (Math.cos(ang) * size) / 2).toFixed(6), +(lat + (Math.sin(ang) * size) / 2).toFixed(6)]);
          }
          ring.push(ring[0]);
          const code = `${vcode}${String(g).padStart(3, "0")}`;
          grids.push({ id: gridId, code, lng, lat, size });
          yield [gridId, code, `${v}村第${g}网格`, "GRID", villageId, [countyId, townshipId, villageId, gridId], 3, { type: "Polygon", coordinates: [ring] }, lat, lng, now];
        }
      }
    }
  }
}

function pointIn(g: GridInfo): [number, number] {
  return [+(g.lng + (rnd.next() - 0.5) * g.size * 0.6).toFixed(6), +(g.lat + (rnd.next() - 0.5) * g.size * 0.6).toFixed(6)];
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);

/** The tables the cases part writes (and --only cases empties first). */
const CASE_TABLES = [
  "Event", "EventTimelineEntry", "DispatchTask", "EventDeadline", "EventSupervision", "EventLink",
  "Dispute", "DisputeParty", "MediationSession", "MediationAgreement", "DisputeFollowUp", "DisputeScreening",
  "Petition", "PetitionPetitioner", "CenterIntake", "CenterVisitor", "CenterWhistle", "MediationCommittee", "CenterPost", "Notification",
];

async function main() {
  const started = Date.now();
  await applyMigrations(url!);
  // The cases part streams into several tables at once, one connection each.
  const pool = new pg.Pool({ connectionString: url, max: 12 });
  const client = await pool.connect();
  try {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "Unit"`);
    if (values.only === "cases") {
      if (!rows[0].n) throw new Error("--only cases needs the registries: run the whole seed first");
      console.log(`replacing the cases with seed ${SEED}, factor ${F}, now ${NOW.toISOString()}`);
      await client.query(`SET session_replication_role = replica`);
      await client.query(`TRUNCATE ${CASE_TABLES.map((t) => `"${t}"`).join(", ")} RESTART IDENTITY CASCADE`);
      await client.query(`UPDATE "SentimentEntry" SET "followUpStatus" = 'OPEN', "eventId" = NULL WHERE "eventId" IS NOT NULL`);
      await client.query(`SET session_replication_role = origin`);
    } else {
      if (rows[0].n > 0) {
        if (!values.reset) throw new Error("the database is not empty; pass --reset to wipe it first");
        const tables = await client.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`);
        // The audit log may refuse TRUNCATE by design; a scale database is disposable.
        await client.query(`SET session_replication_role = replica`).catch(() => undefined);
        await client.query(`TRUNCATE ${tables.rows.map((t) => `"${t.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`);
        await client.query(`SET session_replication_role = origin`).catch(() => undefined);
      }
      console.log(`seeding with seed ${SEED}, factor ${F}, now ${NOW.toISOString()}`);
      await seedRegistries(client);
    }
  } finally {
    client.release();
  }
  try {
    // Categories, deadline rules and the holiday calendar, then the cases.
    const prisma = createPrisma(url!, { max: 2 });
    await seedDispatchReference(prisma);
    await prisma.$disconnect();
    await seedCases(pool, { seed: SEED, factor: F, now: NOW });
    await verifyCases(pool);
    // As autovacuum leaves tables in steady state: statistics, and the visibility map that
    // lets covering indexes answer without visiting the table.
    console.log("  vacuuming and analyzing…");
    const v0 = Date.now();
    await pool.query("VACUUM ANALYZE");
    console.log(`  vacuumed and analyzed in ${((Date.now() - v0) / 1000).toFixed(0)} s`);
    console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; peak memory ${(peakRss / 2 ** 20).toFixed(0)} MB`);
  } finally {
    await pool.end();
  }
}

/** Territory, departments, users, houses, households, residents, places, objects, visits, sentiment entries. */
async function seedRegistries(client: pg.PoolClient) {
  {
    await copy(client, "Unit", ["id", "code", "name", "level", "parentId", "pathIds", "depth", "boundary", "centerLat", "centerLng", "updatedAt"], territoryRows(), "units");
    await client.query(`SELECT setval(pg_get_serial_sequence('"Unit"', 'id'), (SELECT max(id) FROM "Unit"))`);

    const { DEPARTMENTS } = await import("../../prisma/seed/departments");
    await copy(client, "Department", ["id", "code", "name", "nameEn", "sortOrder", "updatedAt"], DEPARTMENTS.map((d, i) => [i + 1, d.code, d.name, d.nameEn, i, NOW]), "departments");
    await client.query(`SELECT setval(pg_get_serial_sequence('"Department"', 'id'), 100)`);

    // Users: a grid worker per grid, officers per village and township, center, leaders,
    // department staff and administrators: 2,000 at factor 1.
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const units = (await client.query(`SELECT id, level, "parentId" FROM "Unit" ORDER BY id`)).rows as { id: number; level: string; parentId: number | null }[];
    const gridWorkers: { id: string; gridId: number }[] = [];
    function* userRows(): Generator<unknown[]> {
      const now = NOW;
      let n = 0;
      // Leaders and administrators must sign in with a second factor: theirs is a known
      // secret, so that the benchmark can sign in as them.
      const row = (role: string, unitId: number, dept: number | null) => {
        n++;
        const id = `u${String(n).padStart(6, "0")}`;
        const totp = role === "LEADER" || role === "ADMIN";
        return { id, r: [id, `bench${n}`, `${rnd.pick(SURNAMES)}${rnd.pick(GIVEN)}`, passwordHash, role, unitId, dept, totp ? encryptSecret(BENCH_TOTP_SECRET) : null, totp ? now : null, now] };
      };
      for (const g of grids) {
        const u = row("GRID_WORKER", g.id, null);
        gridWorkers.push({ id: u.id, gridId: g.id });
        yield u.r;
      }
      for (const u of units) {
        if (u.level === "VILLAGE") yield row("COMMUNITY_OFFICER", u.id, null).r;
        if (u.level === "TOWNSHIP") for (let i = 0; i < 3; i++) yield row("TOWNSHIP_OFFICER", u.id, null).r;
      }
      const counties = units.filter((u) => u.level === "COUNTY");
      // At small factors, still one of each kind per county and department.
      const target = Math.max(2000 * F, n + 4 * DEPARTMENTS.length * counties.length);
      while (n < target) {
        // Every county gets center staff, department staff of every department, and leaders.
        const c = counties[Math.floor(n / 4) % counties.length];
        const kind = n % 4;
        if (kind === 0) yield row("CENTER_STAFF", c.id, null).r;
        else if (kind === 1) yield row("DEPARTMENT_STAFF", c.id, 1 + (n % 13)).r;
        else if (kind === 2) yield row("LEADER", c.id, null).r;
        else yield row("CENTER_STAFF", c.id, null).r;
      }
      yield row("ADMIN", counties[0].id, null).r;
    }
    await copy(client, "User", ["id", "username", "displayName", "passwordHash", "role", "unitId", "departmentId", "totpCipher", "totpEnabledAt", "updatedAt"], userRows(), "users");

    // Houses, households and residents.
    const totalHouseholds = Math.round(400_000 * F);
    const totalHouses = Math.round(360_000 * F);
    const perGridHouses = Math.ceil(totalHouses / grids.length);
    const houseGrid: number[] = [];
    function* houseRows(): Generator<unknown[]> {
      const now = NOW;
      for (let h = 0; h < totalHouses; h++) {
        const g = grids[Math.min(grids.length - 1, Math.floor(h / perGridHouses))];
        houseGrid.push(g.id);
        const b = 1 + Math.floor((h % perGridHouses) / 24);
        const unitNo = 1 + Math.floor((h % 24) / 8);
        const room = 100 * (1 + ((h % 8) >> 1)) + 1 + (h % 2);
        const [lng, lat] = pointIn(g);
        yield [`h${h}`, g.id, `${b}栋`, `${unitNo}单元`, String(room), `${b}栋${unitNo}单元${room}`, "RESIDENTIAL", h % 7 === 0 ? "RENTED" : "OWNER_OCCUPIED", lat, lng, now];
      }
    }
    await copy(client, "House", ["id", "gridId", "building", "unitNo", "room", "address", "use", "tenure", "lat", "lng", "updatedAt"], houseRows(), "houses");

    const tiers: VisitTierKey[] = [];
    function* householdRows(): Generator<unknown[]> {
      const now = NOW;
      const created = new Date(now.getTime() - 400 * 86_400_000);
      for (let h = 0; h < totalHouseholds; h++) {
        const house = h % totalHouses;
        const tier: VisitTierKey = h % 20 === 0 ? "KEY" : h % 5 === 0 ? "REASSURED" : "ORDINARY";
        tiers.push(tier);
        const last = new Date(now.getTime() - rnd.int(1, 100) * 86_400_000);
        yield [`hh${h}`, houseGrid[house], `h${house}`, `HH${String(h).padStart(8, "0")}`, tier, last, nextVisitDue(tier, last, created), now];
      }
    }
    await copy(client, "Household", ["id", "gridId", "houseId", "householdNo", "visitTier", "lastVisitAt", "nextVisitDue", "updatedAt"], householdRows(), "households");

    const totalResidents = Math.round(1_000_000 * F);
    const perBirthDate = new Map<string, number>();
    function* residentRows(): Generator<unknown[]> {
      const now = NOW;
      let previousHousehold = -1;
      for (let r = 0; r < totalResidents; r++) {
        const hh = Math.floor((r / totalResidents) * totalHouseholds);
        const head = hh !== previousHousehold;
        previousHousehold = hh;
        const house = hh % totalHouses;
        const age = rnd.int(0, 95);
        const birth = new Date(Date.UTC(2026 - age, rnd.int(0, 11), rnd.int(1, 28)));
        const birthIso = birth.toISOString().slice(0, 10);
        const region = rnd.pick(REGIONS);
        const key = region + birthIso;
        const seq = perBirthDate.get(key) ?? 0;
        perBirthDate.set(key, seq + 1);
        const id = makeIdNumber(region, birthIso, seq);
        const female = Number(id[16]) % 2 === 0;
        const phone = age >= 16 ? `1${rnd.pick(["38", "39", "58", "86", "77"])}${String(rnd.int(0, 99_999_999)).padStart(8, "0")}` : null;
        yield [
          `r${r}`, houseGrid[house], `hh${hh}`, head ? "HEAD" : rnd.pick(["SPOUSE", "CHILD", "PARENT", "OTHER"]), `h${house}`,
          `${rnd.pick(SURNAMES)}${rnd.pick(GIVEN)}${rnd.next() < 0.5 ? rnd.pick(GIVEN) : ""}`,
          encryptSecret(id), lookupHash(id), maskIdNumber(id), birthIso, female ? "FEMALE" : "MALE", rnd.next() < 0.9 ? "01" : String(rnd.int(2, 56)).padStart(2, "0"),
          phone, phone ? maskPhone(phone) : null, rnd.next() < 0.85 ? "REGISTERED" : "FLOATING", true, rnd.next() < 0.95, now,
        ];
      }
    }
    await copy(
      client,
      "Resident",
      ["id", "gridId", "householdId", "relationToHead", "houseId", "name", "idCipher", "idHash", "idMasked", "birthDate", "sex", "ethnicity", "phone", "phoneMasked", "residenceType", "registeredHere", "livesHere", "updatedAt"],
      residentRows(),
      "residents",
    );

    function* placeRows(): Generator<unknown[]> {
      const now = NOW;
      for (let p = 0; p < 50_000 * F; p++) {
        const g = grids[p % grids.length];
        const [lng, lat] = pointIn(g);
        const cat = rnd.pick(PLACE_CATS);
        yield [`p${p}`, g.id, `${rnd.pick(SURNAMES)}记${["商店", "饭店", "诊所", "公司", "出租屋", "超市"][p % 6]}${p}`, cat, rnd.pick(["LOW", "LOW", "MEDIUM", "HIGH"]), lat, lng, now];
      }
    }
    await copy(client, "Place", ["id", "gridId", "name", "category", "riskLevel", "lat", "lng", "updatedAt"], placeRows(), "places");

    function* facilityRows(): Generator<unknown[]> {
      const now = NOW;
      for (let f = 0; f < 20_000 * F; f++) {
        const g = grids[f % grids.length];
        const [lng, lat] = pointIn(g);
        const type = rnd.pick(FACILITY_TYPES);
        yield [`f${f}`, g.id, type, `${type}-${f}`, type === "GAS_STATION" || type === "DANGEROUS_GOODS_STORE", "NORMAL", lat, lng, now];
      }
    }
    await copy(client, "Facility", ["id", "gridId", "type", "name", "isHazard", "status", "lat", "lng", "updatedAt"], facilityRows(), "objects");

    // Two million visits over the last year, by each grid's worker.
    const workerOfGrid = new Map(gridWorkers.map((w) => [w.gridId, w.id]));
    const hhGrid = (hh: number) => houseGrid[hh % totalHouses];
    function* visitRows(): Generator<unknown[]> {
      const now = NOW.getTime();
      for (let v = 0; v < 2_000_000 * F; v++) {
        const hh = rnd.int(0, totalHouseholds - 1);
        const g = hhGrid(hh);
        yield [`v${v}`, `hh${hh}`, g, workerOfGrid.get(g), new Date(now - rnd.int(1, 365) * 86_400_000 - rnd.int(0, 86_399) * 1000), rnd.pick(["IN_PERSON", "IN_PERSON", "PHONE", "VIDEO"]), "入户走访，情况正常"];
      }
    }
    await copy(client, "Visit", ["id", "householdId", "gridId", "visitorId", "visitedAt", "method", "findings"], visitRows(), "visits");

    function* sentimentRows(): Generator<unknown[]> {
      const now = NOW.getTime();
      for (let s = 0; s < 50_000 * F; s++) {
        const g = grids[s % grids.length];
        const at = new Date(now - rnd.int(1, 365) * 86_400_000);
        yield [`s${s}`, g.id, rnd.pick(["OPINION", "REQUEST", "SUGGESTION", "COMPLAINT"]), "居民反映小区路灯损坏，夜间出行不便", rnd.pick(["OPEN", "FOLLOWING", "RESOLVED"]), at, new Date(now)];
      }
    }
    await copy(client, "SentimentEntry", ["id", "gridId", "kind", "content", "followUpStatus", "recordedAt", "updatedAt"], sentimentRows(), "sentiment entries");
  }
}

try {
  await main();
} finally {
  clearInterval(sampler);
}
