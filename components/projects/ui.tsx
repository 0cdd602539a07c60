// Small presentational pieces of the special projects pages; no hooks, so server and
// client components can both use them.
export { Badge, ButtonLink, Card, Empty, Facts, PageHeader, type Tone } from "@/components/ui/kit";
import type { Tone } from "@/components/ui/kit";

export const STATUS_TONE = { DRAFT: "slate", RUNNING: "blue", CLOSED: "green" } as const satisfies Record<string, Tone>;

/** A thin progress bar; `value` 0..100. */
export function Progress({ value, tone = "brand" }: { value: number; tone?: "brand" | "green" | "red" }) {
  const color = tone === "green" ? "bg-emerald-500" : tone === "red" ? "bg-red-500" : "bg-brand-600";
  return (
    <div className="h-1.5 w-full overflow-hidden rounded-full bg-slate-100" role="presentation">
      <div className={`h-full ${color}`} style={{ width: `${Math.max(0, Math.min(100, value))}%` }} />
    </div>
  );
}

export const inputClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base sm:text-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600";
export const buttonClass = "inline-flex items-center justify-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50";
export const secondaryButtonClass = "inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-700 hover:bg-slate-50 disabled:opacity-50";
