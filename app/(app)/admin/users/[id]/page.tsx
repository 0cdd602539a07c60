import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LocalTime } from "@/components/admin/form";
import { Badge, Card, Facts, PageHeader, Table } from "@/components/admin/ui";
import { UserActions } from "@/components/admin/user-actions";
import { UserForm } from "@/components/admin/user-form";
import { getUser, userFormOptions } from "@/lib/admin/data";
import { can, ROLES } from "@/lib/permissions";
import { orNotFound } from "@/lib/admin/pages";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "用户" };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const { id } = await params;
  const user = await orNotFound(getUser(viewer, id));
  const [t, tr] = await Promise.all([getTranslations("admin.users"), getTranslations("roles")]);
  const mayEdit = user.id !== viewer.id && (user.administrative ? can(viewer, "users.grantAdmin") : can(viewer, "users.manage"));
  const options = mayEdit ? await orNotFound(userFormOptions(viewer)) : null;
  const roleLabel = (ROLES as readonly string[]).includes(user.roleKey) ? tr(user.roleKey as never) : (options?.roles.find((r) => r.key === user.roleKey)?.name ?? user.roleKey);
  return (
    <div className="space-y-4">
      <PageHeader
        title={`${user.displayName}（${user.username}）`}
        subtitle={
          <span className="space-x-1">
            <span>{roleLabel}</span>
            {!user.enabled && <Badge>{t("statuses.disabled")}</Badge>}
            {user.lockedUntil && <Badge tone="red" testId="locked-badge">{t("lockedUntil")} <LocalTime value={user.lockedUntil} /></Badge>}
            {user.mustChangePassword && <Badge tone="amber">{t("statuses.mustChange")}</Badge>}
            {user.totp && <Badge tone="green">{t("totp")}</Badge>}
          </span>
        }
      />
      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        <Card title={t("details")}>
          {options ? (
            <UserForm
              options={options}
              initial={{ id: user.id, version: user.version, username: user.username, displayName: user.displayName, phone: user.phone, roleKey: user.roleKey, unitId: user.unitId, departmentId: user.departmentId }}
            />
          ) : (
            <Facts
              items={[
                { label: t("username"), value: user.username },
                { label: t("name"), value: user.displayName },
                { label: t("phone"), value: user.phone || "—" },
                { label: t("role"), value: roleLabel },
                { label: t("territory"), value: user.unitName },
                { label: t("department"), value: user.departmentName ?? "—" },
              ]}
            />
          )}
        </Card>
        <div className="space-y-4">
          <Card title={t("account")}>
            <Facts
              items={[
                { label: t("createdAt"), value: <LocalTime value={user.createdAt} /> },
                { label: t("lastLogin"), value: <LocalTime value={user.lastLoginAt} /> },
                { label: t("passwordChangedAt"), value: <LocalTime value={user.passwordChangedAt} /> },
                { label: t("totp"), value: user.totp ? t("recoveryLeft", { count: user.recoveryCodesLeft }) : t("totpOff") },
              ]}
            />
          </Card>
          {user.id !== viewer.id && (mayEdit || can(viewer, "users.grantAdmin")) && (
            <Card title={t("actions")}>
              <UserActions
                user={{ id: user.id, version: user.version, username: user.username, enabled: user.enabled, locked: !!user.lockedUntil, totp: user.totp }}
                may={{ manage: mayEdit, resetTotp: can(viewer, "users.grantAdmin") }}
              />
            </Card>
          )}
        </div>
      </div>
      <Card title={t("history")}>
        <Table head={[t("when"), t("address"), t("result")]} testId="login-history">
          {user.history.map((h) => (
            <tr key={h.id}>
              <td className="px-2 py-1.5"><LocalTime value={h.at} /></td>
              <td className="px-2 py-1.5 font-mono">{h.ip}</td>
              <td className="px-2 py-1.5">
                <Badge tone={h.result === "SUCCESS" ? "green" : h.result === "SECOND_FACTOR" ? "blue" : "red"}>{t(`results.${h.result}`)}</Badge>
              </td>
            </tr>
          ))}
        </Table>
        {user.history.length === 0 && <p className="text-sm text-slate-500">{t("noHistory")}</p>}
      </Card>
    </div>
  );
}
