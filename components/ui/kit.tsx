// The presentational pieces every module's pages share (header, card, badge, links, facts,
// empty state, table); no hooks, so server and client components both use them. Each
// module's ui.tsx adds its own pieces next to these.
import Link from "next/link";

export function PageHeader({ title, subtitle, actions }: { title: React.ReactNode; subtitle?: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-start justify-between gap-2">
      <div className="min-w-0">
        <h1 className="text-xl font-semibold">{title}</h1>
        {subtitle && <div className="mt-0.5 text-sm text-slate-600">{subtitle}</div>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}

export function Card({ title, children, actions, className = "", testId }: { title?: React.ReactNode; children: React.ReactNode; actions?: React.ReactNode; className?: string; testId?: string }) {
  return (
    <section className={`rounded-lg border border-slate-200 bg-white p-3 sm:p-4 ${className}`} data-testid={testId}>
      {(title || actions) && (
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
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

export function Badge({ tone = "slate", children, testId, title }: { tone?: Tone; children: React.ReactNode; testId?: string; title?: string }) {
  return (
    <span data-testid={testId} title={title} className={`inline-flex items-center whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ${TONES[tone]}`}>
      {children}
    </span>
  );
}

export function ButtonLink({ href, children, variant = "primary", testId, download }: { href: string; children: React.ReactNode; variant?: "primary" | "secondary"; testId?: string; download?: boolean }) {
  const style = variant === "primary" ? "bg-brand-600 text-white hover:bg-brand-700" : "border border-slate-300 bg-white text-slate-700 hover:bg-slate-50";
  const cls = `inline-flex items-center rounded px-3 py-2 text-sm font-medium ${style}`;
  // Downloads are plain links: the router must not try to render a file as a page.
  if (download)
    return (
      <a href={href} data-testid={testId} className={cls} download>
        {children}
      </a>
    );
  return (
    <Link href={href} data-testid={testId} className={cls}>
      {children}
    </Link>
  );
}

/** Label/value pairs that stack on a phone. */
export function Facts({ items }: { items: { label: string; value: React.ReactNode; testId?: string }[] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-2">
      {items.map((item) => (
        <div key={item.label} className="min-w-0" data-testid={item.testId}>
          <dt className="text-xs text-slate-500">{item.label}</dt>
          <dd className="break-words text-slate-900">{item.value ?? "—"}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="rounded border border-dashed border-slate-300 px-3 py-6 text-center text-sm text-slate-500">{children}</p>;
}

/** A table that scrolls sideways on a phone instead of squeezing its columns. */
export function Table({ head, children, testId }: { head: React.ReactNode[]; children: React.ReactNode; testId?: string }) {
  return (
    <div className="-mx-3 overflow-x-auto sm:mx-0">
      <table className="w-full min-w-[36rem] text-left text-sm" data-testid={testId}>
        <thead className="border-b border-slate-200 text-xs text-slate-500">
          <tr>
            {head.map((h, i) => (
              <th key={i} className="px-2 py-1.5 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
