import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { SettingsForm } from "@/components/admin/settings-form";
import { PageHeader } from "@/components/admin/ui";
import { settingsFor } from "@/lib/admin/data";
import { ROLES } from "@/lib/permissions";
import { orNotFound } from "@/lib/admin/pages";
import { requireViewer } from "@/lib/server/auth";
import { AUDIT_MIN_RETENTION_DAYS, TOTP_MANDATORY_ROLES } from "@/lib/settings/definitions";

export const metadata: Metadata = { title: "安全策略" };

export default async function SecurityPage() {
  const viewer = await requireViewer();
  const keys = ["security.password", "security.lockout", "security.session", "security.totp", "audit.retention"] as const;
  const [s, t, tr] = await Promise.all([orNotFound(settingsFor(viewer, [...keys])), getTranslations("admin.settings"), getTranslations("roles")]);
  return (
    <div className="max-w-4xl space-y-4">
      <PageHeader title={t("securityTitle")} subtitle={t("securitySubtitle")} />
      {s["security.password"] && (
        <SettingsForm
          settingKey="security.password"
          value={s["security.password"]}
          fields={[
            { name: "minLength", type: "number", min: 8, max: 64 },
            { name: "minClasses", type: "select", options: [3, 4].map((n) => ({ value: String(n), label: String(n) })) },
            { name: "maxAgeDays", type: "number", min: 0, max: 365 },
          ]}
        />
      )}
      {s["security.lockout"] && (
        <SettingsForm
          settingKey="security.lockout"
          value={s["security.lockout"]}
          fields={[
            { name: "failures", type: "number", min: 3, max: 10 },
            { name: "lockMinutes", type: "number", min: 5, max: 1440 },
          ]}
        />
      )}
      {s["security.session"] && <SettingsForm settingKey="security.session" value={s["security.session"]} fields={[{ name: "idleMinutes", type: "number", min: 5, max: 1440 }]} />}
      {s["security.totp"] && (
        <SettingsForm
          settingKey="security.totp"
          value={s["security.totp"]}
          fields={[
            {
              name: "alsoRequired",
              type: "checkboxes",
              options: ROLES.map((r) => ({ value: r, label: tr(r), locked: (TOTP_MANDATORY_ROLES as readonly string[]).includes(r) })),
            },
            { name: "enforceInDemo", type: "checkbox" },
          ]}
        />
      )}
      {s["audit.retention"] && <SettingsForm settingKey="audit.retention" value={s["audit.retention"]} fields={[{ name: "days", type: "number", min: AUDIT_MIN_RETENTION_DAYS, max: 3650 }]} />}
    </div>
  );
}
