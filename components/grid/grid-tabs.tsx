"use client";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";

// The grid module's sections; each is a folder under app/(app)/grid.
const TABS = [
  { key: "overview", href: "/grid" },
  { key: "visits", href: "/grid/visits" },
  { key: "residents", href: "/grid/residents" },
  { key: "households", href: "/grid/households" },
  { key: "houses", href: "/grid/houses" },
  { key: "places", href: "/grid/places" },
  { key: "facilities", href: "/grid/facilities" },
  { key: "sentiments", href: "/grid/sentiments" },
  { key: "team", href: "/grid/team" },
  { key: "imports", href: "/grid/imports" },
] as const;

export function GridTabs() {
  const t = useTranslations("gridTabs");
  const pathname = usePathname();
  // A grid chosen above a grid worker's level stays chosen from tab to tab.
  const gridId = useSearchParams().get("gridId");
  const suffix = gridId && /^\d+$/.test(gridId) ? `?gridId=${gridId}` : "";
  return (
    <nav aria-label="grid sections" className="-mx-4 mb-4 overflow-x-auto border-b border-slate-200 px-4">
      <ul className="flex gap-1 whitespace-nowrap text-sm">
        {TABS.map((tab) => {
          const active = tab.href === "/grid" ? pathname === "/grid" : pathname.startsWith(tab.href);
          return (
            <li key={tab.key}>
              <Link
                href={`${tab.href}${suffix}`}
                aria-current={active ? "page" : undefined}
                className={`inline-block border-b-2 px-3 py-2 ${active ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
              >
                {t(tab.key)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
