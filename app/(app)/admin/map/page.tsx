import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { SettingsForm } from "@/components/admin/settings-form";
import { Card, PageHeader } from "@/components/admin/ui";
import { GridMapLoader } from "@/components/map/grid-map-loader";
import { allowedTileOrigins, settingsFor } from "@/lib/admin/data";
import { orNotFound } from "@/lib/admin/pages";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "地图设置" };

export default async function MapSettingsPage() {
  const viewer = await requireViewer();
  const [s, t] = await Promise.all([orNotFound(settingsFor(viewer, ["map"])), getTranslations("admin.settings")]);
  const map = s.map!;
  const origins = allowedTileOrigins();
  return (
    <div className="max-w-4xl space-y-4">
      <PageHeader title={t("mapTitle")} subtitle={t("mapSubtitle")} />
      <SettingsForm
        settingKey="map"
        value={map}
        fields={[
          { name: "centerLat", type: "number", min: -90, max: 90, step: 0.000001 },
          { name: "centerLng", type: "number", min: -180, max: 180, step: 0.000001 },
          { name: "zoom", type: "number", min: 3, max: 18 },
          {
            name: "tileCrs",
            type: "select",
            options: [
              { value: "WGS84", label: t("crs.WGS84") },
              { value: "GCJ02", label: t("crs.GCJ02") },
            ],
          },
          { name: "tileUrl", type: "text", wide: true },
          { name: "tileAttribution", type: "text", wide: true },
        ]}
      />
      <Card title={t("allowedOrigins")}>
        <p className="text-sm text-slate-600" data-testid="allowed-origins">{origins.length ? origins.join(", ") : t("noOrigins")}</p>
      </Card>
      <Card title={t("preview")}>
        <GridMapLoader features={[]} tiles={{ url: map.tileUrl, attribution: map.tileAttribution, crs: map.tileCrs }} center={{ lat: map.centerLat, lng: map.centerLng, zoom: map.zoom }} height={320} />
      </Card>
    </div>
  );
}
