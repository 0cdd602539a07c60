import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Badge, ButtonLink, Empty, PageHeader } from "@/components/projects/ui";
import { found } from "@/lib/projects/pages";
import { listTemplates } from "@/lib/projects/templates-data";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "表单模板" };

export default async function TemplatesPage() {
  const viewer = await requireViewer();
  const [templates, t, format] = await Promise.all([found(listTemplates(viewer)), getTranslations("projects"), getFormatter()]);
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader title={t("templates.title")} subtitle={t("templates.subtitle")} actions={<ButtonLink href="/projects/templates/new" testId="new-template">{t("templates.new")}</ButtonLink>} />
      {templates.length === 0 ? (
        <Empty>{t("templates.empty")}</Empty>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="template-list">
          {templates.map((x) => (
            <li key={x.id}>
              <Link href={`/projects/templates/${x.id}`} className="block px-3 py-2.5 hover:bg-slate-50">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{x.name}</span>
                  <Badge tone="blue">{t("templates.version", { no: x.latestVersionNo })}</Badge>
                  {!x.editable && <Badge>{t("templates.shared", { unit: x.unitName })}</Badge>}
                </div>
                <div className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-500">
                  {x.description && <span className="truncate">{x.description}</span>}
                  <span>{t("templates.usedBy", { count: x.projects })}</span>
                  <span>{format.dateTime(x.updatedAt, { year: "numeric", month: "2-digit", day: "2-digit" })}</span>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
