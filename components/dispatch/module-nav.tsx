"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

export interface ModuleLink {
  key: "lists" | "new" | "board" | "notifications" | "settings";
  href: string;
}

/** The dispatch module's sections; the server decides which the viewer gets. */
export function ModuleNav({ links, unread }: { links: ModuleLink[]; unread: number }) {
  const t = useTranslations("dispatch.nav");
  const pathname = usePathname();
  const active = (l: ModuleLink) => (l.href === "/dispatch" ? pathname === "/dispatch" || /^\/dispatch\/(?!new|board|notifications|settings)[^/]+$/.test(pathname) : pathname.startsWith(l.href));
  return (
    <nav aria-label="dispatch sections" className="-mx-4 mb-4 overflow-x-auto border-b border-slate-200 px-4">
      <ul className="flex gap-1 whitespace-nowrap text-sm">
        {links.map((l) => (
          <li key={l.key}>
            <Link
              href={l.href}
              aria-current={active(l) ? "page" : undefined}
              className={`inline-flex items-center gap-1 border-b-2 px-3 py-2 ${active(l) ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
            >
              {t(l.key)}
              {l.key === "notifications" && unread > 0 && <span className="rounded-full bg-red-600 px-1.5 text-xs text-white">{unread}</span>}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
