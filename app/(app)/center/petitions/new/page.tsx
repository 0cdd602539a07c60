import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PetitionForm } from "@/components/center/petition-form";
import { PageHeader } from "@/components/center/ui";
import { formOptions } from "@/lib/center/data";
import { runsCenter } from "@/lib/center/permissions";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export default async function NewPetitionPage() {
  const viewer = await requireViewer();
  if (!can(viewer, "center.petitions.edit") || !runsCenter(viewer)) notFound();
  const [options, t] = await Promise.all([formOptions(viewer), getTranslations("center")]);
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t("petition.new")} subtitle={viewer.unitName} />
      <PetitionForm options={options} />
    </div>
  );
}
