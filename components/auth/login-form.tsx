"use client";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";

const KNOWN_ERRORS = ["invalid", "locked", "rate_limited", "missing", "expired", "totp_required", "totp_invalid", "changed"] as const;

function errorKey(code: string | null | undefined): string | null {
  if (!code) return null;
  return (KNOWN_ERRORS as readonly string[]).includes(code) ? code : "generic";
}

/**
 * Password first; when the server answers "totp_required" (the password was right and the
 * account uses two-step sign-in), the form asks for the code and sends both again. The
 * password stays in this component's memory only, never in the page or the address.
 */
export function LoginForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const t = useTranslations("login");
  const router = useRouter();
  const [error, setError] = useState<string | null>(errorKey(initialError === "CredentialsSignin" ? "invalid" : initialError));
  const [pending, setPending] = useState(false);
  const [step, setStep] = useState<"password" | "totp">("password");
  const credentials = useRef<{ username: string; password: string } | null>(null);

  async function send(username: string, password: string, totp?: string) {
    setPending(true);
    setError(null);
    try {
      const res = await signIn("credentials", { username, password, ...(totp ? { totp } : {}), redirect: false });
      if (res?.ok && !res.error) {
        credentials.current = null;
        router.replace(callbackUrl);
        router.refresh();
        return;
      }
      const code = errorKey(res?.error ?? "generic");
      if (code === "totp_required") {
        credentials.current = { username, password };
        setStep("totp");
        setError(totp ? "totp_invalid" : null);
      } else if (code === "totp_invalid") {
        setError(code);
      } else {
        credentials.current = null;
        setStep("password");
        setError(code);
      }
    } catch {
      setError("generic");
    }
    setPending(false);
  }

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    if (step === "totp" && credentials.current) {
      const code = String(form.get("totp") ?? "").trim();
      if (!code) return setError("totp_required");
      return send(credentials.current.username, credentials.current.password, code);
    }
    const username = String(form.get("username") ?? "").trim();
    const password = String(form.get("password") ?? "");
    if (!username || !password) return setError("missing");
    return send(username, password);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" noValidate>
      <h2 className="text-lg font-semibold">{t("title")}</h2>
      {error && (
        <p role="alert" data-testid="login-error" className={`rounded px-3 py-2 text-sm ${error === "changed" ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-700"}`}>
          {t(`errors.${error}`)}
        </p>
      )}
      {step === "password" ? (
        <>
          <label className="block text-sm">
            <span className="text-slate-700">{t("username")}</span>
            <input name="username" autoComplete="username" required maxLength={64} className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
          </label>
          <label className="block text-sm">
            <span className="text-slate-700">{t("password")}</span>
            <input name="password" type="password" autoComplete="current-password" required maxLength={128} className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
          </label>
        </>
      ) : (
        <>
          <p className="text-sm text-slate-600">{t("totpHint")}</p>
          <label className="block text-sm">
            <span className="text-slate-700">{t("totp")}</span>
            <input
              name="totp"
              autoComplete="one-time-code"
              inputMode="text"
              autoFocus
              required
              maxLength={16}
              className="mt-1 w-full rounded border border-slate-300 px-3 py-2 font-mono tracking-widest"
              data-testid="totp-input"
            />
          </label>
        </>
      )}
      <button type="submit" disabled={pending} className="w-full rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? t("submitting") : t("submit")}
      </button>
      {step === "totp" && (
        <button
          type="button"
          className="w-full text-sm text-slate-600 hover:underline"
          onClick={() => {
            credentials.current = null;
            setStep("password");
            setError(null);
          }}
        >
          {t("back")}
        </button>
      )}
    </form>
  );
}
