import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { DictionaryEditor } from "@/components/admin/dictionary-editor";
import { SettingsForm } from "@/components/admin/settings-form";
import { Card, PageHeader } from "@/components/admin/ui";
import { settingsFor } from "@/lib/admin/data";
import { orNotFound } from "@/lib/admin/pages";
import { tagDictionary } from "@/lib/people/data";
import { createTagAction, updateTagAction } from "@/lib/people/actions";
import { can, type Action } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";
import { INTERVAL_UNITS, VISIT_TIER_KEYS } from "@/lib/visit-schedule";

export const metadata: Metadata = { title: "字典与设置" };

/** Where the other dictionaries and settings are edited, each shown to whoever may edit it. */
const ELSEWHERE: { key: string; href: string; action: Action }[] = [
  { key: "categories", href: "/dispatch/settings", action: "dispatch.configure" },
  { key: "rules", href: "/dispatch/settings", action: "dispatch.configure" },
  { key: "calendar", href: "/dispatch/settings", action: "dispatch.configure" },
  { key: "departments", href: "/admin/departments", action: "settings.manage" },
  { key: "responsibilities", href: "/admin/responsibilities", action: "responsibilities.view" },
  { key: "map", href: "/admin/map", action: "settings.manage" },
];

/**
 * The dictionaries and settings of the whole system in one place: visit tiers and their
 * intervals and key-group tags are edited here; the others on their own pages, linked.
 */
export default async function DictionariesPage() {
  const viewer = await requireViewer();
  const mayIntervals = can(viewer, "settings.manage");
  const mayTags = can(viewer, "people.tags.manage");
  if (!mayIntervals && !mayTags) notFound();
  const [settings, tags, t, tp] = await Promise.all([
    mayIntervals ? orNotFound(settingsFor(viewer, ["visits.intervals"])) : null,
    mayTags ? orNotFound(tagDictionary(viewer)) : null,
    getTranslations("admin.dictionaries"),
    getTranslations("people.visitTierShort"),
  ]);
  const unitOptions = INTERVAL_UNITS.map((u) => ({ value: u, label: t(`units.${u}`) }));
  const links = ELSEWHERE.filter((l) => can(viewer, l.action));
  return (
    <div className="max-w-5xl space-y-4">
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      {settings?.["visits.intervals"] && (
        <SettingsForm
          settingKey="visits.intervals"
          value={settings["visits.intervals"]}
          fields={VISIT_TIER_KEYS.flatMap((tier) => {
            const p = tier.toLowerCase();
            return [
              { name: `${p}Every`, type: "number" as const, min: 1, max: 366 },
              { name: `${p}Unit`, type: "select" as const, options: unitOptions },
            ];
          })}
        />
      )}
      {tags && (
        <DictionaryEditor
          title={t("tags")}
          testId="key-group-tags"
          rows={tags.map((x) => ({ id: x.id, version: x.version, code: x.code, name: x.name, nameEn: x.nameEn, visitTier: x.visitTier, sortOrder: x.sortOrder, enabled: x.enabled }))}
          columns={[
            { name: "code", label: t("code"), type: "text", fixedAfterCreate: true },
            { name: "name", label: t("name"), type: "text" },
            { name: "nameEn", label: t("nameEn"), type: "text" },
            { name: "visitTier", label: t("visitTier"), type: "select", fixedAfterCreate: true, options: VISIT_TIER_KEYS.map((k) => ({ value: k, label: tp(k) })) },
            { name: "sortOrder", label: t("sortOrder"), type: "number", min: 0, max: 9999 },
            { name: "enabled", label: t("enabled"), type: "checkbox" },
          ]}
          defaults={{ code: "", name: "", nameEn: "", visitTier: "KEY", sortOrder: tags.length + 1, enabled: true }}
          create={createTagAction}
          update={updateTagAction}
        />
      )}
      {tags && <p className="-mt-2 text-xs text-slate-500">{t("tagsHint")}</p>}
      {links.length > 0 && (
        <Card title={t("elsewhere")}>
          <ul className="space-y-1 text-sm" data-testid="dictionaries-elsewhere">
            {links.map((l) => (
              <li key={l.key}>
                <Link href={l.href} className="text-brand-700 hover:underline">{t(`links.${l.key}`)}</Link>
                <span className="ml-2 text-slate-500">{t(`linkHints.${l.key}`)}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
