import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SettingsEditor } from "@/components/dispatch/settings-editor";
import { getSettings } from "@/lib/dispatch/data";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "调度设置" };

export default async function DispatchSettingsPage({ searchParams }: { searchParams: Promise<{ year?: string }> }) {
  const viewer = await requireViewer();
  if (!can(viewer, "dispatch.configure")) notFound();
  const sp = await searchParams;
  const thisYear = new Date().getFullYear();
  const asked = Number(sp.year);
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : thisYear;
  const [settings, t] = await Promise.all([getSettings(viewer, year), getTranslations("dispatch.settings")]);
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <SettingsEditor
        categories={settings.categories.map(({ children, ...c }) => ({ ...c, children }))}
        rules={settings.rules.map(({ version: _v, ...r }) => r)}
        departments={settings.departments}
        days={settings.days}
        year={year}
      />
    </div>
  );
}
