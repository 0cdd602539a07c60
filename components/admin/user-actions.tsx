"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { resetPasswordAction, resetTotpAction, setUserEnabledAction, unlockUserAction } from "@/lib/admin/actions";
import { Notice, useSubmit } from "./form";
import { OneTimePassword } from "./one-time-password";
import { dangerButtonClass, secondaryButtonClass } from "./ui";

/** Disable or enable, unlock, reset the password, reset two-factor sign-in. */
export function UserActions({
  user,
  may,
}: {
  user: { id: string; version: number; username: string; enabled: boolean; locked: boolean; totp: boolean };
  may: { manage: boolean; resetTotp: boolean };
}) {
  const t = useTranslations("admin.users");
  const router = useRouter();
  const { pending, message, submit } = useSubmit();
  const [password, setPassword] = useState<string | null>(null);
  const ref = { id: user.id, version: user.version };
  const done = (text: string) => () => {
    router.refresh();
    return text;
  };
  return (
    <div className="space-y-2" data-testid="user-actions">
      <Notice message={message} />
      {password && <OneTimePassword username={user.username} password={password} />}
      <div className="flex flex-wrap gap-2">
        {may.manage && (
          <button
            type="button"
            disabled={pending}
            className={user.enabled ? dangerButtonClass : secondaryButtonClass}
            onClick={() => confirm(user.enabled ? t("confirmDisable") : t("confirmEnable")) && submit(() => setUserEnabledAction({ ...ref, enabled: !user.enabled }), done(user.enabled ? t("disabled") : t("enabled")))}
            data-testid="toggle-enabled"
          >
            {user.enabled ? t("disable") : t("enable")}
          </button>
        )}
        {may.manage && user.locked && (
          <button type="button" disabled={pending} className={secondaryButtonClass} onClick={() => submit(() => unlockUserAction(ref), done(t("unlocked")))} data-testid="unlock">
            {t("unlock")}
          </button>
        )}
        {may.manage && (
          <button
            type="button"
            disabled={pending}
            className={secondaryButtonClass}
            onClick={() =>
              confirm(t("confirmReset")) &&
              submit(() => resetPasswordAction(ref), (data) => {
                setPassword(data.password);
                router.refresh();
              })
            }
            data-testid="reset-password"
          >
            {t("resetPassword")}
          </button>
        )}
        {may.resetTotp && user.totp && (
          <button type="button" disabled={pending} className={dangerButtonClass} onClick={() => confirm(t("confirmResetTotp")) && submit(() => resetTotpAction(ref), done(t("totpReset")))} data-testid="reset-totp">
            {t("resetTotp")}
          </button>
        )}
      </div>
    </div>
  );
}
