import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { HouseForm } from "@/components/people/house-form";
import { PageHeader } from "@/components/people/ui";
import { plainParams, scopeOptions } from "@/lib/people/pages";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "新增房屋" };

export default async function NewHousePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  if (!can(viewer.role, "people.edit")) notFound();
  const params = plainParams(await searchParams);
  const [scope, t] = await Promise.all([scopeOptions(viewer), getTranslations("people")]);
  const wanted = Number(params.gridId);
  const gridId = scope.grids.find((g) => g.id === wanted)?.id ?? (scope.grids.length === 1 ? scope.grids[0].id : 0);
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title={t("houses.new")} />
      <HouseForm
        grids={scope.grids}
        initial={{ gridId, building: "", unitNo: "", room: "", use: "RESIDENTIAL", tenure: "OWNER_OCCUPIED", landlordName: null, permittedOccupants: null, lat: null, lng: null }}
      />
    </div>
  );
}
