import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { GridPicker } from "@/components/grid/grid-picker";
import { PlaceForm } from "@/components/grid/place-form";
import { Card, PageHeader } from "@/components/grid/ui";
import { gridBoundary, gridOptions, ownGridId, pickGrids } from "@/lib/grid/data";
import { found, mapTiles, plainParams } from "@/lib/grid/pages";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "新增场所" };

export default async function NewPlacePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  if (!can(viewer.role, "places.edit")) notFound();
  const params = plainParams(await searchParams);
  const t = await getTranslations("grid.places");
  const gridId = Number(params.gridId) || ownGridId(viewer);
  if (!gridId) {
    const result = await found(pickGrids(viewer, { q: params.q, page: Number(params.page) || 0 }));
    return (
      <div className="mx-auto max-w-2xl">
        <PageHeader title={t("newTitle")} />
        <GridPicker basePath="/grid/places/new" result={result} q={params.q} />
      </div>
    );
  }
  const [grid, grids] = await Promise.all([found(gridBoundary(viewer, gridId)), gridOptions(viewer)]);
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title={t("newTitle")} subtitle={grid.name} />
      <Card>
        <PlaceForm
          initial={{ gridId: grid.id, name: "", category: "SHOP", address: "", personInCharge: "", contactPhone: "", riskLevel: "LOW", lat: "", lng: "" }}
          boundary={grid.boundary}
          grids={grids}
          tiles={await mapTiles()}
        />
      </Card>
    </div>
  );
}
