// Presentational pieces of the people registry's pages; no hooks, so server and client
// components can both use them. Same look as the rest of the grid module.
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

export function Card({ title, children, actions, testId }: { title?: React.ReactNode; children: React.ReactNode; actions?: React.ReactNode; testId?: string }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4" data-testid={testId}>
      {(title || actions) && (
        <div className="mb-2 flex items-center justify-between gap-2">
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
