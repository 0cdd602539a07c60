"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { dashHref, type Keep } from "./href";

export interface FilterOptions {
  periods: { kind: "month" | "quarter" | "year"; key: string }[];
  categories: { id: number; parentId: number | null; name: string; nameEn: string }[];
}

export function periodText(t: ReturnType<typeof useTranslations>, key: string): string {
  const [year, rest] = key.split("-");
  if (!rest) return t("periodYear", { year });
  if (rest.startsWith("Q")) return t("periodQuarter", { year, quarter: rest.slice(1) });
  return t("periodMonth", { year, month: Number(rest) });
}

/** Period and category pickers: changing one reloads the page with the new filter. */
export function DashboardFilters({ path, keep, options, locale, dark = false, showCategory = true }: { path: string; keep: Keep; options: FilterOptions; locale: string; dark?: boolean; showCategory?: boolean }) {
  const t = useTranslations("dashboard.filters");
  const router = useRouter();
  const go = (change: Partial<Keep>) => router.push(dashHref(path, { ...keep, ...change }));
  const field = dark ? "border-slate-600 bg-slate-800 text-slate-100" : "border-slate-300 bg-white";
  const tops = options.categories.filter((c) => c.parentId === null);
  const name = (c: { name: string; nameEn: string }) => (locale === "en" ? c.nameEn : c.name);
  return (
    <div className="flex flex-wrap items-end gap-3 text-sm" data-testid="dashboard-filters">
      <label className="flex flex-col gap-1">
        <span className={dark ? "text-slate-400" : "text-slate-600"}>{t("period")}</span>
        <select value={keep.period} onChange={(e) => go({ period: e.target.value })} className={`rounded border px-2 py-1 ${field}`} data-testid="filter-period">
          {(["month", "quarter", "year"] as const).map((kind) => (
            <optgroup key={kind} label={t(`${kind}s`)}>
              {options.periods
                .filter((p) => p.kind === kind)
                .map((p) => (
                  <option key={p.key} value={p.key}>
                    {periodText(t, p.key)}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
      {showCategory && <label className="flex flex-col gap-1">
        <span className={dark ? "text-slate-400" : "text-slate-600"}>{t("category")}</span>
        <select
          value={keep.category ?? ""}
          onChange={(e) => go({ category: e.target.value ? Number(e.target.value) : undefined })}
          className={`max-w-[16rem] rounded border px-2 py-1 ${field}`}
          data-testid="filter-category"
        >
          <option value="">{t("allCategories")}</option>
          {tops.map((top) => (
            <optgroup key={top.id} label={name(top)}>
              <option value={top.id}>{name(top)}</option>
              {options.categories
                .filter((c) => c.parentId === top.id)
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {"　"}
                    {name(c)}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>}
    </div>
  );
}
