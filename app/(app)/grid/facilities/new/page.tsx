import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { FacilityForm } from "@/components/grid/facility-form";
import { GridPicker } from "@/components/grid/grid-picker";
import { Card, PageHeader } from "@/components/grid/ui";
import { gridBoundary, gridOptions, ownGridId, pickGrids } from "@/lib/grid/data";
import { found, mapTiles, plainParams } from "@/lib/grid/pages";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";
import { cnDay } from "@/lib/visits/calendar";

export const metadata: Metadata = { title: "新增部件" };

export default async function NewFacilityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  if (!can(viewer.role, "places.edit")) notFound();
  const params = plainParams(await searchParams);
  const t = await getTranslations("grid.facilities");
  const gridId = Number(params.gridId) || ownGridId(viewer);
  if (!gridId) {
    const result = await found(pickGrids(viewer, { q: params.q, page: Number(params.page) || 0 }));
    return (
      <div className="mx-auto max-w-2xl">
        <PageHeader title={t("newTitle")} />
        <GridPicker basePath="/grid/facilities/new" result={result} q={params.q} />
      </div>
    );
  }
  const [grid, grids] = await Promise.all([found(gridBoundary(viewer, gridId)), gridOptions(viewer)]);
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title={t("newTitle")} subtitle={grid.name} />
      <Card>
        <FacilityForm
          initial={{ gridId: grid.id, type: "FIRE_HYDRANT", name: "", status: "NORMAL", lastInspectedAt: "", lat: "", lng: "" }}
          boundary={grid.boundary}
          grids={grids}
          tiles={await mapTiles()}
          today={cnDay(new Date())}
        />
      </Card>
    </div>
  );
}
