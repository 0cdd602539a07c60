"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

/** The special projects module's sections; the server decides which the viewer gets. */
export function ModuleNav({ links }: { links: { key: "list" | "templates"; href: string }[] }) {
  const t = useTranslations("projects.nav");
  const pathname = usePathname();
  const active = (href: string) => (href === "/projects" ? pathname === "/projects" || !pathname.startsWith("/projects/templates") : pathname.startsWith(href));
  if (links.length < 2) return null;
  return (
    <nav aria-label="projects sections" className="-mx-4 mb-4 overflow-x-auto border-b border-slate-200 px-4">
      <ul className="flex gap-1 whitespace-nowrap text-sm">
        {links.map((l) => (
          <li key={l.key}>
            <Link
              href={l.href}
              aria-current={active(l.href) ? "page" : undefined}
              className={`inline-flex items-center border-b-2 px-3 py-2 ${active(l.href) ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
            >
              {t(l.key)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
