// A small, hand-made territory for integration tests: two counties, so that every test can
// check "inside my territory" against a sibling grid, a parent unit and another county.
//
//   990101000000 测试县 (county A)             990102000000 邻县 (county B)
//   ├─ 990101100000 东镇 (T1)                 └─ 990102100000 北镇
//   │  ├─ 990101100001 东村 (V11): grids G111, G112        └─ 990102100001 北村: grid GB
//   │  └─ 990101100002 西村 (V12): grid G121
//   └─ 990101200000 西镇 (T2)
//      └─ 990101200001 南村 (V21): grid G211
import type { RoleKey } from "@/lib/permissions";
import { loadViewer, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { hashPassword } from "@/lib/server/passwords";
import { createUnit } from "@/lib/territory/data";

export const FIXTURE_PASSWORD = "Fixture#2026";
let passwordHash: string | undefined;

const UNITS = [
  { key: "A", code: "990101000000", name: "测试县", level: "COUNTY", parent: null },
  { key: "T1", code: "990101100000", name: "东镇", level: "TOWNSHIP", parent: "A" },
  { key: "V11", code: "990101100001", name: "东村", level: "VILLAGE", parent: "T1" },
  { key: "G111", code: "990101100001001", name: "东村第1网格", level: "GRID", parent: "V11" },
  { key: "G112", code: "990101100001002", name: "东村第2网格", level: "GRID", parent: "V11" },
  { key: "V12", code: "990101100002", name: "西村", level: "VILLAGE", parent: "T1" },
  { key: "G121", code: "990101100002001", name: "西村第1网格", level: "GRID", parent: "V12" },
  { key: "T2", code: "990101200000", name: "西镇", level: "TOWNSHIP", parent: "A" },
  { key: "V21", code: "990101200001", name: "南村", level: "VILLAGE", parent: "T2" },
  { key: "G211", code: "990101200001001", name: "南村第1网格", level: "GRID", parent: "V21" },
  { key: "B", code: "990102000000", name: "邻县", level: "COUNTY", parent: null },
  { key: "TB", code: "990102100000", name: "北镇", level: "TOWNSHIP", parent: "B" },
  { key: "VB", code: "990102100001", name: "北村", level: "VILLAGE", parent: "TB" },
  { key: "GB", code: "990102100001001", name: "北村第1网格", level: "GRID", parent: "VB" },
] as const;
export type UnitKey = (typeof UNITS)[number]["key"];

const USERS: { username: string; role: RoleKey; unit: UnitKey; department?: string }[] = [
  { username: "admin", role: "ADMIN", unit: "A" },
  { username: "leader", role: "LEADER", unit: "A" },
  { username: "center", role: "CENTER_STAFF", unit: "A" },
  { username: "dept", role: "DEPARTMENT_STAFF", unit: "A", department: "public-security" },
  { username: "township", role: "TOWNSHIP_OFFICER", unit: "T1" },
  { username: "community", role: "COMMUNITY_OFFICER", unit: "V11" },
  { username: "grid", role: "GRID_WORKER", unit: "G111" },
  { username: "grid2", role: "GRID_WORKER", unit: "G112" },
  { username: "adminB", role: "ADMIN", unit: "B" },
  { username: "gridB", role: "GRID_WORKER", unit: "GB" },
  // admin module: the security and audit administrators (三员, with "admin")
  { username: "secadmin", role: "SECURITY_ADMIN", unit: "A" },
  { username: "auditadmin", role: "AUDIT_ADMIN", unit: "A" },
];

export interface Fixture {
  units: Record<UnitKey, number>;
  users: Record<string, string>;
}
let current: Fixture | undefined;

function square(i: number) {
  const x = 100 + i * 0.01;
  return { type: "Polygon", coordinates: [[[x, 30], [x + 0.01, 30], [x + 0.01, 30.01], [x, 30.01], [x, 30]]] };
}

export async function resetDatabase(): Promise<Fixture> {
  const tables = await db.$queryRawUnsafe<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
  );
  // The audit log refuses TRUNCATE by trigger (append-only); tests run as a superuser,
  // who may switch triggers off for the reset (replica mode, this transaction only).
  if (tables.length)
    await db.$transaction([
      db.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`),
      db.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`),
    ]);

  passwordHash ??= await hashPassword(FIXTURE_PASSWORD);
  const units = {} as Record<UnitKey, number>;
  const refs = new Map<string, { id: number; pathIds: number[]; depth: number }>();
  await db.$transaction(async (tx) => {
    for (const [i, u] of UNITS.entries()) {
      const created = await createUnit(tx, {
        code: u.code,
        name: u.name,
        level: u.level,
        parent: u.parent ? refs.get(u.parent)! : null,
        sortOrder: i,
        boundary: u.level === "GRID" ? square(i) : undefined,
      });
      refs.set(u.key, created);
      units[u.key] = created.id;
    }
  });
  await db.department.create({ data: { code: "public-security", name: "公安局", nameEn: "Public Security Bureau" } });
  const dept = await db.department.findUniqueOrThrow({ where: { code: "public-security" } });
  const users: Record<string, string> = {};
  for (const u of USERS) {
    const created = await db.user.create({
      data: {
        username: u.username,
        displayName: u.username,
        role: u.role,
        unitId: units[u.unit],
        departmentId: u.department ? dept.id : null,
        passwordHash,
      },
      select: { id: true },
    });
    users[u.username] = created.id;
  }
  current = { units, users };
  return current;
}

export function fixture(): Fixture {
  if (!current) throw new Error("resetDatabase() has not run");
  return current;
}

/** The viewer a signed-in fixture user would be, loaded the way a request loads it. */
export async function viewerFor(username: string): Promise<Viewer> {
  const user = await db.user.findUniqueOrThrow({ where: { username }, select: { id: true, sessionVersion: true } });
  const viewer = await loadViewer(user.id, user.sessionVersion, "127.0.0.1");
  if (!viewer) throw new Error(`${username} cannot sign in`);
  return viewer;
}
