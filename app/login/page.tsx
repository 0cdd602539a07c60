import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LoginForm } from "@/components/auth/login-form";
import { LocaleSwitch } from "@/components/ui/locale-switch";
import { DEMO_PASSWORD } from "@/lib/demo";
import { demoAccounts } from "@/lib/server/demo-accounts";
import { getViewer } from "@/lib/server/auth";
import { isDatabaseUnavailable } from "@/lib/server/db";
import { env } from "@/lib/server/env";

export const metadata: Metadata = { title: "登录 Sign in" };

function safeCallback(value: string | undefined): string {
  // Only paths on this site: never another origin, never a protocol-relative URL.
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "/";
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const t = await getTranslations();
  let accounts: Awaited<ReturnType<typeof demoAccounts>> = [];
  try {
    if (await getViewer()) redirect(safeCallback(params.callbackUrl));
    if (env().demo) accounts = await demoAccounts();
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
  }
  return (
    <main className="flex min-h-full flex-col items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-start justify-between">
          <div>
            <h1 className="text-2xl font-bold text-brand-900">{t("app.name")}</h1>
            <p className="text-sm text-slate-600">{t("app.tagline")}</p>
          </div>
          <LocaleSwitch />
        </div>
        <LoginForm callbackUrl={safeCallback(params.callbackUrl)} initialError={params.error} />
        {accounts.length > 0 && (
          <section className="mt-8 rounded-lg border border-slate-200 bg-white p-4 text-sm" aria-labelledby="demo-title">
            <h2 id="demo-title" className="font-semibold">{t("login.demoTitle")}</h2>
            <p className="mt-1 text-slate-600">{t("login.demoHint", { password: DEMO_PASSWORD })}</p>
            <table className="mt-2 w-full text-left">
              <tbody>
                {accounts.map((a) => (
                  <tr key={a.username} className="border-t border-slate-100">
                    <td className="py-1 font-mono">{a.username}</td>
                    <td className="py-1">{t(`roles.${a.role}`)}</td>
                    <td className="py-1 text-slate-600">{a.unitName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </div>
    </main>
  );
}
