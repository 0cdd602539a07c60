import { getTranslations } from "next-intl/server";
import { CenterPicker } from "@/components/center/center-picker";
import { PostEditor } from "@/components/center/simple-forms";
import { Badge, Card, Empty, PageHeader } from "@/components/center/ui";
import { centerOptions, departmentOptions, whistleTargets } from "@/lib/center/data";
import { can } from "@/lib/permissions";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

export default async function StationsPage({ searchParams }: { searchParams: Promise<{ unit?: string }> }) {
  const viewer = await requireViewer();
  const options = await found(centerOptions(viewer));
  const wanted = Number((await searchParams).unit);
  const center = options.find((o) => o.id === wanted) ?? options[0];
  const [t, departments, stations] = await Promise.all([getTranslations("center"), departmentOptions(viewer), center ? whistleTargets(viewer, center.id) : Promise.resolve([])]);
  if (!center) return <Empty>{t("common.empty")}</Empty>;
  return (
    <div className="space-y-4">
      <PageHeader title={`${center.name} · ${t("stations.title")}`} subtitle={t("stations.help")} actions={options.length > 1 ? <CenterPicker options={options} value={center.id} label={t("overview.pick")} base="/center/stations" /> : undefined} />
      {can(viewer, "center.stations.edit") ? (
        <PostEditor unitId={center.id} departments={departments} current={stations} />
      ) : (
        <Card>
          <ul className="flex flex-wrap gap-1">
            {stations.map((s) => <li key={s.departmentId}><Badge>{s.name} · {t(`stationModes.${s.mode}`)}</Badge></li>)}
          </ul>
        </Card>
      )}
    </div>
  );
}
