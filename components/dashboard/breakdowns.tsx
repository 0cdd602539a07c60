import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { dashHref, type Keep } from "./href";

function Bars({ rows, dark }: { rows: { key: string; label: string; count: number; href: string }[]; dark: boolean }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <ul className="space-y-1">
      {rows.map((r) => (
        <li key={r.key}>
          <Link prefetch={false} href={r.href} className="group grid grid-cols-[7rem_1fr_3rem] items-center gap-2 text-sm">
            <span className="truncate group-hover:underline" title={r.label}>{r.label}</span>
            <span className={`h-3 rounded-sm ${dark ? "bg-slate-800" : "bg-slate-100"}`}>
              <span className="block h-3 rounded-sm bg-brand-600" style={{ width: `${(r.count / max) * 100}%` }} />
            </span>
            <span className="text-right tabular-nums">{r.count}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** Events of the period by category and by source; each bar leads to its events. */
export async function Breakdowns({ byCategory, bySource, keep, locale, dark = false }: { byCategory: { id: number; name: string; nameEn: string; count: number }[]; bySource: { source: string; count: number }[]; keep: Keep; locale: string; dark?: boolean }) {
  const t = await getTranslations("dashboard.breakdown");
  const td = await getTranslations("dispatch.sources");
  return (
    <div className="grid gap-4 sm:grid-cols-2" data-testid="breakdowns">
      <section>
        <h2 className="mb-1 font-medium">{t("byCategory")}</h2>
        {byCategory.length ? (
          <Bars dark={dark} rows={byCategory.map((c) => ({ key: String(c.id), label: locale === "en" ? c.nameEn : c.name, count: c.count, href: dashHref("/dashboard/events", { ...keep, category: c.id }, { figure: "reported" }) }))} />
        ) : (
          <p className="text-sm text-slate-500">{t("empty")}</p>
        )}
      </section>
      <section>
        <h2 className="mb-1 font-medium">{t("bySource")}</h2>
        {bySource.length ? (
          <Bars dark={dark} rows={bySource.map((s) => ({ key: s.source, label: td(s.source as never), count: s.count, href: dashHref("/dashboard/events", keep, { figure: "reported", source: s.source }) }))} />
        ) : (
          <p className="text-sm text-slate-500">{t("empty")}</p>
        )}
      </section>
    </div>
  );
}
