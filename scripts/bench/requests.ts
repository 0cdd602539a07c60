// The requests `npm run bench` measures: every list, detail, dashboard and map request the
// module issues name, with the figure each must meet (targetMs, p95). `mixed` marks the
// grid worker's everyday requests used for the concurrent load; `phonePage` the pages whose
// JavaScript is weighed; `payload` the responses whose size is reported. The users and
// records come from the scale data set (run.ts reads them: BenchContext).
import { WORKLISTS_BY_ROLE } from "@/lib/dispatch/permissions";

export interface BenchContext {
  gridWorkers: { username: string; gridId: number }[];
  admin: string;
  leader: string;
  center: string;
  department: string;
  resident: { id: string; name: string; gridId: number; idNumber: string };
  community: string;
  township: string;
  /** The county the measured users work in, one of its townships, and the other county (about 400 grids). */
  county: number;
  townshipUnit: number;
  smallCounty: number;
  /** Center staff of the other county. */
  smallCountyCenter: string;
  /** Records of the first grid worker's grid. */
  grid: { householdId: string; houseId: string; placeId: string; facilityId: string; sentimentId: string };
  events: { center: string; department: string; worker: string };
  center_: { disputeId: string; petitionId: string; visitorId: string; intakeDay: string; month: string };
  /** The dashboard's periods: this month and this year. */
  period: { month: string; year: string };
  /** A map view of the county (bbox "west,south,east,north") and its zoom. */
  view: { bbox: string; zoom: number };
}

export interface BenchRequest {
  name: string;
  path: (ctx: BenchContext) => string;
  user: (ctx: BenchContext) => string;
  targetMs?: number;
  mixed?: boolean;
  phonePage?: boolean;
  payload?: boolean;
}

const worker = (ctx: BenchContext) => ctx.gridWorkers[0].username;
const center = (ctx: BenchContext) => ctx.center;

/** Issue 4: every worklist and the event detail, p95 under 50 ms at 500,000 events. */
const DISPATCH_MS = 50;
/** Issue 7: every figure of the dashboard, p95 under 200 ms. */
const DASHBOARD_MS = 200;

const WORKLIST_USERS: [role: keyof typeof WORKLISTS_BY_ROLE, label: string, user: (c: BenchContext) => string][] = [
  ["GRID_WORKER", "grid worker", worker],
  ["COMMUNITY_OFFICER", "community", (c) => c.community],
  ["TOWNSHIP_OFFICER", "township", (c) => c.township],
  ["CENTER_STAFF", "center", center],
  ["DEPARTMENT_STAFF", "department", (c) => c.department],
  ["LEADER", "leader", (c) => c.leader],
];
const worklists: BenchRequest[] = WORKLIST_USERS.flatMap(([role, label, user]) =>
  (WORKLISTS_BY_ROLE[role] ?? []).map((list, i) => ({
    name: `worklist ${list} (${label})`,
    path: () => `/dispatch?list=${list}`,
    user,
    targetMs: DISPATCH_MS,
    // The grid worker's landing list is part of the everyday traffic, and a phone page.
    ...(role === "GRID_WORKER" && i === 0 ? { mixed: true, phonePage: true } : {}),
  })),
);

