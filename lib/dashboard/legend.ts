// Class breaks and colours of the grid layer's legend. Pure: the server picks the breaks
// for the values it sends, the browser colours the polygons and draws the legend.

export type ScaleKind = "count" | "rate" | "density" | "risk";

/** Colours from low to high; rates are coloured the other way round (low is bad). */
export const PALETTE = ["#eff6ff", "#bfdbfe", "#60a5fa", "#2563eb", "#1e3a8a"] as const;
export const RATE_PALETTE = ["#b91c1c", "#f97316", "#facc15", "#84cc16", "#15803d"] as const;
export const NO_DATA = "#e2e8f0";
/** Dispute risk levels 1 (green) to 4 (red), the highest open one per grid. */
export const RISK_PALETTE = ["#22c55e", "#facc15", "#f97316", "#dc2626"] as const;
export const RISK_BREAKS = [2, 3, 4];

/** Fixed breaks for rates: below 60%, 60-70, 70-80, 80-90, 90% and over. */
export const RATE_BREAKS = [0.6, 0.7, 0.8, 0.9];

function nice(x: number): number {
  if (x <= 10) return Math.ceil(x);
  const p = 10 ** Math.floor(Math.log10(x));
  return Math.ceil(x / (p / 2)) * (p / 2);
}

/**
 * Up to four ascending breaks that cut the values into classes of similar size (quantiles,
 * rounded to friendly numbers). A value v falls in class i = number of breaks ≤ v.
 */
export function breaksFor(values: readonly (number | null)[], kind: ScaleKind): number[] {
  if (kind === "rate") return RATE_BREAKS;
  if (kind === "risk") return RISK_BREAKS;
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v) && v > 0).sort((a, b) => a - b);
  if (!xs.length) return [1];
  const out: number[] = [];
  for (const q of [0.2, 0.4, 0.6, 0.8]) {
    const b = nice(xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]);
    if (b > 0 && (out.length === 0 || b > out.at(-1)!)) out.push(b);
  }
  return out.length ? out : [1];
}

export function classOf(value: number | null, breaks: readonly number[]): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  let i = 0;
  while (i < breaks.length && value >= breaks[i]) i++;
  return i;
}

export function colourOf(value: number | null, breaks: readonly number[], kind: ScaleKind): string {
  const c = classOf(value, breaks);
  if (c === null) return NO_DATA;
  if (kind === "risk") return RISK_PALETTE[Math.max(0, Math.min(3, c))];
  const palette = kind === "rate" ? RATE_PALETTE : PALETTE;
  // Fewer breaks than colours: spread the classes over the palette's ends.
  const i = breaks.length >= palette.length - 1 ? c : Math.round((c * (palette.length - 1)) / Math.max(1, breaks.length));
  return palette[Math.min(palette.length - 1, i)];
}
