"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field, LocalTime, Notice, useSubmit } from "@/components/admin/form";
import { buttonClass, dangerButtonClass, inputClass, secondaryButtonClass } from "@/components/admin/ui";
import { confirmTotpAction, disableTotpAction, regenerateRecoveryCodesAction, startTotpAction } from "@/lib/admin/actions";

/** Two-step sign-in: enrol with an authenticator app, keep recovery codes, or turn it off where allowed. */
export function TotpSettings({ enabled, required, recoveryCodesLeft, enabledAt }: { enabled: boolean; required: boolean; recoveryCodesLeft: number; enabledAt: string | null }) {
  const t = useTranslations("admin.account");
  const router = useRouter();
  const { pending, message, fieldErrors, submit } = useSubmit();
  const [enrolment, setEnrolment] = useState<{ secret: string; qr: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");

  if (codes)
    return (
      <div className="space-y-3" data-testid="recovery-codes">
        <p className="text-sm">{t("codesIntro")}</p>
        <ul className="grid grid-cols-2 gap-1 rounded border border-slate-200 bg-slate-50 p-3 font-mono text-sm">
          {codes.map((c) => (
            <li key={c} className="select-all">{c}</li>
          ))}
        </ul>
        <button
          type="button"
          className={buttonClass}
          data-testid="codes-done"
          onClick={() => {
            setCodes(null);
            router.replace("/");
            router.refresh();
          }}
        >
          {t("codesSaved")}
        </button>
      </div>
    );

  if (enabled)
    return (
      <div className="space-y-3" data-testid="totp-enabled">
        <p className="text-sm">
          {t("totpOn")} <LocalTime value={enabledAt} dateOnly /> · {t("codesLeft", { count: recoveryCodesLeft })}
        </p>
        <Notice message={message} />
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            submit(() => regenerateRecoveryCodesAction({ code }), (d) => {
              setCode("");
              setCodes(d.recoveryCodes);
            });
          }}
        >
          <Field label={t("code")} error={fieldErrors.code}>
            <input value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" autoComplete="one-time-code" maxLength={6} className={`${inputClass} w-32`} />
          </Field>
          <button type="submit" disabled={pending} className={secondaryButtonClass}>{t("newCodes")}</button>
        </form>
        {!required && (
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              submit(() => disableTotpAction({ password }), () => {
                setPassword("");
                router.refresh();
                return t("totpOffDone");
              });
            }}
          >
            <Field label={t("passwordToDisable")} error={fieldErrors.password}>
              <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" className={inputClass} />
            </Field>
            <button type="submit" disabled={pending} className={dangerButtonClass}>{t("disable")}</button>
          </form>
        )}
        {required && <p className="text-xs text-slate-500">{t("requiredNote")}</p>}
      </div>
    );

  return (
    <div className="space-y-3" data-testid="totp-setup">
      <p className="text-sm text-slate-600">{required ? t("requiredIntro") : t("optionalIntro")}</p>
      <Notice message={message} />
      {!enrolment ? (
        <button type="button" disabled={pending} className={buttonClass} data-testid="totp-start" onClick={() => submit(() => startTotpAction({}), (d) => setEnrolment(d))}>
          {t("start")}
        </button>
      ) : (
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            submit(() => confirmTotpAction({ code }), (d) => setCodes(d.recoveryCodes));
          }}
        >
          <ol className="list-decimal space-y-1 pl-5 text-sm">
            <li>{t("step1")}</li>
            <li>{t("step2")}</li>
          </ol>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server */}
          <img src={enrolment.qr} alt={t("qrAlt")} width={220} height={220} className="rounded border border-slate-200" data-testid="totp-qr" />
          <p className="text-xs text-slate-600">
            {t("secretText")} <span className="select-all font-mono" data-testid="totp-secret">{enrolment.secret}</span>
          </p>
          <Field label={t("code")} error={fieldErrors.code}>
            <input name="code" value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" autoComplete="one-time-code" maxLength={6} className={`${inputClass} w-32`} />
          </Field>
          <button type="submit" disabled={pending} className={buttonClass} data-testid="totp-confirm">{t("confirmCode")}</button>
        </form>
      )}
    </div>
  );
}