export const BENCH_REQUESTS: BenchRequest[] = [
  // Foundation
  { name: "home: territory tree and map (county admin)", path: () => "/", user: (c) => c.admin, payload: true },
  // Grid module. The 50 ms target of the resident list, name prefix and ID lookup is the
  // data layer's server time (npm run bench:people); these are whole pages, shell included.
  { name: "grid page (grid worker)", path: () => "/grid", user: worker, mixed: true, phonePage: true },
  { name: "residents: one grid's list (grid worker)", path: () => "/grid/residents", user: worker, mixed: true, phonePage: true },
  { name: "residents: name prefix (county admin)", path: (c) => `/grid/residents?q=${encodeURIComponent(c.resident.name.slice(0, 2))}`, user: (c) => c.admin },
  { name: "residents: full ID number (county admin)", path: (c) => `/grid/residents?q=${c.resident.idNumber}`, user: (c) => c.admin },
  { name: "resident detail (grid worker)", path: (c) => `/grid/residents/${c.resident.id}`, user: worker, phonePage: true },
  { name: "my visits (grid worker)", path: () => "/grid/visits", user: worker, mixed: true, phonePage: true },
  { name: "households of one grid (grid worker)", path: () => "/grid/households", user: worker, mixed: true },
  { name: "houses of one grid (grid worker)", path: () => "/grid/houses", user: worker },
  { name: "places of one grid (grid worker)", path: () => "/grid/places", user: worker, mixed: true },
  { name: "objects of one grid (grid worker)", path: () => "/grid/facilities", user: worker },
  { name: "sentiment log of one grid (grid worker)", path: () => "/grid/sentiments", user: worker, mixed: true },
  { name: "household detail (grid worker)", path: (c) => `/grid/households/${c.grid.householdId}`, user: worker },
  { name: "house detail (grid worker)", path: (c) => `/grid/houses/${c.grid.houseId}`, user: worker },
  { name: "place detail (grid worker)", path: (c) => `/grid/places/${c.grid.placeId}`, user: worker },
  { name: "object detail (grid worker)", path: (c) => `/grid/facilities/${c.grid.facilityId}`, user: worker },
  { name: "sentiment entry (grid worker)", path: (c) => `/grid/sentiments/${c.grid.sentimentId}`, user: worker },
  { name: "a household's visit history (grid worker)", path: (c) => `/grid/visits/household/${c.grid.householdId}`, user: worker, phonePage: true },
  { name: "grid team (grid worker)", path: () => "/grid/team", user: worker },
  { name: "visit completion of a township (township officer)", path: () => "/grid/visits", user: (c) => c.township },

  // Dispatch (issue 4): every worklist of every role, the event detail, the board.
  ...worklists,
  { name: "event detail (center)", path: (c) => `/dispatch/${c.events.center}`, user: center, targetMs: DISPATCH_MS },
  { name: "event detail (department)", path: (c) => `/dispatch/${c.events.department}`, user: (c) => c.department, targetMs: DISPATCH_MS },
  { name: "event detail (grid worker)", path: (c) => `/dispatch/${c.events.worker}`, user: worker, targetMs: DISPATCH_MS, phonePage: true },
  { name: "report form (grid worker)", path: () => "/dispatch/new", user: worker, phonePage: true },
  { name: "dispatch board (center)", path: () => "/dispatch/board", user: center },
  { name: "board change token (center)", path: () => "/api/dispatch/changes", user: center },
  { name: "notifications (grid worker)", path: () => "/dispatch/notifications", user: worker, mixed: true },

  // Governance center (issue 5), at the county's center.
  { name: "center page (county center)", path: () => "/center", user: center },
  { name: "center page (township)", path: () => "/center", user: (c) => c.township },
  { name: "intake list, a day (county center)", path: (c) => `/center/intake?day=${c.center_.intakeDay}`, user: center },
  { name: "dispute list (county center)", path: () => "/center/disputes", user: center },
  { name: "dispute list, open red cases (county center)", path: () => "/center/disputes?status=OPEN&risk=RED", user: center },
  { name: "dispute detail (county center)", path: (c) => `/center/disputes/${c.center_.disputeId}`, user: center },
  { name: "mediation agreement, print (county center)", path: (c) => `/center/disputes/${c.center_.disputeId}/agreement`, user: center },
  { name: "petition list (county center)", path: () => "/center/petitions", user: center },
  { name: "petition list, near their deadline (county center)", path: () => "/center/petitions?flag=near", user: center },
  { name: "petition detail (county center)", path: (c) => `/center/petitions/${c.center_.petitionId}`, user: center },
  { name: "visitor history (county center)", path: (c) => `/center/visitors/${c.center_.visitorId}`, user: center },
  { name: "screenings and coverage (county center)", path: () => "/center/screenings", user: center },
  { name: "whistles (county center)", path: () => "/center/whistles", user: center },
  { name: "monthly report (county center)", path: (c) => `/center/reports?month=${c.center_.month}`, user: center },

  // Dashboard and map (issue 7): every figure p95 under 200 ms; the grid layer of ~400 grids under 200 KB.
  { name: "dashboard, this month (center)", path: (c) => `/dashboard?period=${c.period.month}`, user: center, targetMs: DASHBOARD_MS },
  { name: "dashboard, this year (center)", path: (c) => `/dashboard?period=${c.period.year}`, user: center, targetMs: DASHBOARD_MS },
  { name: "dashboard, this month (leader)", path: (c) => `/dashboard?period=${c.period.month}`, user: (c) => c.leader, targetMs: DASHBOARD_MS },
  { name: "dashboard, a township (township officer)", path: (c) => `/dashboard?period=${c.period.month}`, user: (c) => c.township, targetMs: DASHBOARD_MS },
  { name: "dashboard drill list: overdue (center)", path: (c) => `/dashboard/events?figure=overdue&period=${c.period.month}`, user: center, targetMs: DASHBOARD_MS },
  { name: "dashboard drill list: closed this year (center)", path: (c) => `/dashboard/events?figure=closed&period=${c.period.year}`, user: center, targetMs: DASHBOARD_MS },
  { name: "assessment: townships (center)", path: (c) => `/dashboard/assessment?period=${c.period.month}&kind=UNIT&level=TOWNSHIP`, user: center, targetMs: DASHBOARD_MS },
  { name: "assessment: grid workers (center)", path: (c) => `/dashboard/assessment?period=${c.period.month}&kind=WORKER`, user: center, targetMs: DASHBOARD_MS },
  { name: "big screen (center)", path: (c) => `/dashboard/screen?period=${c.period.month}`, user: center, targetMs: DASHBOARD_MS },
  { name: "map: grid layer of a county (~400 grids)", path: (c) => `/api/dashboard/map/grids?unit=${c.smallCounty}`, user: (c) => c.smallCountyCenter, targetMs: DASHBOARD_MS, payload: true },
  { name: "map: grid layer of a county (768 grids)", path: (c) => `/api/dashboard/map/grids?unit=${c.county}`, user: center, targetMs: DASHBOARD_MS, payload: true },
  { name: "map: events clustered, this year (county)", path: (c) => `/api/dashboard/map/events?period=${c.period.year}&bbox=${c.view.bbox}&zoom=${c.view.zoom}`, user: center, targetMs: DASHBOARD_MS, payload: true },
  { name: "map: heat, this year (county)", path: (c) => `/api/dashboard/map/heat?period=${c.period.year}&bbox=${c.view.bbox}&zoom=${c.view.zoom}`, user: center, targetMs: DASHBOARD_MS, payload: true },
  ...(["open", "overdue", "visitCompletion", "keyPer1000", "disputeRisk"] as const).map((measure) => ({
    name: `map: grids coloured by ${measure} (county)`,
    path: (c: BenchContext) => `/api/dashboard/map/measure?period=${c.period.month}&measure=${measure}`,
    user: center,
    targetMs: DASHBOARD_MS,
  })),
];
