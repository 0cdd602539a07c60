// The dashboard's hand-checked data set, on top of tests/support/fixtures.ts. Rows are
// written directly (not through the dispatch workflow) so that every fact a figure depends
// on is set by hand; the expected figures are worked out in the comments and in
// tests/integration/dashboard-figures.test.ts.
//
// "Now" is 20 November 2026, 12:00 in Beijing; the period is November 2026.
//
//   event grid  source         state       reported  closed   resolved   rating fired  category
//   E1    G111  GRID_REPORT    CLOSED      11-02     11-05    GRID       5      no     safety
//   E2    G111  GRID_REPORT    CLOSED      11-03     11-10    VILLAGE    3      yes    safety
//   E3    G111  GRID_REPORT    PROCESSING  11-15     -        -          -      -      safety   due 11-18: overdue
//   E4    G111  GRID_REPORT    REPORTED    11-20(today) -     -          -      -      safety   due 11-22
//   E5    G112  CENTER_INTAKE  CLOSED      10-25     11-08    DEPARTMENT 4      no     fire     lead: police
//   E6    G112  GRID_REPORT    MERGED      11-04     -        -          -      -      safety
//   E7    G121  SENTIMENT      CLOSED      11-06     11-12    TOWNSHIP   -      yes    safety
//   E8    G121  GRID_REPORT    REJECTED    11-07     11-08    -          -      -      safety
//   E9    G211  GRID_REPORT    CLOSED      10-01     10-20    GRID       5      no     safety   (October)
//   E10   G211  GRID_REPORT    FEEDBACK    11-19     -        GRID       -      -      safety   no deadline
//   E11   GB    GRID_REPORT    CLOSED      11-02     11-03    GRID       5      no     safety   (other county)
//   E12   GB    GRID_REPORT    PROCESSING  11-10     -        -          -      -      safety   overdue (other county)
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import type { EventFacts } from "@/lib/dashboard/rates";
import { nextVisitDue } from "@/lib/visit-schedule";
import { fixture, type UnitKey } from "./fixtures";

export const NOW = new Date("2026-11-20T04:00:00Z");
export const PERIOD = "2026-11";
const d = (s: string) => new Date(s);

interface EventSpec {
  key: string;
  grid: UnitKey;
  source: EventFacts["source"];
  state: string;
  reportedAt: string;
  closedAt?: string;
  dueAt?: string;
  resolvedLevel?: string;
  rating?: number;
  fired?: boolean;
  category: "safety" | "fire";
  lead?: boolean;
}

export const EVENTS: EventSpec[] = [
  { key: "E1", grid: "G111", source: "GRID_REPORT", state: "CLOSED", reportedAt: "2026-11-02T02:00:00Z", closedAt: "2026-11-05T02:00:00Z", resolvedLevel: "GRID", rating: 5, category: "safety" },
  { key: "E2", grid: "G111", source: "GRID_REPORT", state: "CLOSED", reportedAt: "2026-11-03T02:00:00Z", closedAt: "2026-11-10T02:00:00Z", resolvedLevel: "VILLAGE", rating: 3, fired: true, category: "safety" },
  { key: "E3", grid: "G111", source: "GRID_REPORT", state: "PROCESSING", reportedAt: "2026-11-15T02:00:00Z", dueAt: "2026-11-18T02:00:00Z", category: "safety" },
  { key: "E4", grid: "G111", source: "GRID_REPORT", state: "REPORTED", reportedAt: "2026-11-20T02:00:00Z", dueAt: "2026-11-22T02:00:00Z", category: "safety" },
  { key: "E5", grid: "G112", source: "CENTER_INTAKE", state: "CLOSED", reportedAt: "2026-10-25T02:00:00Z", closedAt: "2026-11-08T02:00:00Z", resolvedLevel: "DEPARTMENT", rating: 4, category: "fire", lead: true },
  { key: "E6", grid: "G112", source: "GRID_REPORT", state: "MERGED", reportedAt: "2026-11-04T02:00:00Z", closedAt: "2026-11-04T05:00:00Z", category: "safety" },
  { key: "E7", grid: "G121", source: "SENTIMENT", state: "CLOSED", reportedAt: "2026-11-06T02:00:00Z", closedAt: "2026-11-12T02:00:00Z", resolvedLevel: "TOWNSHIP", fired: true, category: "safety" },
  { key: "E8", grid: "G121", source: "GRID_REPORT", state: "REJECTED", reportedAt: "2026-11-07T02:00:00Z", closedAt: "2026-11-08T02:00:00Z", category: "safety" },
  { key: "E9", grid: "G211", source: "GRID_REPORT", state: "CLOSED", reportedAt: "2026-10-01T02:00:00Z", closedAt: "2026-10-20T02:00:00Z", resolvedLevel: "GRID", rating: 5, category: "safety" },
  { key: "E10", grid: "G211", source: "GRID_REPORT", state: "FEEDBACK", reportedAt: "2026-11-19T10:00:00Z", resolvedLevel: "GRID", category: "safety" },
  { key: "E11", grid: "GB", source: "GRID_REPORT", state: "CLOSED", reportedAt: "2026-11-02T02:00:00Z", closedAt: "2026-11-03T02:00:00Z", resolvedLevel: "GRID", rating: 5, category: "safety" },
  { key: "E12", grid: "GB", source: "GRID_REPORT", state: "PROCESSING", reportedAt: "2026-11-10T02:00:00Z", dueAt: "2026-11-12T02:00:00Z", category: "safety" },
];

