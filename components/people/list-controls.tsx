import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { hrefWith } from "@/lib/people/pages";

export interface FilterSelect {
  name: string;
  label: string;
  options: { value: string; label: string }[];
}

export interface UnitOption {
  id: number;
  name: string;
  level: string;
  depth: number;
}

/** Search box and filters of a list: a GET form, so links and reloads keep them. */
export async function ListFilters({
  basePath,
  params,
  placeholder,
  units,
  selects,
}: {
  basePath: string;
  params: Record<string, string>;
  placeholder: string;
  units: UnitOption[];
  selects: FilterSelect[];
}) {
  const t = await getTranslations("people.common");
  const active = selects.some((s) => params[s.name]) || !!params.q || !!params.unitId || !!params.gridId || !!params.deleted;
  return (
    <form method="get" action={basePath} className="mb-3 space-y-2 rounded-lg border border-slate-200 bg-white p-3" data-testid="list-filters">
      <div className="flex gap-2">
        <input
          name="q"
          type="search"
          defaultValue={params.q}
          maxLength={40}
          placeholder={placeholder}
          aria-label={placeholder}
          data-testid="search"
          className="w-full min-w-0 rounded border border-slate-300 px-3 py-2 text-base sm:text-sm"
        />
        <button type="submit" className="shrink-0 rounded bg-brand-600 px-4 py-2 text-sm text-white" data-testid="search-submit">
          {t("search")}
        </button>
      </div>
      <div className="grid grid-cols-2 gap-2 sm:flex sm:flex-wrap">
        {units.length > 1 && (
          <label className="col-span-2 text-xs text-slate-600 sm:col-span-1">
            <span className="sr-only">{t("scope")}</span>
            <select name="unitId" defaultValue={params.unitId ?? params.gridId ?? ""} className="w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-800 sm:w-auto sm:max-w-xs">
              <option value="">{t("wholeScope")}</option>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {"\u3000".repeat(u.depth)}
                  {u.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {selects.map((s) => (
          <label key={s.name} className="text-xs text-slate-600">
            <span className="sr-only">{s.label}</span>
            <select name={s.name} defaultValue={params[s.name] ?? ""} className="w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-800 sm:w-auto">
              <option value="">{t("filterAny", { label: s.label })}</option>
              {s.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
        ))}
        <label className="flex items-center gap-1 text-sm text-slate-700">
          <input type="checkbox" name="deleted" value="1" defaultChecked={params.deleted === "1"} />
          {t("showDeleted")}
        </label>
      </div>
      {active && (
        <Link href={basePath} className="inline-block text-xs text-brand-700">
          {t("clear")}
        </Link>
      )}
    </form>
  );
}

/** Keyset paging: "next page" carries the cursor; "first page" drops it. */
export async function Pager({ basePath, params, nextCursor }: { basePath: string; params: Record<string, string>; nextCursor: string | null }) {
  const t = await getTranslations("people.common");
  if (!nextCursor && !params.cursor) return null;
  const { cursor: _cursor, ...rest } = params;
  return (
    <nav className="mt-3 flex justify-between text-sm" aria-label="pages">
      {params.cursor ? (
        <Link href={hrefWith(basePath, rest)} className="text-brand-700">
          {t("first")}
        </Link>
      ) : (
        <span />
      )}
      {nextCursor && (
        <Link href={hrefWith(basePath, { ...rest, cursor: nextCursor })} className="text-brand-700" data-testid="next-page">
          {t("next")}
        </Link>
      )}
    </nav>
  );
}
