import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PlaceForm } from "@/components/grid/place-form";
import { Card, PageHeader } from "@/components/grid/ui";
import { gridOptions } from "@/lib/grid/data";
import { found, mapTiles } from "@/lib/grid/pages";
import { getPlace } from "@/lib/grid/places-data";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "编辑场所" };

export default async function EditPlacePage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  if (!can(viewer.role, "places.edit")) notFound();
  const { id } = await params;
  const [p, grids, t] = await Promise.all([found(getPlace(viewer, id)), gridOptions(viewer), getTranslations("grid.places")]);
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title={t("editTitle")} subtitle={p.name} />
      <Card>
        <PlaceForm
          initial={{
            id: p.id,
            version: p.version,
            gridId: p.grid.id,
            name: p.name,
            category: p.category,
            address: p.address ?? "",
            personInCharge: p.personInCharge ?? "",
            contactPhone: p.contactPhone ?? "",
            riskLevel: p.riskLevel,
            lat: p.lat?.toString() ?? "",
            lng: p.lng?.toString() ?? "",
          }}
          boundary={p.grid.boundary}
          grids={grids}
          tiles={await mapTiles()}
        />
      </Card>
    </div>
  );
}
