import type { Metadata } from "next";
import Link from "next/link";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { TotpSettings } from "@/components/auth/totp-settings";
import { Card } from "@/components/admin/ui";
import { LocaleSwitch } from "@/components/ui/locale-switch";
import { ServiceBusy } from "@/components/ui/service-busy";
import { accountInfo } from "@/lib/admin/data";
import { PASSWORD_CHANGED_COOKIE } from "@/lib/admin/schemas";
import { getViewer, type Viewer } from "@/lib/server/auth";
import { isDatabaseUnavailable } from "@/lib/server/db";

export const metadata: Metadata = { title: "我的账户" };

/**
 * One's own account, outside the app shell: reachable while the account must first be put
 * in order (a new or reset password to change, two-step sign-in to enrol).
 */
export default async function AccountPage() {
  let viewer: Viewer | null;
  try {
    viewer = await getViewer();
  } catch (err) {
    if (isDatabaseUnavailable(err)) return <ServiceBusy />;
    throw err;
  }
  if (!viewer) redirect((await cookies()).has(PASSWORD_CHANGED_COOKIE) ? "/login?error=changed" : "/login?error=expired");
  const [info, t, tr] = await Promise.all([accountInfo(viewer), getTranslations("admin.account"), getTranslations("roles")]);
  return (
    <div className="flex min-h-full flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-3xl flex-wrap items-center gap-3 px-4 py-2">
          <span className="text-lg font-bold text-brand-900">{t("title")}</span>
          <span className="text-sm text-slate-600" data-testid="account-whoami">
            {viewer.displayName} · {viewer.roleName ?? tr(viewer.role)}
          </span>
          <div className="ml-auto flex items-center gap-3 text-sm">
            {!viewer.restricted && (
              <Link href="/" className="text-brand-700 hover:underline" data-testid="back-to-app">
                {t("backToApp")}
              </Link>
            )}
            <LocaleSwitch />
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-3xl flex-1 space-y-4 px-4 py-4">
        {viewer.restricted && (
          <p role="status" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="account-restricted">
            {t(`restricted.${viewer.restricted}`)}
          </p>
        )}
        {viewer.restricted !== "totp" && (
          <Card title={t("password")}>
            <ChangePasswordForm username={viewer.username} policy={info.policy} />
          </Card>
        )}
        {viewer.restricted !== "password" && (
          <Card title={t("totp")}>
            <TotpSettings enabled={info.totpEnabled} required={info.totpRequired} recoveryCodesLeft={info.recoveryCodesLeft} enabledAt={info.totpEnabledAt?.toISOString() ?? null} />
          </Card>
        )}
      </main>
    </div>
  );
}
