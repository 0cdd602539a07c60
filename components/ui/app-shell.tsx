import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { LocaleSwitch } from "@/components/ui/locale-switch";
import { NotificationBell } from "@/components/notifications/bell";
import { modulesFor, type RoleKey } from "@/lib/permissions";

export interface ShellUser {
  displayName: string;
  role: RoleKey;
  unitName: string;
  departmentName: string | null;
  // admin module: custom roles have a name of their own and a permission set of their own.
  roleName?: string | null;
  permissions?: readonly string[];
}

export async function AppShell({ user, children }: { user: ShellUser; children: React.ReactNode }) {
  const t = await getTranslations();
  return (
    <div className="flex min-h-full flex-col">
      <a href="#main" className="sr-only focus:not-sr-only">{t("app.skipToContent")}</a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2">
          <Link href="/" className="text-lg font-bold text-brand-900">{t("app.name")}</Link>
          <nav aria-label="modules" className="flex flex-wrap gap-1">
            {modulesFor(user.permissions ? { permissions: user.permissions } : user.role).map((m) => (
              <Link key={m.key} href={m.href} className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-brand-50">
                {t(`nav.${m.key}`)}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex flex-wrap items-center gap-3 text-sm">
            <Link href="/account" title={t("app.account")} className="rounded hover:bg-slate-100">
              <span data-testid="whoami" className="text-slate-700">
                <strong>{user.displayName}</strong>
                <span className="mx-1 text-slate-400">·</span>
                {user.roleName ?? t(`roles.${user.role}`)}
                <span className="mx-1 text-slate-400">·</span>
                {user.departmentName ?? user.unitName}
              </span>
            </Link>
            {/* dispatch module: the notification bell */}
            <NotificationBell />
            <LocaleSwitch />
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-4">{children}</main>
    </div>
  );
}
