import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { HouseForm } from "@/components/people/house-form";
import { PageHeader } from "@/components/people/ui";
import { getHouse } from "@/lib/people/data";
import { orNotFound, scopeOptions } from "@/lib/people/pages";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "编辑房屋" };

export default async function EditHousePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer();
  if (!can(viewer.role, "people.edit")) notFound();
  const [h, scope, t] = await Promise.all([orNotFound(getHouse(viewer, id)), scopeOptions(viewer), getTranslations("people")]);
  if (h.deletedAt) notFound();
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title={`${t("houses.edit")} · ${h.address}`} />
      <HouseForm
        grids={scope.grids}
        initial={{
          id: h.id,
          version: h.version,
          gridId: h.gridId,
          building: h.building,
          unitNo: h.unitNo,
          room: h.room,
          use: h.use,
          tenure: h.tenure,
          landlordName: h.landlordName,
          permittedOccupants: h.permittedOccupants,
          lat: h.lat,
          lng: h.lng,
          landlordPhoneMasked: h.landlordPhoneMasked,
        }}
      />
    </div>
  );
}
