// Small presentational pieces of the center pages; no hooks, so server and client
// components can both use them.
import Link from "next/link";

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-start justify-between gap-2">
      <div className="min-w-0">
        <h1 className="text-xl font-semibold">{title}</h1>
        {subtitle && <div className="mt-0.5 text-sm text-slate-600">{subtitle}</div>}
      </div>
      {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
    </div>
  );
}

export function Card({ title, children, actions, className = "", testId }: { title?: React.ReactNode; children: React.ReactNode; actions?: React.ReactNode; className?: string; testId?: string }) {
  return (
    <section className={`rounded-lg border border-slate-200 bg-white p-3 sm:p-4 ${className}`} data-testid={testId}>
      {(title || actions) && (
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          {title && <h2 className="font-medium">{title}</h2>}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}

const TONES = {
  slate: "bg-slate-100 text-slate-700",
  blue: "bg-brand-50 text-brand-700",
  green: "bg-emerald-50 text-emerald-700",
  amber: "bg-amber-50 text-amber-800",
  orange: "bg-orange-100 text-orange-800",
  red: "bg-red-50 text-red-700",
} as const;
export type Tone = keyof typeof TONES;

export function Badge({ tone = "slate", children, testId }: { tone?: Tone; children: React.ReactNode; testId?: string }) {
  return (
    <span data-testid={testId} className={`inline-flex items-center whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ${TONES[tone]}`}>
      {children}
    </span>
  );
}

export const RISK_TONE: Record<string, Tone> = { RED: "red", ORANGE: "orange", YELLOW: "amber", GREEN: "green" };
export const DUE_TONE: Record<string, Tone> = { none: "slate", ok: "green", near: "amber", overdue: "red", met: "green", late: "red" };

export function ButtonLink({ href, children, variant = "primary", testId }: { href: string; children: React.ReactNode; variant?: "primary" | "secondary"; testId?: string }) {
  const style = variant === "primary" ? "bg-brand-600 text-white hover:bg-brand-700" : "border border-slate-300 bg-white text-slate-700 hover:bg-slate-50";
  return (
    <Link href={href} data-testid={testId} className={`inline-flex items-center rounded px-3 py-2 text-sm font-medium ${style}`}>
      {children}
    </Link>
  );
}

export function Facts({ items }: { items: { label: string; value: React.ReactNode }[] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-2">
      {items.map((item) => (
        <div key={item.label} className="min-w-0">
          <dt className="text-xs text-slate-500">{item.label}</dt>
          <dd className="whitespace-pre-line break-words text-slate-900">{item.value ?? "—"}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="rounded border border-dashed border-slate-300 px-3 py-6 text-center text-sm text-slate-500">{children}</p>;
}

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
