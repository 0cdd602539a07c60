import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { IntakeForm } from "@/components/center/intake-form";
import { PageHeader } from "@/components/center/ui";
import { formOptions } from "@/lib/center/data";
import { runsCenter } from "@/lib/center/permissions";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export default async function NewIntakePage() {
  const viewer = await requireViewer();
  if (!can(viewer, "center.intake") || !runsCenter(viewer)) notFound();
  const [options, t] = await Promise.all([formOptions(viewer), getTranslations("center")]);
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t("intake.new")} subtitle={viewer.unitName} />
      <IntakeForm options={options} />
    </div>
  );
}
