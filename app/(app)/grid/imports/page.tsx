import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { JobList, UploadForm } from "@/components/people/imports-panel";
import { Card, PageHeader } from "@/components/people/ui";
import { MAX_IMPORT_BYTES } from "@/lib/people/import";
import { listMyJobs } from "@/lib/people/jobs";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "导入导出" };
export const dynamic = "force-dynamic";

export default async function ImportsPage() {
  const viewer = await requireViewer();
  if (!can(viewer.role, "people.view")) notFound();
  const [jobs, t] = await Promise.all([listMyJobs(viewer), getTranslations("people.imports")]);
  const canImport = can(viewer.role, "people.import");
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageHeader title={t("title")} subtitle={canImport ? t("intro") : undefined} />
      {canImport && (
        <Card title={t("templates")}>
          <div className="flex flex-wrap gap-3 text-sm">
            {(["residents", "houses", "places", "facilities"] as const).map((r) => (
              <a
                key={r}
                className="rounded border border-slate-300 px-3 py-2 text-brand-700 hover:bg-slate-50"
                href={`/api/files/templates/${r}`}
                download
                data-testid={`template-${r}`}
              >
                {t(`template${r[0].toUpperCase()}${r.slice(1)}` as "templateResidents")}
              </a>
            ))}
          </div>
        </Card>
      )}
      <UploadForm maxBytes={MAX_IMPORT_BYTES} canImport={canImport} />
      <Card title={t("jobs")}>
        <JobList jobs={jobs} />
      </Card>
    </div>
  );
}
