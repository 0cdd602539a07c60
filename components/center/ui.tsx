// Small presentational pieces of the center pages; no hooks, so server and client
// components can both use them.
import Link from "next/link";
export { Badge, ButtonLink, Card, Empty, Facts, PageHeader, type Tone } from "@/components/ui/kit";
import type { Tone } from "@/components/ui/kit";

export const RISK_TONE: Record<string, Tone> = { RED: "red", ORANGE: "orange", YELLOW: "amber", GREEN: "green" };
export const DUE_TONE: Record<string, Tone> = { none: "slate", ok: "green", near: "amber", overdue: "red", met: "green", late: "red" };

export function Stat({ label, value, href, tone = "slate", testId }: { label: string; value: React.ReactNode; href?: string; tone?: Tone; testId?: string }) {
  const body = (
    <>
      <span className={`block text-2xl font-semibold ${tone === "red" ? "text-red-700" : tone === "orange" ? "text-orange-700" : tone === "amber" ? "text-amber-700" : tone === "green" ? "text-emerald-700" : "text-slate-900"}`}>{value}</span>
      <span className="block text-xs text-slate-600">{label}</span>
    </>
  );
  const cls = "block rounded-lg border border-slate-200 bg-white px-3 py-2";
  return href ? (
    <Link href={href} className={`${cls} hover:border-brand-600`} data-testid={testId}>
      {body}
    </Link>
  ) : (
    <div className={cls} data-testid={testId}>
      {body}
    </div>
  );
}

/** Previous / next links that keep the other query parameters. */
export function Pager({ base, params, page, pages, label }: { base: string; params: Record<string, string | undefined>; page: number; pages: number; label: string }) {
  if (pages <= 1) return <p className="mt-2 text-xs text-slate-500">{label}</p>;
  const href = (p: number) => {
    const q = new URLSearchParams(Object.entries({ ...params, page: String(p) }).filter((e): e is [string, string] => !!e[1]));
    return `${base}?${q}`;
  };
  return (
    <div className="mt-2 flex items-center justify-between text-sm">
      {page > 1 ? <Link className="text-brand-700 hover:underline" href={href(page - 1)}>‹</Link> : <span />}
      <span className="text-xs text-slate-500">{label}</span>
      {page < pages ? <Link className="text-brand-700 hover:underline" href={href(page + 1)}>›</Link> : <span />}
    </div>
  );
}

/** A list that is a card stack on a phone and rows on a wide screen. */
export function RowList({ children, testId }: { children: React.ReactNode; testId?: string }) {
  return (
    <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid={testId}>
      {children}
    </ul>
  );
}

export function Row({ href, children, testId }: { href: string; children: React.ReactNode; testId?: string }) {
  return (
    <li>
      <Link href={href} className="block px-3 py-2.5 hover:bg-brand-50" data-testid={testId}>
        {children}
      </Link>
    </li>
  );
}

/** Local date and time (China) for display. */
export function fmt(at: Date | string | null | undefined, withTime = true): string {
  if (!at) return "—";
  const d = new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString();
  return withTime ? `${d.slice(0, 10)} ${d.slice(11, 16)}` : d.slice(0, 10);
}
