"use client";
import { useTranslations } from "next-intl";

/** A one-time password, shown once for the administrator to hand over. */
export function OneTimePassword({ username, password }: { username: string; password: string }) {
  const t = useTranslations("admin.users");
  return (
    <div className="rounded border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="one-time-password">
      <p className="font-medium text-amber-900">{t("oneTimeTitle")}</p>
      <p className="mt-1">
        {t("username")}: <span className="font-mono">{username}</span>
      </p>
      <p className="mt-1">
        {t("oneTimePassword")}: <span className="select-all font-mono text-base" data-testid="password-value">{password}</span>
      </p>
      <p className="mt-2 text-xs text-amber-900">{t("oneTimeHint")}</p>
    </div>
  );
}
