// Presentational pieces of the administration pages; no hooks, so server and client
// components both use them.
export { Badge, ButtonLink, Card, Empty, Facts, PageHeader, Table, type Tone } from "@/components/ui/kit";

export const inputClass = "w-full rounded border border-slate-300 px-2 py-1.5 text-sm disabled:bg-slate-50";
export const buttonClass = "inline-flex items-center justify-center rounded bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60";
export const secondaryButtonClass = "inline-flex items-center justify-center rounded border border-slate-300 bg-white px-3 py-2 text-sm text-slate-700 hover:bg-slate-50 disabled:opacity-60";
export const dangerButtonClass = "inline-flex items-center justify-center rounded border border-red-300 bg-white px-3 py-2 text-sm text-red-700 hover:bg-red-50 disabled:opacity-60";
