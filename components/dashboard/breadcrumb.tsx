import Link from "next/link";
import { dashHref, type Keep } from "./href";

/** County → township → community → grid, each step a link back up. */
export function Breadcrumb({ crumbs, path, keep, dark = false }: { crumbs: { id: number; name: string }[]; path: string; keep: Keep; dark?: boolean }) {
  return (
    <nav aria-label="breadcrumb" data-testid="dashboard-breadcrumb">
      <ol className={`flex flex-wrap items-center gap-1 text-sm ${dark ? "text-slate-300" : "text-slate-600"}`}>
        {crumbs.map((c, i) => (
          <li key={c.id} className="flex items-center gap-1">
            {i > 0 && <span aria-hidden className="opacity-50">/</span>}
            {i === crumbs.length - 1 ? (
              <span aria-current="page" className={`font-semibold ${dark ? "text-white" : "text-slate-900"}`} data-testid="breadcrumb-current">
                {c.name}
              </span>
            ) : (
              <Link prefetch={false} href={dashHref(path, { ...keep, unit: c.id })} className="hover:underline">
                {c.name}
              </Link>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
