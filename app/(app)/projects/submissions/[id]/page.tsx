import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ConvertFindingButton } from "@/components/projects/task-buttons";
import { Badge, ButtonLink, Card, PageHeader } from "@/components/projects/ui";
import { can } from "@/lib/permissions";
import { found, idParam } from "@/lib/projects/pages";
import { getSubmission } from "@/lib/projects/tasks-data";
import { answerText, type PointAnswer } from "@/lib/projects/templates";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "填报记录" };

export default async function SubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const { id } = await params;
  const [s, t, format] = await Promise.all([found(getSubmission(viewer, idParam(id))), getTranslations("projects"), getFormatter()]);
  const words = { yes: t("answers.yes"), no: t("answers.no"), photos: (count: number) => t("answers.photos", { count }) };
  const fills = can(viewer, "projects.fill") && s.project.status === "RUNNING";
  return (
    <div className="mx-auto max-w-2xl space-y-4" data-testid="submission" data-findings={s.findings.length}>
      <p className="text-xs text-slate-500">
        <Link href={`/projects/tasks/${s.task.id}`} className="text-brand-700 hover:underline">← {s.project.title} · {s.task.gridName}</Link>
      </p>
      <PageHeader
        title={s.item ? s.item.label : t("fill.free")}
        subtitle={t("submission.by", { name: s.submitter, at: format.dateTime(s.submittedAt, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }), no: s.version.no })}
      />
      {s.superseded && (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          {t("submission.superseded")}{" "}
          {s.replacedBy && <Link href={`/projects/submissions/${s.replacedBy}`} className="text-brand-700 underline">{t("submission.viewLatest")}</Link>}
        </p>
      )}

      {s.findings.length > 0 && (
        <Card title={t("submission.findings", { count: s.findings.length })} testId="submission-findings">
          <ul className="space-y-3">
            {s.findings.map((f) => (
              <li key={f.id} className="rounded-md border border-red-200 bg-red-50/50 p-3" data-finding={f.id} data-event={f.eventNo ?? ""}>
                <p className="text-sm font-medium text-red-900">{f.fieldLabel}：{f.answer}</p>
                {f.eventId ? (
                  <p className="mt-1 text-sm">
                    <Link href={`/dispatch/${f.eventId}`} className="text-brand-700 underline" data-testid="finding-event">{t("findings.event", { no: f.eventNo ?? "" })}</Link>
                    {f.eventState && <span className="text-slate-600"> · {t(`eventStates.${f.eventState}`)}</span>}
                  </p>
                ) : f.voidedAt ? (
                  <p className="mt-1 text-xs text-slate-500">{t("submission.voided")}</p>
                ) : f.canConvert ? (
                  <ConvertFindingButton findingId={f.id} hasCategory={!!f.categoryId} categories={s.categories} />
                ) : (
                  <Badge tone="amber">{t("findings.noEvent")}</Badge>
                )}
              </li>
            ))}
          </ul>
        </Card>
      )}

      <Card title={t("submission.answers")}>
        <dl className="divide-y divide-slate-100">
          {s.fields.map(({ field, answer }) => (
            <div key={field.key} className="py-2" data-answer={field.key}>
              <dt className="text-xs text-slate-500">{field.label}</dt>
              <dd className="mt-0.5 break-words text-sm text-slate-900">
                {answer === null ? (
                  "—"
                ) : field.type === "photo" ? (
                  <span className="flex flex-wrap gap-2">
                    {(answer as string[]).map((a) => (
                      <a key={a} href={`/projects/files/${a}`} target="_blank" rel="noreferrer">
                        {/* eslint-disable-next-line @next/next/no-img-element */}
                        <img src={`/projects/files/${a}`} alt={field.label} className="h-24 w-24 rounded object-cover" />
                      </a>
                    ))}
                  </span>
                ) : field.type === "point" ? (
                  <span className="tabular-nums">{(answer as PointAnswer).lat.toFixed(6)}, {(answer as PointAnswer).lng.toFixed(6)}</span>
                ) : (
                  <span className="whitespace-pre-line">{answerText(field, answer, words)}</span>
                )}
              </dd>
            </div>
          ))}
        </dl>
      </Card>

      {fills && (
        <div className="flex flex-wrap gap-2">
          {s.nextItemId && <ButtonLink href={`/projects/tasks/${s.task.id}/fill?item=${s.nextItemId}`} testId="next-record">{t("submission.next")}</ButtonLink>}
          {s.item && !s.superseded && <ButtonLink href={`/projects/tasks/${s.task.id}/fill?item=${s.item.id}`} variant="secondary" testId="refill">{t("submission.refill")}</ButtonLink>}
          <ButtonLink href={`/projects/tasks/${s.task.id}`} variant="secondary">{t("submission.backToTask")}</ButtonLink>
        </div>
      )}
    </div>
  );
}
