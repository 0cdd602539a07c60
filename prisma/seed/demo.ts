// Demo data for a fresh database: the real division hierarchy of Yumen City (loaded with
// the same importer an administrator uses), synthetic grids with plausible boundaries,
// the county departments and one demo account per role.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoPlacement } from "@/lib/demo";
import type { Db } from "@/lib/server/prisma";
import { hashPassword } from "@/lib/server/passwords";
import { parseDivisionCsv } from "@/lib/territory/csv";
import { createUnit, unsafeImportDivisions } from "@/lib/territory/data";
import { DEPARTMENTS } from "./departments";
import { layoutCounty, type SeedTownship } from "./geometry";
import { seedAdmin } from "./admin";
import { seedCenter } from "./center";
import { seedDispatch } from "./dispatch";
import { seedGridLife } from "./grid-life";
import { seedPeople } from "./people";
import { seedProjects } from "./projects";

export const DEMO_COUNTY_CODE = "620981000000";
const CSV = fileURLToPath(new URL("../data/divisions-620981.csv", import.meta.url));

export async function seedDepartments(client: Db) {
  for (const [i, d] of DEPARTMENTS.entries()) {
    await client.department.upsert({
      where: { code: d.code },
      create: { ...d, sortOrder: i },
      update: {},
    });
  }
}

/** Loads the county, lays out boundaries and creates the grids; idempotent. */
export async function seedTerritory(client: Db, seed = 620981) {
  const { rows, errors } = parseDivisionCsv(readFileSync(CSV, "utf8"));
  if (errors.length) throw new Error(`bad division data: ${JSON.stringify(errors)}`);
  const imported = await unsafeImportDivisions(rows, client);

  const units = await client.unit.findMany({
    where: { pathIds: { has: (await client.unit.findUniqueOrThrow({ where: { code: DEMO_COUNTY_CODE } })).id } },
    select: { id: true, code: true, name: true, level: true, parentId: true, pathIds: true, depth: true },
    orderBy: { code: "asc" },
  });
  const county = units.find((u) => u.level === "COUNTY")!;
  const townships: SeedTownship[] = units
    .filter((u) => u.level === "TOWNSHIP")
    .map((t) => ({
      code: t.code,
      name: t.name,
      villages: units.filter((v) => v.parentId === t.id).map((v) => ({ code: v.code, name: v.name })),
    }));
  const layout = layoutCounty(townships, seed);
  const shapeOf = (code: string) =>
    code === county.code ? layout.county : (layout.townships.get(code) ?? layout.villages.get(code));

  let gridsCreated = 0;
  await client.$transaction(
    async (tx) => {
      for (const unit of units) {
        const shape = shapeOf(unit.code);
        if (!shape) continue;
        await tx.unit.update({
          where: { id: unit.id },
          data: { boundary: shape.polygon as unknown as Prisma.InputJsonValue, centerLng: shape.center[0], centerLat: shape.center[1] },
        });
      }
      for (const village of units.filter((u) => u.level === "VILLAGE")) {
        const shapes = layout.grids.get(village.code) ?? [];
        const existing = await tx.unit.count({ where: { parentId: village.id, level: "GRID" } });
        if (existing > 0) continue;
        const shortName = village.name.replace(/(社区居民委员会|社区居委会|村民委员会|村委会|居委会)$/, (m) => (m.includes("社区") ? "社区" : "村"));
        for (const [i, shape] of shapes.entries()) {
          await createUnit(tx, {
            code: `${village.code}${String(i + 1).padStart(3, "0")}`,
            name: `${shortName}第${i + 1}网格`,
            level: "GRID",
            parent: village,
            sortOrder: i + 1,
            boundary: shape.polygon as unknown as Prisma.InputJsonValue,
            centerLng: shape.center[0],
            centerLat: shape.center[1],
          });
          gridsCreated++;
        }
      }
    },
    { timeout: 300_000 },
  );
  return { ...imported, gridsCreated };
}

/** Where each demo account sits: fixed picks from the seeded tree, so the README stays true. */
async function placements(client: Db): Promise<Record<DemoPlacement, number>> {
  const county = await client.unit.findUniqueOrThrow({ where: { code: DEMO_COUNTY_CODE }, select: { id: true } });
  const townships = await client.unit.findMany({ where: { parentId: county.id, level: "TOWNSHIP" }, orderBy: { code: "asc" }, select: { id: true } });
  const township = townships[0];
  const community = await client.unit.findFirstOrThrow({ where: { parentId: township.id }, orderBy: { code: "asc" }, select: { id: true } });
  const grids = await client.unit.findMany({ where: { parentId: community.id }, orderBy: { code: "asc" }, select: { id: true }, take: 2 });
  return {
    county: county.id,
    township: township.id,
    otherTownship: townships[1].id,
    community: community.id,
    grid: grids[0].id,
    grid2: grids[1].id,
  };
}

export async function seedDemoUsers(client: Db) {
  const where = await placements(client);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const account of DEMO_ACCOUNTS) {
    const department = account.department
      ? await client.department.findUniqueOrThrow({ where: { code: account.department }, select: { id: true } })
      : null;
    await client.user.upsert({
      where: { username: account.username },
      create: {
        username: account.username,
        displayName: account.displayName,
        role: account.role,
        unitId: where[account.placement],
        departmentId: department?.id ?? null,
        passwordHash,
      },
      update: {},
    });
  }
}

export async function seedDemo(client: Db, log: (msg: string) => void = console.log) {
  await seedDepartments(client);
  const territory = await seedTerritory(client);
  log(`territory: ${territory.created} units imported, ${territory.gridsCreated} grids created`);
  await seedDemoUsers(client);
  log(`demo accounts: ${DEMO_ACCOUNTS.map((a) => a.username).join(", ")} (password ${DEMO_PASSWORD})`);
  // Grid module, people: key-group tags, houses, households and ~20,000 residents.
  await seedPeople(client, log);
  // Grid module, places to visits: keep last, it needs the people seed's households.
  await seedGridLife(client, log);
  // Dispatch module: categories, deadline rules, holiday calendar, demo events.
  await seedDispatch(client, log);
  // Administration: department stations, a custom role, the list of powers and responsibilities.
  await seedAdmin(client, log);
  // Special projects: form templates, a finished and a running campaign (needs the registries and dispatch categories).
  await seedProjects(client, log);
  // Governance center: stations, intake, disputes, petitions, meetings, open days (needs people and dispatch).
  await seedCenter(client, log);
}
