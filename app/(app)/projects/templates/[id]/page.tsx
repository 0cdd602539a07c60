import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Badge, ButtonLink, Card, PageHeader, STATUS_TONE } from "@/components/projects/ui";
import { found, idParam, param } from "@/lib/projects/pages";
import { getTemplate } from "@/lib/projects/templates-data";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "表单模板" };

export default async function TemplatePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const v = Number(param(sp, "v"));
  const template = await found(getTemplate(viewer, idParam(id), Number.isInteger(v) && v > 0 && v < 100_000 ? v : undefined));
  const [t, format] = await Promise.all([getTranslations("projects"), getFormatter()]);
  const fieldById = new Map(template.current.fields.map((f) => [f.key, f]));
  const ruleText = (key: string, values: (string | boolean)[]) => {
    const f = fieldById.get(key);
    const label = (x: string | boolean) => (typeof x === "boolean" ? t(x ? "answers.yes" : "answers.no") : (f?.options?.find((o) => o.value === x)?.label ?? x));
    return values.map(label).join(" / ");
  };
  return (
    <div className="mx-auto max-w-4xl space-y-4" data-testid="template-page" data-version={template.current.no}>
      <PageHeader
        title={template.name}
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone="blue">{t("templates.version", { no: template.current.no })}</Badge>
            {template.current.no !== template.latestVersionNo && <Badge tone="amber">{t("templates.oldVersion")}</Badge>}
            <span>{template.unitName}</span>
          </span>
        }
        actions={
          <>
            {template.editable && <ButtonLink href={`/projects/templates/${template.id}/edit`} testId="edit-template">{t("templates.edit")}</ButtonLink>}
            <ButtonLink href={`/projects/new?template=${template.id}`} variant="secondary" testId="use-template">{t("templates.use")}</ButtonLink>
          </>
        }
      />
      {template.description && <p className="text-sm text-slate-700">{template.description}</p>}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_16rem]">
        <Card title={t("templates.fields", { count: template.current.fields.length })}>
          <ol className="divide-y divide-slate-100" data-testid="template-fields">
            {template.current.fields.map((f, i) => (
              <li key={f.key} className="py-2 text-sm" data-key={f.key}>
                <div className="flex flex-wrap items-center gap-2">
                  <span className="text-xs text-slate-400">{i + 1}.</span>
                  <span className="font-medium">{f.label}</span>
                  <Badge>{t(`builder.types.${f.type}`)}</Badge>
                  {f.required && <Badge tone="blue">{t("builder.required")}</Badge>}
                  {f.finding && <Badge tone="red">{t("templates.findingWhen", { values: ruleText(f.key, f.finding.values) })}</Badge>}
                </div>
                {f.options && <p className="mt-0.5 text-xs text-slate-500">{f.options.map((o) => o.label).join(" · ")}</p>}
                {f.showIf && <p className="mt-0.5 text-xs text-slate-500">{t("templates.showWhen", { field: fieldById.get(f.showIf.field)?.label ?? f.showIf.field, values: ruleText(f.showIf.field, f.showIf.values) })}</p>}
              </li>
            ))}
          </ol>
        </Card>
        <div className="space-y-4">
          <Card title={t("templates.versions")}>
            <ul className="space-y-1 text-sm">
              {template.versions.map((x) => (
                <li key={x.no}>
                  <Link href={`/projects/templates/${template.id}?v=${x.no}`} className={x.no === template.current.no ? "font-medium" : "text-brand-700 hover:underline"}>
                    {t("templates.version", { no: x.no })}
                  </Link>
                  <span className="ml-2 text-xs text-slate-500">{format.dateTime(x.createdAt, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })}</span>
                </li>
              ))}
            </ul>
          </Card>
          <Card title={t("templates.projects")}>
            {template.projects.length === 0 ? (
              <p className="text-sm text-slate-500">{t("templates.noProjects")}</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {template.projects.map((p) => (
                  <li key={p.id} className="flex flex-wrap items-center gap-1">
                    <Link href={`/projects/${p.id}`} className="text-brand-700 hover:underline">{p.title}</Link>
                    <Badge tone={STATUS_TONE[p.status]}>{t(`status.${p.status}`)}</Badge>
                    <span className="text-xs text-slate-500">{p.versionPolicy === "LATEST" ? t("templates.followsLatest") : p.versionNo ? t("templates.version", { no: p.versionNo }) : ""}</span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
    </div>
  );
}
