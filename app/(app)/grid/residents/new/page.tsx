import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ResidentForm } from "@/components/people/resident-form";
import { PageHeader } from "@/components/people/ui";
import { listTags } from "@/lib/people/data";
import { plainParams, scopeOptions } from "@/lib/people/pages";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "登记居民" };

export default async function NewResidentPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  // The page only hides the form; createResident() checks the permission again.
  if (!can(viewer.role, "people.edit")) notFound();
  const params = plainParams(await searchParams);
  const [scope, tags, t] = await Promise.all([scopeOptions(viewer), listTags(viewer), getTranslations("people")]);
  const wanted = Number(params.gridId);
  const gridId = scope.grids.find((g) => g.id === wanted)?.id ?? (scope.grids.length === 1 ? scope.grids[0].id : 0);
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title={t("residents.new")} />
      <ResidentForm
        grids={scope.grids}
        tags={tags}
        canRequestMove={can(viewer, "people.move.request")}
        initial={{
          gridId,
          name: "",
          ethnicity: "01",
          householdId: params.householdId ?? null,
          relationToHead: null,
          houseId: params.houseId ?? null,
          residenceType: "REGISTERED",
          livesHere: true,
          employment: null,
          tags: [],
        }}
      />
    </div>
  );
}
