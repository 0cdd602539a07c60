import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { GridDetailMapLoader } from "@/components/grid/grid-detail-map-loader";
import { HistoryList } from "@/components/grid/history-list";
import { RecordPanel } from "@/components/grid/record-panel";
import { Badge, Card, Facts, PageHeader } from "@/components/grid/ui";
import { facilityTypeName } from "@/lib/grid/dictionary";
import { getFacility } from "@/lib/grid/facilities-data";
import { found, mapTiles } from "@/lib/grid/pages";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "部件" };

export default async function FacilityPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const { id } = await params;
  const [f, t, tr, locale, format] = await Promise.all([
    found(getFacility(viewer, id)),
    getTranslations("grid.facilities"),
    getTranslations("grid.record"),
    getLocale(),
    getFormatter(),
  ]);
  const enumLabel = (field: string, value: string) =>
    field === "type" ? facilityTypeName(value, locale)
    : field === "status" && t.has(`statuses.${value}`) ? t(`statuses.${value}`)
    : undefined;
  return (
    <div className="mx-auto max-w-3xl space-y-4" data-testid="facility-detail">
      <PageHeader title={f.name} subtitle={<Link href={`/grid?gridId=${f.grid.id}`} className="text-brand-700">{f.grid.name}</Link>} />
      <Card>
        <RecordPanel
          kind="facility"
          record={{ id: f.id, version: f.version, dataState: f.dataState, creatorId: f.createdById, creatorName: f.createdByName, createdAt: f.createdAt, verifiedByName: f.verifiedByName, verifiedAt: f.verifiedAt }}
          viewer={viewer}
          editAction="places.edit"
          editHref={`/grid/facilities/${f.id}/edit`}
        />
      </Card>
      <Card title={tr("details")}>
        <Facts
          items={[
            { label: t("fields.type"), value: <Badge tone={f.isHazard ? "red" : "slate"}>{facilityTypeName(f.type, locale)}</Badge> },
            { label: t("fields.status"), value: t(`statuses.${f.status}`) },
            { label: t("fields.lastInspectedAt"), value: f.lastInspectedAt ? format.dateTime(f.lastInspectedAt, { dateStyle: "medium" }) : t("neverInspected") },
            { label: t("fields.isHazard"), value: f.isHazard ? t("hazard") : "—" },
            { label: tr("grid"), value: f.grid.name },
          ]}
        />
        <div className="mt-3">
          {f.lat != null && f.lng != null ? (
            <GridDetailMapLoader boundary={f.grid.boundary} markers={[{ id: f.id, lat: f.lat, lng: f.lng, kind: f.isHazard ? "hazard" : "facility", label: f.name }]} tiles={await mapTiles()} height={220} />
          ) : (
            <p className="text-xs text-amber-700">{tr("noPoint")}</p>
          )}
        </div>
      </Card>
      <Card title={tr("history")}>
        <HistoryList items={f.history} fieldLabel={(k) => (t.has(`fields.${k}`) ? t(`fields.${k}`) : k)} valueLabel={enumLabel} />
      </Card>
    </div>
  );
}
