// The assessment (考核): the scoring rules and how a score follows from them, line by line.
// Pure, so the scoreboard, the rules editor and the tests share one definition.
//
// A subject (a unit, a department or a grid worker) has measured values for a period
// (data.ts). Each rule turns one of them into points:
//   rate rule   points × rate (0..1). Without data (no denominator) the line earns the full
//               points or none, as the rule says (`noData`).
//   count rule  points × count (points are negative for deductions, e.g. −3 per yellow
//               card), limited to `cap` (the most a line may add or take away, same sign).
// The score is the sum of the lines; the maximum is the sum of the positive rate points.

export const SUBJECT_KINDS = ["UNIT", "DEPARTMENT", "WORKER"] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const RATE_METRICS = ["onTimeRate", "satisfaction", "visitCompletion", "resolvedGridRate"] as const;
export const COUNT_METRICS = ["supervisionOrdinary", "supervisionYellow", "supervisionRed"] as const;
export type RateMetric = (typeof RATE_METRICS)[number];
export type CountMetric = (typeof COUNT_METRICS)[number];
export type Metric = RateMetric | CountMetric;
export const METRICS: readonly Metric[] = [...RATE_METRICS, ...COUNT_METRICS];

export const isRateMetric = (m: Metric): m is RateMetric => (RATE_METRICS as readonly string[]).includes(m);

/** Which metrics each kind of subject is measured on. */
export const METRICS_OF: Record<SubjectKind, readonly Metric[]> = {
  UNIT: ["onTimeRate", "resolvedGridRate", "visitCompletion", "satisfaction", "supervisionOrdinary", "supervisionYellow", "supervisionRed"],
  DEPARTMENT: ["onTimeRate", "satisfaction", "supervisionOrdinary", "supervisionYellow", "supervisionRed"],
  WORKER: ["visitCompletion", "onTimeRate", "satisfaction", "supervisionOrdinary", "supervisionYellow", "supervisionRed"],
};

export interface Rule {
  metric: Metric;
  /** Rate rules: the points of a 100% rate. Count rules: points per item (negative = deduction). */
  points: number;
  /** Count rules: the most the line may add or take away (a positive number); null = no limit. */
  cap: number | null;
  /** Rate rules: what a line without data earns. */
  noData: "full" | "zero";
}

export type RuleSet = Record<SubjectKind, Rule[]>;

const rate = (metric: RateMetric, points: number): Rule => ({ metric, points, cap: null, noData: "full" });
const count = (metric: CountMetric, points: number, cap: number): Rule => ({ metric, points, cap, noData: "zero" });
const cards = [count("supervisionOrdinary", -1, 10), count("supervisionYellow", -3, 15), count("supervisionRed", -5, 20)];

/** The rules a county starts with, until someone edits them. */
export const DEFAULT_RULES: RuleSet = {
  UNIT: [rate("onTimeRate", 30), rate("resolvedGridRate", 20), rate("visitCompletion", 25), rate("satisfaction", 25), ...cards],
  DEPARTMENT: [rate("onTimeRate", 60), rate("satisfaction", 40), ...cards],
  WORKER: [rate("visitCompletion", 50), rate("onTimeRate", 25), rate("satisfaction", 25), ...cards],
};

/** Measured values: rates 0..1 (null = no data), counts ≥ 0. */
export type Measured = Partial<Record<Metric, number | null>>;

export interface ScoreLine {
  metric: Metric;
  kind: "rate" | "count";
  /** The measured value: a rate 0..1, a count, or null (no data). */
  value: number | null;
  points: number;
  cap: number | null;
  noData: Rule["noData"];
  /** points × value before the cap. */
  raw: number;
  earned: number;
  /** The cap limited the line. */
  capped: boolean;
  /** The line had no data and earned by its `noData` rule. */
  noDataApplied: boolean;
}

export interface Score {
  total: number;
  max: number;
  lines: ScoreLine[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

export function scoreLine(rule: Rule, value: number | null | undefined): ScoreLine {
  const v = value ?? null;
  if (isRateMetric(rule.metric)) {
    const noDataApplied = v === null;
    const raw = noDataApplied ? (rule.noData === "full" ? rule.points : 0) : rule.points * v;
    return { metric: rule.metric, kind: "rate", value: v, points: rule.points, cap: null, noData: rule.noData, raw: round2(raw), earned: round2(raw), capped: false, noDataApplied };
  }
  const n = v ?? 0;
  const raw = rule.points * n;
  const limit = rule.cap === null ? Infinity : Math.abs(rule.cap);
  const earned = Math.sign(raw) * Math.min(Math.abs(raw), limit);
  return { metric: rule.metric, kind: "count", value: n, points: rule.points, cap: rule.cap, noData: rule.noData, raw: round2(raw), earned: round2(earned) || 0, capped: Math.abs(raw) > limit, noDataApplied: false };
}

export function score(rules: readonly Rule[], measured: Measured): Score {
  const lines = rules.map((r) => scoreLine(r, measured[r.metric]));
  const max = rules.filter((r) => isRateMetric(r.metric) && r.points > 0).reduce((s, r) => s + r.points, 0);
  return { total: round1(lines.reduce((s, l) => s + l.earned, 0)), max, lines };
}

/** Subjects ranked by score (highest first), ties by name, with their rank (ties share one). */
export function rank<T extends { name: string; score: Score }>(rows: T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => b.score.total - a.score.total || a.name.localeCompare(b.name, "zh-CN"));
  let lastTotal = NaN;
  let lastRank = 0;
  return sorted.map((r, i) => {
    if (r.score.total !== lastTotal) {
      lastRank = i + 1;
      lastTotal = r.score.total;
    }
    return { ...r, rank: lastRank };
  });
}

/** A stored rule set, read leniently: unknown or malformed parts fall back to the defaults. */
export function readRuleSet(stored: unknown): RuleSet {
  const out = { ...DEFAULT_RULES };
  if (!stored || typeof stored !== "object") return out;
  for (const kind of SUBJECT_KINDS) {
    const list = (stored as Record<string, unknown>)[kind];
    if (!Array.isArray(list)) continue;
    const rules: Rule[] = [];
    for (const r of list) {
      if (!r || typeof r !== "object") continue;
      const { metric, points, cap, noData } = r as Record<string, unknown>;
      if (typeof metric !== "string" || !METRICS_OF[kind].includes(metric as Metric) || typeof points !== "number" || !Number.isFinite(points)) continue;
      rules.push({
        metric: metric as Metric,
        points,
        cap: typeof cap === "number" && Number.isFinite(cap) ? Math.abs(cap) : null,
        noData: noData === "zero" ? "zero" : "full",
      });
    }
    out[kind] = rules;
  }
  return out;
}
