import Link from "next/link";
import { getTranslations } from "next-intl/server";

export interface DashLink {
  key: "overview" | "assessment" | "screen" | "exportXlsx" | "exportPdf";
  href: string;
  download?: boolean;
}

/** The dashboard's own navigation: overview, assessment, big screen and the exports. */
export async function DashboardNav({ links, current }: { links: DashLink[]; current: DashLink["key"] }) {
  const t = await getTranslations("dashboard.nav");
  return (
    <nav aria-label="dashboard" className="-mx-4 mb-3 overflow-x-auto px-4">
      <ul className="flex gap-2 whitespace-nowrap text-sm">
        {links.map((l) => (
          <li key={l.key}>
            {l.download ? (
              <a href={l.href} className="inline-block rounded-full bg-white px-3 py-1 text-slate-700 ring-1 ring-slate-200 hover:bg-brand-50" data-testid={`dash-${l.key}`}>
                {t(l.key)}
              </a>
            ) : (
              <Link
                prefetch={false}
                href={l.href}
                aria-current={l.key === current ? "page" : undefined}
                data-testid={`dash-${l.key}`}
                className={`inline-block rounded-full px-3 py-1 ${l.key === current ? "bg-brand-600 text-white" : "bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-brand-50"}`}
              >
                {t(l.key)}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
