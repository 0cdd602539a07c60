import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { can, type Action } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

/** The administration areas, each shown to whoever may take its action. */
const AREAS: { key: string; href: string; action: Action }[] = [
  { key: "overview", href: "/admin", action: "admin.view" },
  { key: "users", href: "/admin/users", action: "users.view" },
  { key: "roles", href: "/admin/roles", action: "roles.view" },
  { key: "security", href: "/admin/security", action: "security.settings" },
  { key: "territory", href: "/admin/territory", action: "territory.edit" },
  { key: "departments", href: "/admin/departments", action: "settings.manage" },
  { key: "dictionaries", href: "/admin/dictionaries", action: "settings.manage" },
  { key: "map", href: "/admin/map", action: "settings.manage" },
  { key: "responsibilities", href: "/admin/responsibilities", action: "responsibilities.view" },
  { key: "audit", href: "/admin/audit", action: "audit.view" },
];

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireViewer();
  const t = await getTranslations("admin.nav");
  const areas = can(viewer, "admin.view") ? AREAS.filter((a) => can(viewer, a.action)) : [];
  return (
    <div>
      {areas.length > 1 && (
        <nav aria-label={t("label")} className="-mx-4 mb-4 overflow-x-auto border-b border-slate-200 px-4" data-testid="admin-nav">
          <ul className="flex gap-1 whitespace-nowrap text-sm">
            {areas.map((a) => (
              <li key={a.key}>
                <Link href={a.href} className="inline-block rounded-t px-3 py-2 text-slate-700 hover:bg-brand-50">
                  {t(a.key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {children}
    </div>
  );
}
