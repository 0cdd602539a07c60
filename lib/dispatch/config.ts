import "server-only";
import { db } from "@/lib/server/db";
import type { Db, Tx } from "@/lib/server/prisma";
import { calendarOf, FALLBACK_RULES, pickRule, windowOf, type Calendar, type DeadlineHolder, type DeadlineStage, type DeadlineWindow, type RuleLike } from "./deadlines";
import type { Urgency } from "./workflow";

// The module's small, rarely edited tables (categories, deadline rules, the holiday
// calendar), read on almost every transition. Kept for a short while per process; an
// edit clears this process's copy at once and other app instances pick it up within
// CONFIG_TTL_MS, which only matters for deadlines computed in that window.

export const CONFIG_TTL_MS = 30_000;

export interface CategoryInfo {
  id: number;
  parentId: number | null;
  code: string;
  name: string;
  nameEn: string;
  defaultDepartmentId: number | null;
  enabled: boolean;
  sortOrder: number;
  version: number;
}

export interface DispatchConfig {
  categories: Map<number, CategoryInfo>;
  /** Departments in their order (names for history; the enabled ones for dispatching). */
  departments: { id: number; name: string; nameEn: string; enabled: boolean }[];
  rules: (RuleLike & { version: number })[];
  calendar: Calendar;
  loadedAt: number;
}

let cached: DispatchConfig | null = null;
let loading: Promise<DispatchConfig> | null = null;

// One query after another: inside a transaction the client is a single connection, which
// cannot run statements concurrently (and these four tables are small).
async function load(client: Db | Tx): Promise<DispatchConfig> {
  const categories = await client.eventCategory.findMany({
    select: { id: true, parentId: true, code: true, name: true, nameEn: true, defaultDepartmentId: true, enabled: true, sortOrder: true, version: true },
    orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
  });
  const rules = await client.deadlineRule.findMany({
    select: { id: true, stage: true, holder: true, categoryId: true, urgency: true, amount: true, unit: true, enabled: true, version: true },
    orderBy: { id: "asc" },
  });
  const days = await client.workCalendarDay.findMany({ select: { date: true, kind: true } });
  const departments = await client.department.findMany({ select: { id: true, name: true, nameEn: true, enabled: true }, orderBy: { sortOrder: "asc" } });
  return { categories: new Map(categories.map((c) => [c.id, c])), rules, calendar: calendarOf(days), departments, loadedAt: Date.now() };
}

/**
 * The cached configuration. Inside a transaction pass its client: a stale copy is then read
 * through the transaction's own connection, never through a second one (which, on the
 * embedded database, would wait for the transaction to end).
 */
export async function dispatchConfig(tx?: Tx): Promise<DispatchConfig> {
  if (cached && Date.now() - cached.loadedAt < CONFIG_TTL_MS) return cached;
  if (tx) {
    const fresh = await load(tx);
    cached = fresh;
    return fresh;
  }
  loading ??= load(db).then(
    (c) => {
      cached = c;
      loading = null;
      return c;
    },
    (err) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}

/** After an edit of categories, rules or the calendar (and in tests after a reset). */
export function invalidateDispatchConfig(): void {
  cached = null;
}

export interface StageQuery {
  stage: DeadlineStage;
  holder: DeadlineHolder;
  categoryId: number;
  urgency: Urgency;
}

/** The deadline window of a stage started at `start`, by the most specific rule. */
export function stageWindow(config: DispatchConfig, q: StageQuery, start: Date): DeadlineWindow {
  const parentCategoryId = config.categories.get(q.categoryId)?.parentId ?? null;
  const rule = pickRule(config.rules, { ...q, parentCategoryId }) ?? FALLBACK_RULES[q.stage];
  return windowOf(start, rule, config.calendar);
}
