import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card, PageHeader } from "@/components/admin/ui";
import { adminOverview } from "@/lib/admin/data";
import { can, type Action } from "@/lib/permissions";
import { orNotFound } from "@/lib/admin/pages";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "系统管理" };

const CARDS: { key: string; href: string; action: Action }[] = [
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

export default async function AdminHome() {
  const viewer = await requireViewer();
  const [overview, t, tr] = await Promise.all([orNotFound(adminOverview(viewer)), getTranslations("admin"), getTranslations("roles")]);
  const counts: Record<string, string | null> = {
    users: overview.users === null ? null : t("overview.users", { users: overview.users, disabled: overview.disabled ?? 0, mustChange: overview.mustChange ?? 0 }),
    roles: overview.customRoles === null ? null : t("overview.roles", { count: overview.customRoles }),
    territory: overview.units === null ? null : t("overview.units", { count: overview.units }),
  };
  return (
    <div className="space-y-4">
      <PageHeader title={t("overview.title")} subtitle={t("overview.subtitle", { role: viewer.roleName ?? tr(viewer.role) })} />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="admin-cards">
        {CARDS.filter((c) => can(viewer, c.action)).map((c) => (
          <Link key={c.key} href={c.href} className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600">
            <h2 className="font-medium text-brand-900">{t(`nav.${c.key}`)}</h2>
            <p className="mt-1 text-sm text-slate-600">{t(`overview.about.${c.key}`)}</p>
            {counts[c.key] && <p className="mt-2 text-xs text-slate-500">{counts[c.key]}</p>}
          </Link>
        ))}
      </div>
      <Card title={t("overview.separationTitle")}>
        <p className="text-sm text-slate-600">{t("overview.separation")}</p>
      </Card>
    </div>
  );
}
