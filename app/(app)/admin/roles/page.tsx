import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/admin/ui";
import { RoleMatrix } from "@/components/admin/role-matrix";
import { roleMatrix } from "@/lib/admin/data";
import { DUTIES } from "@/lib/admin/permissions";
import { can } from "@/lib/permissions";
import { orNotFound } from "@/lib/admin/pages";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "角色与权限" };

export default async function RolesPage() {
  const viewer = await requireViewer();
  const [matrix, t] = await Promise.all([orNotFound(roleMatrix(viewer)), getTranslations("admin.roles")]);
  return (
    <div className="space-y-4">
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <RoleMatrix matrix={matrix} duties={DUTIES} canManage={can(viewer, "roles.manage")} />
    </div>
  );
}
