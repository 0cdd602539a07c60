// Presentational pieces of the people registry's pages; no hooks, so server and client
// components can both use them. Same look as the rest of the grid module.
export { Badge, ButtonLink, Card, Empty, Facts, PageHeader, type Tone } from "@/components/ui/kit";

export const TIER_TONE = { KEY: "red", ORDINARY: "slate", REASSURED: "green" } as const;
export const CARE_TONE = { 1: "blue", 2: "amber", 3: "red" } as const;

export function formatDate(d: Date | string | null | undefined): string {
  if (!d) return "—";
  const date = typeof d === "string" ? new Date(d) : d;
  // Dates are shown in China time whatever the server's zone.
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function formatDateTime(d: Date | string | null | undefined): string {
  if (!d) return "—";
  const date = typeof d === "string" ? new Date(d) : d;
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
}
