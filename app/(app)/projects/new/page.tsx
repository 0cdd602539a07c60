import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ProjectForm } from "@/components/projects/project-form";
import { PageHeader } from "@/components/projects/ui";
import { getProjectFormContext } from "@/lib/projects/data";
import { found, param } from "@/lib/projects/pages";
import { todayCst } from "@/lib/projects/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "新建专项" };

export default async function NewProjectPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const [context, t, sp] = await Promise.all([found(getProjectFormContext(viewer)), getTranslations("projects"), searchParams]);
  const today = todayCst();
  const inMonth = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  const template = param(sp, "template");
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t("form.newTitle")} subtitle={t("form.newSubtitle")} />
      <ProjectForm
        context={context}
        initial={{
          title: "",
          type: "HAZARD_SCREENING",
          description: "",
          startsOn: today,
          endsOn: inMonth,
          coverUnitIds: [viewer.unitId],
          leadDepartmentId: null,
          ownerId: viewer.id,
          templateId: context.templates.some((x) => x.id === template) ? template! : "",
          versionPolicy: "PINNED",
          selectors: [],
        }}
      />
    </div>
  );
}
