import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ResidentForm } from "@/components/people/resident-form";
import { PageHeader } from "@/components/people/ui";
import { getResident, listTags } from "@/lib/people/data";
import { orNotFound, scopeOptions } from "@/lib/people/pages";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "编辑居民信息" };

export default async function EditResidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer();
  if (!can(viewer.role, "people.edit")) notFound();
  const [r, scope, tags, t] = await Promise.all([orNotFound(getResident(viewer, id)), scopeOptions(viewer), listTags(viewer, true), getTranslations("people")]);
  if (r.deletedAt) notFound();
  // Disabled tags are offered only to the people who already carry them.
  const offered = tags.filter((g) => g.enabled || r.tags.some((x) => x.id === g.id));
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title={`${t("residents.edit")} · ${r.name}`} />
      <ResidentForm
        grids={scope.grids}
        tags={offered}
        initial={{
          id: r.id,
          version: r.version,
          gridId: r.gridId,
          name: r.name,
          ethnicity: r.ethnicity,
          householdId: r.householdId,
          relationToHead: r.relationToHead,
          houseId: r.houseId,
          residenceType: r.residenceType,
          livesHere: r.livesHere,
          employment: r.employment,
          tags: r.tags.map((g) => ({ tagId: g.id, careLevel: g.careLevel })),
          idMasked: r.idMasked,
          phoneMasked: r.phoneMasked,
        }}
      />
    </div>
  );
}
