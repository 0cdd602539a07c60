import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { HouseholdForm } from "@/components/people/household-form";
import { PageHeader } from "@/components/people/ui";
import { getHousehold } from "@/lib/people/data";
import { orNotFound, scopeOptions } from "@/lib/people/pages";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "编辑家庭" };

export default async function EditHouseholdPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer();
  if (!can(viewer.role, "people.edit")) notFound();
  const [h, scope, t] = await Promise.all([orNotFound(getHousehold(viewer, id)), scopeOptions(viewer), getTranslations("people")]);
  if (h.deletedAt) notFound();
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title={t("households.edit")} />
      <HouseholdForm grids={scope.grids} initial={{ id: h.id, version: h.version, gridId: h.gridId, houseId: h.houseId, householdNo: h.householdNo, visitTier: h.visitTier }} />
    </div>
  );
}
