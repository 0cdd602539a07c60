import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Card, PageHeader } from "@/components/admin/ui";
import { UserImportForm } from "@/components/admin/user-import-form";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "批量导入用户" };

export default async function ImportUsersPage() {
  const viewer = await requireViewer();
  if (!can(viewer, "users.manage")) notFound();
  const t = await getTranslations("admin.import");
  return (
    <div className="max-w-3xl space-y-4">
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <Card>
        <UserImportForm />
      </Card>
    </div>
  );
}
