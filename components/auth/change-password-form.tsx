"use client";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Field, Notice, useSubmit } from "@/components/admin/form";
import { buttonClass, inputClass } from "@/components/admin/ui";
import { changePasswordAction } from "@/lib/admin/actions";

/** Changes one's own password; every session ends, so the page signs out and asks for the new one. */
export function ChangePasswordForm({ username, policy }: { username: string; policy: { minLength: number; minClasses: number } }) {
  const t = useTranslations("admin.account");
  const { pending, message, fieldErrors, submit } = useSubmit();
  const [v, setV] = useState({ current: "", next: "", confirm: "" });
  return (
    <form
      className="space-y-3"
      noValidate
      data-testid="change-password"
      onSubmit={(e) => {
        e.preventDefault();
        submit(() => changePasswordAction(v), () => {
          void signOut({ callbackUrl: "/login?error=changed" });
          return t("passwordChanged");
        });
      }}
    >
      <input type="text" name="username" value={username} autoComplete="username" readOnly hidden />
      <p className="text-sm text-slate-600">{t("policy", { min: policy.minLength, classes: policy.minClasses })}</p>
      <Notice message={message} />
      <Field label={t("current")} error={fieldErrors.current}>
        <input type="password" name="current" autoComplete="current-password" value={v.current} onChange={(e) => setV({ ...v, current: e.target.value })} className={inputClass} />
      </Field>
      <Field label={t("next")} error={fieldErrors.next}>
        <input type="password" name="next" autoComplete="new-password" value={v.next} onChange={(e) => setV({ ...v, next: e.target.value })} className={inputClass} />
      </Field>
      <Field label={t("confirm")} error={fieldErrors.confirm}>
        <input type="password" name="confirm" autoComplete="new-password" value={v.confirm} onChange={(e) => setV({ ...v, confirm: e.target.value })} className={inputClass} />
      </Field>
      <button type="submit" disabled={pending} className={buttonClass} data-testid="change-password-submit">{t("changePassword")}</button>
    </form>
  );
}
