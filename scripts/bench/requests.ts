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
];
