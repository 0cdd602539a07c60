import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Card, PageHeader } from "@/components/admin/ui";
import { UserForm } from "@/components/admin/user-form";
import { userFormOptions } from "@/lib/admin/data";
import { can } from "@/lib/permissions";
import { orNotFound } from "@/lib/admin/pages";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "新建用户" };

export default async function NewUserPage() {
  const viewer = await requireViewer();
  // The page only hides the form; createUser() checks the permission again.
  if (!can(viewer, "users.manage")) notFound();
  const [options, t] = await Promise.all([orNotFound(userFormOptions(viewer)), getTranslations("admin.users")]);
  return (
    <div className="max-w-3xl space-y-4">
      <PageHeader title={t("new")} subtitle={t("newHint")} />
      <Card>
        <UserForm options={options} />
      </Card>
    </div>
  );
}
