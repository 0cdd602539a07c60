import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { hrefWith } from "@/lib/grid/href";

export interface FilterSelect {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  /** What the empty choice says; "all <label>" by default. */
  emptyLabel?: string;
}

/** Search box and filters of a registry list: a GET form, so links and reloads keep them. */
export async function ListFilters({
  basePath,
  params,
  placeholder,
  selects,
}: {
  basePath: string;
  params: Record<string, string>;
  placeholder: string;
  selects: FilterSelect[];
}) {
  const t = await getTranslations("grid.list");
  const active = selects.some((s) => params[s.name]) || !!params.q;
  return (
    <form method="get" action={basePath} className="mb-3 space-y-2 rounded-lg border border-slate-200 bg-white p-3" data-testid="list-filters">
      {params.gridId && <input type="hidden" name="gridId" value={params.gridId} />}
      <div className="flex gap-2">
        <input
          name="q"
          type="search"
          defaultValue={params.q}
          maxLength={40}
          placeholder={placeholder}
          aria-label={placeholder}
          className="w-full rounded border border-slate-300 px-3 py-2 text-base sm:text-sm"
        />
        <button type="submit" className="shrink-0 rounded bg-brand-600 px-4 py-2 text-sm text-white">
          {t("search")}
        </button>
      </div>
      <div className="grid grid-cols-2 gap-2 sm:flex sm:flex-wrap">
        {selects.map((s) => (
          <label key={s.name} className="text-xs text-slate-600">
            <span className="sr-only">{s.label}</span>
            <select name={s.name} defaultValue={params[s.name] ?? ""} className="w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-800 sm:w-auto">
              <option value="">{s.emptyLabel ?? t("allOf", { label: s.label })}</option>
              {s.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      {active && (
        <Link href={hrefWith(basePath, { gridId: params.gridId })} className="inline-block text-xs text-brand-700">
          {t("reset")}
        </Link>
      )}
    </form>
  );
}

/** Keyset paging: "next page" carries the cursor; "first page" drops it. */
export async function Pager({ basePath, params, nextCursor }: { basePath: string; params: Record<string, string>; nextCursor: string | null }) {
  const t = await getTranslations("grid.list");
  if (!nextCursor && !params.cursor) return null;
  const { cursor: _cursor, ...rest } = params;
  return (
    <nav className="mt-3 flex items-center justify-between text-sm" aria-label={t("pages")}>
      {params.cursor ? (
        <Link href={hrefWith(basePath, rest)} className="text-brand-700">
          {t("first")}
        </Link>
      ) : (
        <span />
      )}
      {nextCursor ? (
        <Link href={hrefWith(basePath, { ...rest, cursor: nextCursor })} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-brand-700" data-testid="next-page">
          {t("next")}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
