import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { TemplateBuilder } from "@/components/projects/template-builder";
import { PageHeader } from "@/components/projects/ui";
import { found, idParam } from "@/lib/projects/pages";
import { findingCategories } from "@/lib/projects/tasks-data";
import { getTemplate } from "@/lib/projects/templates-data";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "修改表单模板" };

export default async function EditTemplatePage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const { id } = await params;
  const [template, categories, t] = await Promise.all([found(getTemplate(viewer, idParam(id))), found(findingCategories(viewer)), getTranslations("projects")]);
  if (!template.editable) notFound();
  return (
    <div className="mx-auto max-w-6xl">
      <PageHeader title={t("templates.editTitle")} subtitle={`${template.name} · ${t("templates.version", { no: template.latestVersionNo })}`} />
      <TemplateBuilder
        initial={{ id: template.id, version: template.version, name: template.name, description: template.description, fields: template.current.fields }}
        usedKeys={template.usedKeys}
        categories={categories}
      />
    </div>
  );
}
