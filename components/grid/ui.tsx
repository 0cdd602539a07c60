// Small presentational pieces shared by the grid pages; no hooks, so both server and
// client components can use them.
import Link from "next/link";
export { Badge, ButtonLink, Card, Empty, Facts, PageHeader, type Tone } from "@/components/ui/kit";
import type { Tone } from "@/components/ui/kit";

/** One number of the grid page's counts. */
export function Stat({ label, value, href, tone = "slate" }: { label: string; value: React.ReactNode; href?: string; tone?: Tone }) {
  const body = (
    <>
      <span className={`block text-2xl font-semibold ${tone === "red" ? "text-red-700" : "text-slate-900"}`}>{value}</span>
      <span className="block text-xs text-slate-600">{label}</span>
    </>
  );
  const cls = "block rounded-lg border border-slate-200 bg-white px-3 py-2";
  return href ? (
    <Link href={href} className={`${cls} hover:border-brand-600`}>
      {body}
    </Link>
  ) : (
    <div className={cls}>{body}</div>
  );
}
