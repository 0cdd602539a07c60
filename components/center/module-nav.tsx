"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

export type CenterSection = "overview" | "intake" | "disputes" | "screenings" | "petitions" | "meetings" | "openDays" | "whistles" | "stations" | "reports" | "settings";

const HREF: Record<CenterSection, string> = {
  overview: "/center",
  intake: "/center/intake",
  disputes: "/center/disputes",
  screenings: "/center/screenings",
  petitions: "/center/petitions",
  meetings: "/center/meetings",
  openDays: "/center/open-days",
  whistles: "/center/whistles",
  stations: "/center/stations",
  reports: "/center/reports",
  settings: "/center/settings",
};

/** The center module's sections; the server decides which the viewer gets. */
export function CenterNav({ sections }: { sections: CenterSection[] }) {
  const t = useTranslations("center.nav");
  const pathname = usePathname();
  const active = (s: CenterSection) => (s === "overview" ? pathname === "/center" : pathname.startsWith(HREF[s]) || (s === "intake" && pathname.startsWith("/center/visitors")));
  return (
    <nav aria-label={t("label")} className="-mx-4 mb-4 overflow-x-auto border-b border-slate-200 px-4 print:hidden">
      <ul className="flex gap-1 whitespace-nowrap text-sm">
        {sections.map((s) => (
          <li key={s}>
            <Link
              href={HREF[s]}
              aria-current={active(s) ? "page" : undefined}
              className={`inline-flex items-center border-b-2 px-3 py-2 ${active(s) ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
            >
              {t(s)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
