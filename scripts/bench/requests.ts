// The requests `npm run bench` measures: every list, detail, dashboard and map request the
// module issues name, with the figure each must meet (targetMs, p95). `mixed` marks the
// grid worker's everyday requests used for the concurrent load; `phonePage` the pages whose
// JavaScript is weighed; `payload` the responses whose size is reported.
export interface BenchContext {
  gridWorkers: { username: string; gridId: number }[];
  admin: string;
  leader: string;
  center: string;
  department: string;
  resident: { id: string; name: string; gridId: number; idNumber: string };
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

export const BENCH_REQUESTS: BenchRequest[] = [
  // Foundation
  { name: "home: territory tree and map (county admin)", path: () => "/", user: (c) => c.admin, payload: true },
  { name: "home: grid worker", path: () => "/", user: worker, phonePage: true },
  // Grid module. The 50 ms target of the resident list, name prefix and ID lookup is the
  // data layer's server time (npm run bench:people); these are whole pages, shell included.
  { name: "grid page (grid worker)", path: () => "/grid", user: worker, mixed: true, phonePage: true },
  { name: "residents: one grid's list (grid worker)", path: () => "/grid/residents", user: worker, mixed: true, phonePage: true },
  { name: "residents: name prefix (county admin)", path: (c) => `/grid/residents?q=${encodeURIComponent(c.resident.name.slice(0, 2))}`, user: (c) => c.admin },
  { name: "residents: full ID number (county admin)", path: (c) => `/grid/residents?q=${c.resident.idNumber}`, user: (c) => c.admin },
  { name: "resident detail (grid worker)", path: (c) => `/grid/residents/${c.resident.id}`, user: worker, phonePage: true },
  { name: "my visits (grid worker)", path: () => "/grid/visits", user: worker, mixed: true, phonePage: true },
  { name: "households of one grid (grid worker)", path: () => "/grid/households", user: worker, mixed: true },
];
