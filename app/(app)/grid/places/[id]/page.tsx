import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { GridDetailMapLoader } from "@/components/grid/grid-detail-map-loader";
import { HistoryList } from "@/components/grid/history-list";
import { RecordPanel } from "@/components/grid/record-panel";
import { Badge, Card, Facts, PageHeader } from "@/components/grid/ui";
import { found, mapTiles } from "@/lib/grid/pages";
import { getPlace } from "@/lib/grid/places-data";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "场所" };

export default async function PlacePage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const { id } = await params;
  const [p, t, tr, ts, format] = await Promise.all([
    found(getPlace(viewer, id)),
    getTranslations("grid.places"),
    getTranslations("grid.record"),
    getTranslations("grid.sentiments"),
    getFormatter(),
  ]);
  const enumLabel = (field: string, value: string) =>
    field === "category" && t.has(`categories.${value}`) ? t(`categories.${value}`)
    : field === "riskLevel" && t.has(`risk.${value}`) ? t(`risk.${value}`)
    : field === "dataState" && tr.has(`state.${value}`) ? tr(`state.${value}`)
    : undefined;
  return (
    <div className="mx-auto max-w-3xl space-y-4" data-testid="place-detail">
      <PageHeader title={p.name} subtitle={<Link href={`/grid?gridId=${p.grid.id}`} className="text-brand-700">{p.grid.name}</Link>} />
      <Card>
        <RecordPanel
          kind="place"
          record={{ id: p.id, version: p.version, dataState: p.dataState, creatorId: p.createdById, creatorName: p.createdByName, createdAt: p.createdAt, verifiedByName: p.verifiedByName, verifiedAt: p.verifiedAt }}
          viewer={viewer}
          editAction="places.edit"
          editHref={`/grid/places/${p.id}/edit`}
        />
      </Card>
      <Card title={tr("details")}>
        <Facts
          items={[
            { label: t("fields.category"), value: t(`categories.${p.category}`) },
            { label: t("fields.riskLevel"), value: <Badge tone={p.riskLevel === "HIGH" ? "red" : p.riskLevel === "MEDIUM" ? "amber" : "slate"}>{t(`risk.${p.riskLevel}`)}</Badge> },
            { label: t("fields.address"), value: p.address },
            { label: t("fields.personInCharge"), value: p.personInCharge },
            { label: t("fields.contactPhone"), value: p.contactPhone ? <a href={`tel:${p.contactPhone}`} className="text-brand-700">{p.contactPhone}</a> : null },
            { label: tr("grid"), value: p.grid.name },
          ]}
        />
        <div className="mt-3">
          {p.lat != null && p.lng != null ? (
            <GridDetailMapLoader boundary={p.grid.boundary} markers={[{ id: p.id, lat: p.lat, lng: p.lng, kind: p.riskLevel === "HIGH" ? "hazard" : "place", label: p.name }]} tiles={await mapTiles()} height={220} />
          ) : (
            <p className="text-xs text-amber-700">{tr("noPoint")}</p>
          )}
        </div>
      </Card>
      <Card title={t("sentiments")}>
        {p.sentiments.length === 0 ? (
          <p className="text-sm text-slate-500">{t("noSentiments")}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {p.sentiments.map((s) => (
              <li key={s.id} className="py-2">
                <Link href={`/grid/sentiments/${s.id}`} className="block hover:bg-slate-50">
                  <span className="mr-2 text-xs text-slate-500">{format.dateTime(s.recordedAt, { dateStyle: "medium" })}</span>
                  <Badge>{ts(`kinds.${s.kind}`)}</Badge> <Badge tone={s.followUpStatus === "OPEN" ? "amber" : "slate"}>{ts(`statuses.${s.followUpStatus}`)}</Badge>
                  <p className="mt-0.5 line-clamp-2 text-slate-700">{s.content}</p>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={tr("history")}>
        <HistoryList items={p.history} fieldLabel={(f) => (t.has(`fields.${f}`) ? t(`fields.${f}`) : f)} valueLabel={enumLabel} />
      </Card>
    </div>
  );
}
