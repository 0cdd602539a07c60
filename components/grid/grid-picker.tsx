import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { hrefWith } from "@/lib/grid/href";
import { Card, Empty } from "./ui";

export interface PickedGrids {
  grids: { id: number; name: string; village: string; township: string }[];
  total: number;
  page: number;
  pages: number;
}

/**
 * For levels above a grid: search the grids of one's territory by name and open one.
 * A plain GET form, so it works before any script has loaded.
 */
export async function GridPicker({ basePath, result, q, keep = {} }: { basePath: string; result: PickedGrids; q?: string; keep?: Record<string, string> }) {
  const t = await getTranslations("grid.picker");
  return (
    <Card title={t("title")} testId="grid-picker">
      <form method="get" action={basePath} className="mb-3 flex gap-2">
        {Object.entries(keep).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <input
          name="q"
          type="search"
          defaultValue={q}
          maxLength={40}
          placeholder={t("placeholder")}
          aria-label={t("placeholder")}
          className="w-full rounded border border-slate-300 px-3 py-2 text-base sm:text-sm"
        />
        <button type="submit" className="shrink-0 rounded bg-brand-600 px-4 py-2 text-sm text-white">
          {t("search")}
        </button>
      </form>
      <p className="mb-2 text-xs text-slate-500">{t("count", { count: result.total })}</p>
      {result.grids.length === 0 ? (
        <Empty>{t("none")}</Empty>
      ) : (
        <ul className="divide-y divide-slate-100">
          {result.grids.map((g) => (
            <li key={g.id}>
              <Link href={hrefWith(basePath, { ...keep, gridId: g.id })} className="flex items-baseline justify-between gap-2 py-2 hover:bg-slate-50" data-testid="pick-grid">
                <span className="font-medium text-brand-700">{g.name}</span>
                <span className="truncate text-xs text-slate-500">
                  {g.township} · {g.village}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {result.pages > 1 && (
        <nav className="mt-3 flex items-center justify-between text-sm" aria-label={t("pages")}>
          {result.page > 0 ? (
            <Link href={hrefWith(basePath, { ...keep, q, page: result.page - 1 })} className="text-brand-700">
              {t("previous")}
            </Link>
          ) : (
            <span />
          )}
          <span className="text-xs text-slate-500">{t("pageOf", { page: result.page + 1, pages: result.pages })}</span>
          {result.page + 1 < result.pages ? (
            <Link href={hrefWith(basePath, { ...keep, q, page: result.page + 1 })} className="text-brand-700">
              {t("next")}
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </Card>
  );
}
