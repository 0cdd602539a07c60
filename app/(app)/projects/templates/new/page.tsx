import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { TemplateBuilder } from "@/components/projects/template-builder";
import { PageHeader } from "@/components/projects/ui";
import { found } from "@/lib/projects/pages";
import { findingCategories } from "@/lib/projects/tasks-data";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "新建表单模板" };

export default async function NewTemplatePage() {
  const viewer = await requireViewer();
  const [categories, t] = await Promise.all([found(findingCategories(viewer)), getTranslations("projects")]);
  return (
    <div className="mx-auto max-w-6xl">
      <PageHeader title={t("templates.newTitle")} subtitle={t("templates.newSubtitle")} />
      <TemplateBuilder initial={null} usedKeys={[]} categories={categories} />
    </div>
  );
}
