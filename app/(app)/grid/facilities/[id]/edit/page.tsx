import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { FacilityForm } from "@/components/grid/facility-form";
import { Card, PageHeader } from "@/components/grid/ui";
import { gridOptions } from "@/lib/grid/data";
import { FACILITY_TYPE_CODES, type FacilityTypeCode } from "@/lib/grid/dictionary";
import { getFacility } from "@/lib/grid/facilities-data";
import { found, mapTiles } from "@/lib/grid/pages";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";
import { cnDay } from "@/lib/visits/calendar";

export const metadata: Metadata = { title: "编辑部件" };

export default async function EditFacilityPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  if (!can(viewer.role, "places.edit")) notFound();
  const { id } = await params;
  const [f, grids, t] = await Promise.all([found(getFacility(viewer, id)), gridOptions(viewer), getTranslations("grid.facilities")]);
  // A type retired from the dictionary must be replaced by a current one when edited.
  const type = (FACILITY_TYPE_CODES as readonly string[]).includes(f.type) ? (f.type as FacilityTypeCode) : FACILITY_TYPE_CODES[0];
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title={t("editTitle")} subtitle={f.name} />
      <Card>
        <FacilityForm
          initial={{
            id: f.id,
            version: f.version,
            gridId: f.grid.id,
            type,
            name: f.name,
            status: f.status,
            lastInspectedAt: f.lastInspectedAt ? cnDay(f.lastInspectedAt) : "",
            lat: f.lat?.toString() ?? "",
            lng: f.lng?.toString() ?? "",
          }}
          boundary={f.grid.boundary}
          grids={grids}
          tiles={await mapTiles()}
          today={cnDay(new Date())}
        />
      </Card>
    </div>
  );
}
