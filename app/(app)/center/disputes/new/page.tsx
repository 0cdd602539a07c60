import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { DisputeForm } from "@/components/center/dispute-form";
import { PageHeader } from "@/components/center/ui";
import { formOptions, screeningRef } from "@/lib/center/data";
import { runsCenter } from "@/lib/center/permissions";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export default async function NewDisputePage({ searchParams }: { searchParams: Promise<{ screening?: string }> }) {
  const viewer = await requireViewer();
  if (!can(viewer, "center.disputes.edit") || !runsCenter(viewer)) notFound();
  const { screening: screeningId } = await searchParams;
  const [options, t] = await Promise.all([formOptions(viewer), getTranslations("center")]);
  const screening = screeningId ? await screeningRef(viewer, screeningId) : null;
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t("dispute.new")} subtitle={viewer.unitName} />
      <DisputeForm options={options} screening={screening} />
    </div>
  );
}
