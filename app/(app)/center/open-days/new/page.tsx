import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { OpenDayForm } from "@/components/center/simple-forms";
import { PageHeader } from "@/components/center/ui";
import { communityOptions } from "@/lib/center/data";
import { runsCenter } from "@/lib/center/permissions";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export default async function NewOpenDayPage() {
  const viewer = await requireViewer();
  if (!can(viewer, "center.opendays.edit") || !runsCenter(viewer)) notFound();
  const [communities, t] = await Promise.all([communityOptions(viewer), getTranslations("center")]);
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t("openDay.new")} subtitle={viewer.unitName} />
      <OpenDayForm communities={communities} />
    </div>
  );
}
