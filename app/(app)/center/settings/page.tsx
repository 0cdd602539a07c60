import { getTranslations } from "next-intl/server";
import { SettingsForm } from "@/components/center/simple-forms";
import { PageHeader } from "@/components/center/ui";
import { getCenterSettings } from "@/lib/center/data";
import { can } from "@/lib/permissions";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

export default async function SettingsPage() {
  const viewer = await requireViewer();
  const [value, t] = await Promise.all([found(getCenterSettings(viewer)), getTranslations("center")]);
  const editable = can(viewer, "center.configure") && viewer.unitLevel === "COUNTY";
  return (
    <div className="mx-auto max-w-3xl space-y-3">
      <PageHeader title={t("settings.title")} subtitle={t("settings.help")} />
      {!editable && <p className="text-sm text-slate-600">{t("settings.countyOnly")}</p>}
      <SettingsForm value={value} editable={editable} />
    </div>
  );
}
