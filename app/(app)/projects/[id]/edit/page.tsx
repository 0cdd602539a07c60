import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ProjectForm } from "@/components/projects/project-form";
import { PageHeader } from "@/components/projects/ui";
import { getProjectForEdit, getProjectFormContext } from "@/lib/projects/data";
import { found, idParam } from "@/lib/projects/pages";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "修改专项" };

export default async function EditProjectPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const { id } = await params;
  const [project, context, t] = await Promise.all([found(getProjectForEdit(viewer, idParam(id))), found(getProjectFormContext(viewer)), getTranslations("projects")]);
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t("form.editTitle")} subtitle={project.title} />
      <ProjectForm context={context} initial={{ ...project }} />
    </div>
  );
}