const OPEN_STATES = new Set(["REPORTED", "AT_COMMUNITY", "AT_TOWNSHIP", "AT_CENTER", "ACCEPTED", "DISPATCHED", "PROCESSING", "REVIEW", "FEEDBACK"]);

/** The facts the pure definitions (lib/dashboard/rates.ts) need, for the events of some grids. */
export function factsOf(grids: UnitKey[], category?: "safety" | "fire"): EventFacts[] {
  return EVENTS.filter((e) => grids.includes(e.grid) && (!category || e.category === category)).map((e) => ({
    state: e.state,
    source: e.source,
    isOpen: OPEN_STATES.has(e.state),
    reportedAt: d(e.reportedAt),
    closedAt: e.closedAt ? d(e.closedAt) : null,
    dueAt: e.dueAt ? d(e.dueAt) : null,
    resolvedLevel: e.resolvedLevel ?? null,
    rating: e.rating ?? null,
    anyDeadlineFired: !!e.fired,
  }));
}

export interface DashboardFixture {
  events: Record<string, { id: string; no: number }>;
  categories: { safety: number; safetyLeaf: number; fire: number; fireLeaf: number };
  police: number;
  households: Record<string, string>;
}

/** Writes the data set; call after resetDatabase(). */
export async function seedDashboardFixture(): Promise<DashboardFixture> {
  const { units, users } = fixture();
  const police = (await db.department.findUniqueOrThrow({ where: { code: "public-security" }, select: { id: true } })).id;
  const cat = async (code: string, name: string, parentId: number | null) =>
    (await db.eventCategory.create({ data: { code, name, nameEn: code, parentId }, select: { id: true } })).id;
  const safety = await cat("t-safety", "治安隐患", null);
  const safetyLeaf = await cat("t-safety-disorder", "治安乱点", safety);
  const fire = await cat("t-fire", "消防隐患", null);
  const fireLeaf = await cat("t-fire-exit", "消防通道堵塞", fire);
  const leaf = { safety: safetyLeaf, fire: fireLeaf };

  const events: DashboardFixture["events"] = {};
  for (const [i, e] of EVENTS.entries()) {
    const gridId = units[e.grid];
    const created = await db.event.create({
      data: {
        source: e.source,
        categoryId: leaf[e.category],
        urgency: "NORMAL",
        title: `测试事件 ${e.key}`,
        description: "仪表盘测试数据",
        lat: 30.005,
        lng: 100.005 + i * 0.0001,
        gridId,
        holderUnitId: OPEN_STATES.has(e.state) ? gridId : null,
        state: e.state as Prisma.EventCreateInput["state"],
        isOpen: OPEN_STATES.has(e.state),
        superviseGrade: e.key === "E3" ? 2 : 0,
        rank: e.key === "E3" ? 6 : 0,
        dueAt: e.dueAt ? d(e.dueAt) : null,
        warnAt: e.dueAt ? new Date(d(e.dueAt).getTime() - 24 * 3600_000) : null,
        leadDepartmentId: e.lead ? police : null,
        rating: e.rating ?? null,
        resolvedLevel: e.resolvedLevel ?? null,
        reporterId: users.grid,
        idempotencyKey: `dash-${e.key}`,
        reportedAt: d(e.reportedAt),
        closedAt: e.closedAt ? d(e.closedAt) : null,
      },
      select: { id: true, no: true },
    });
    events[e.key] = created;
    const reported = d(e.reportedAt);
    // Every event had a handling deadline; the "fired" ones missed it.
    await db.eventDeadline.create({
      data: {
        eventId: created.id,
        stage: "HANDLE",
        holder: "UNIT",
        holderId: gridId,
        startsAt: reported,
        warnAt: new Date(reported.getTime() + 24 * 3600_000),
        dueAt: new Date(reported.getTime() + 48 * 3600_000),
        status: e.fired ? "FIRED" : OPEN_STATES.has(e.state) ? "ACTIVE" : "MET",
        firedAt: e.fired ? new Date(reported.getTime() + 48 * 3600_000) : null,
      },
    });
  }
  // E5 went to the police as lead department and was completed in time.
  await db.dispatchTask.create({
    data: {
      eventId: events.E5.id,
      departmentId: police,
      isLead: true,
      state: "COMPLETED",
      acceptDueAt: d("2026-10-26T02:00:00Z"),
      acceptWarnAt: d("2026-10-26T00:00:00Z"),
      dueAt: d("2026-11-09T02:00:00Z"),
      warnAt: d("2026-11-08T02:00:00Z"),
      eventNo: events.E5.no,
      updatedAt: d("2026-11-07T02:00:00Z"),
    },
  });
  // Supervision in November: a yellow card on grid G111's desk (E3), an ordinary one on the
  // township T1, a red card on the police (E5); and one in October that does not count.
  await db.eventSupervision.createMany({
    data: [
      { eventId: events.E3.id, grade: 2, targetUnitId: units.G111, entryId: 1, at: d("2026-11-18T03:00:00Z") },
      { eventId: events.E3.id, grade: 1, targetUnitId: units.T1, entryId: 2, at: d("2026-11-18T04:00:00Z") },
      { eventId: events.E5.id, grade: 3, targetDepartmentId: police, entryId: 3, at: d("2026-11-02T04:00:00Z") },
      { eventId: events.E5.id, grade: 3, targetDepartmentId: police, entryId: 4, at: d("2026-10-29T04:00:00Z") },
    ],
  });

  // Households and visits (lib/visits/rates.ts, November, now = 20 November):
  //   H1 G111 ordinary, last visit 10 Oct → due 10 Nov, visited 8 Nov   → on time
  //   H2 G111 ordinary, last visit 12 Oct → due 12 Nov, no visit        → late
  //   H3 G111 reassured, last visit 20 Oct → due 20 Jan                 → not due
  //   H4 G112 ordinary, last visit 25 Oct → due 25 Nov, not over yet    → pending
  // County: on time 1, late 1, pending 1 → 50%.
  const created = d("2025-01-01T00:00:00Z");
  const households: Record<string, string> = {};
  const specs = [
    { key: "H1", grid: "G111" as UnitKey, tier: "ORDINARY" as const, last: "2026-10-10T02:00:00Z", visit: "2026-11-08T02:00:00Z" },
    { key: "H2", grid: "G111" as UnitKey, tier: "ORDINARY" as const, last: "2026-10-12T02:00:00Z" },
    { key: "H3", grid: "G111" as UnitKey, tier: "REASSURED" as const, last: "2026-10-20T02:00:00Z" },
    { key: "H4", grid: "G112" as UnitKey, tier: "ORDINARY" as const, last: "2026-10-25T02:00:00Z" },
  ];
  for (const h of specs) {
    const gridId = units[h.grid];
    const lastVisitAt = d(h.visit ?? h.last);
    const row = await db.household.create({
      data: { gridId, visitTier: h.tier, createdAt: created, lastVisitAt, nextVisitDue: nextVisitDue(h.tier, lastVisitAt, created) },
      select: { id: true },
    });
    households[h.key] = row.id;
    await db.visit.create({ data: { householdId: row.id, gridId, visitorId: users.grid, visitedAt: d(h.last), method: "IN_PERSON" } });
    if (h.visit) await db.visit.create({ data: { householdId: row.id, gridId, visitorId: users.grid, visitedAt: d(h.visit), method: "IN_PERSON" } });
  }

  // Residents: G111 has 3 live (one tagged) and 1 deleted (tagged); G112 has 2 live, one
  // carrying only a disabled tag. County: 5 residents, 1 in a key group → 200 per 1,000.
  const tag = await db.keyGroupTag.create({ data: { code: "t-key", name: "重点人员", nameEn: "Key" } });
  const off = await db.keyGroupTag.create({ data: { code: "t-off", name: "停用标签", nameEn: "Off", enabled: false } });
  let n = 0;
  const resident = async (grid: UnitKey, tags: number[], deleted = false) => {
    n++;
    const r = await db.resident.create({
      data: {
        gridId: units[grid],
        name: `居民${n}`,
        idCipher: "v1:test:x:x:x",
        idHash: `dash-resident-${n}`,
        idMasked: "620981********0000",
        birthDate: d("1970-01-01T00:00:00Z"),
        sex: "MALE",
        ethnicity: "01",
        deletedAt: deleted ? d("2026-11-01T00:00:00Z") : null,
      },
      select: { id: true },
    });
    for (const t of tags) await db.residentTag.create({ data: { residentId: r.id, tagId: t } });
  };
  await resident("G111", [tag.id]);
  await resident("G111", []);
  await resident("G111", []);
  await resident("G111", [tag.id], true);
  await resident("G112", [off.id]);
  await resident("G112", []);

  return { events, categories: { safety, safetyLeaf, fire, fireLeaf }, police, households };
}

/** The AppError a promise fails with; fails the test when it succeeds. */
export async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${err === null ? "success" : String(err)}`);
  return err;
}
