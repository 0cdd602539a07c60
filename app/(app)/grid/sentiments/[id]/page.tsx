import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { HistoryList } from "@/components/grid/history-list";
import { FollowUpForm } from "@/components/grid/record-actions";
import { RecordPanel } from "@/components/grid/record-panel";
import { Badge, ButtonLink, Card, Facts, PageHeader } from "@/components/grid/ui";
import { found } from "@/lib/grid/pages";
import { getSentiment } from "@/lib/grid/sentiments-data";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "民情日志" };

export default async function SentimentPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const { id } = await params;
  const [s, t, tr, format, td] = await Promise.all([
    found(getSentiment(viewer, id)),
    getTranslations("grid.sentiments"),
    getTranslations("grid.record"),
    getFormatter(),
    getTranslations("dispatch.form"),
  ]);
  const enumLabel = (field: string, value: string) =>
    field === "kind" && t.has(`kinds.${value}`) ? t(`kinds.${value}`)
    : field === "followUpStatus" && t.has(`statuses.${value}`) ? t(`statuses.${value}`)
    : undefined;
  return (
    <div className="mx-auto max-w-3xl space-y-4" data-testid="sentiment-detail">
      <PageHeader
        title={t("kinds." + s.kind)}
        subtitle={
          <>
            <Link href={`/grid?gridId=${s.grid.id}`} className="text-brand-700">{s.grid.name}</Link> · {format.dateTime(s.recordedAt, { dateStyle: "medium", timeStyle: "short" })}
          </>
        }
      />
      <Card>
        <p className="whitespace-pre-wrap text-slate-900" data-testid="sentiment-content">{s.content}</p>
        <div className="mt-3">
          <Facts
            items={[
              { label: t("fields.followUpStatus"), value: <Badge tone={s.followUpStatus === "OPEN" ? "amber" : s.followUpStatus === "RESOLVED" ? "green" : "blue"} testId="follow-up-status">{t(`statuses.${s.followUpStatus}`)}</Badge> },
              { label: t("fields.residentId"), value: s.resident?.name },
              { label: t("fields.placeId"), value: s.place ? <Link href={`/grid/places/${s.place.id}`} className="text-brand-700">{s.place.name}</Link> : null },
              { label: tr("grid"), value: s.grid.name },
            ]}
          />
          {s.fromVisit && (
            <p className="mt-2 text-xs text-slate-600">
              <Link href={`/grid/visits/household/${s.fromVisit.householdId}`} className="text-brand-700">
                {t("fromVisit", { date: format.dateTime(s.fromVisit.visitedAt, { dateStyle: "medium" }) })}
              </Link>
            </p>
          )}
        </div>
      </Card>
      <Card>
        <RecordPanel
          kind="sentiment"
          record={{ id: s.id, version: s.version, dataState: s.dataState, creatorId: s.recordedById, creatorName: s.recordedByName, createdAt: s.createdAt, verifiedByName: s.verifiedByName, verifiedAt: s.verifiedAt }}
          viewer={viewer}
          editAction="sentiments.edit"
          editHref={`/grid/sentiments/${s.id}/edit`}
        />
      </Card>
      <Card title={t("followUp")}>
        {/* dispatch module: open the event, or turn the entry into one */}
        {s.followUpStatus === "CONVERTED" && s.eventId ? (
          <Link href={`/dispatch/${s.eventId}`} className="mb-2 inline-block text-sm text-brand-700 underline" data-testid="sentiment-event">{td("sentimentEvent")}</Link>
        ) : can(viewer.role, "dispatch.report") && can(viewer.role, "sentiments.convert") ? (
          <Link href={`/dispatch/new?sentiment=${s.id}`} className="mb-2 inline-block rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white" data-testid="sentiment-to-event">{td("sentimentToEvent")}</Link>
        ) : null}
        {s.followUpStatus === "CONVERTED" ? (
          <p className="text-sm text-slate-700">
            {s.eventId && can(viewer.role, "dispatch.view") ? (
              <Link href={`/dispatch/${s.eventId}`} className="text-brand-700" data-testid="converted-event">
                {t("converted", { id: s.eventId })}
              </Link>
            ) : (
              t("converted", { id: s.eventId ?? "—" })
            )}
          </p>
        ) : can(viewer.role, "sentiments.edit") ? (
          <div className="space-y-3">
            {/* The dispatch module's "turn into an event" form; it marks the entry CONVERTED. */}
            {can(viewer.role, "dispatch.report") && can(viewer.role, "sentiments.convert") && (
              <ButtonLink href={`/dispatch/new?sentiment=${s.id}`} variant="secondary" testId="convert-sentiment">
                {t("convert")}
              </ButtonLink>
            )}
            <FollowUpForm id={s.id} version={s.version} status={s.followUpStatus} note={s.followUpNote} />
          </div>
        ) : (
          <p className="text-sm text-slate-700">{s.followUpNote ?? "—"}</p>
        )}
      </Card>
      <Card title={tr("history")}>
        <HistoryList items={s.history} fieldLabel={(k) => (t.has(`fields.${k}`) ? t(`fields.${k}`) : k)} valueLabel={enumLabel} />
      </Card>
    </div>
  );
}
