import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { MeetingForm } from "@/components/center/simple-forms";
import { PageHeader } from "@/components/center/ui";
import { formOptions, meetingCaseOptions } from "@/lib/center/data";
import { runsCenter } from "@/lib/center/permissions";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export default async function NewMeetingPage() {
  const viewer = await requireViewer();
  if (!can(viewer, "center.meetings.edit") || !runsCenter(viewer)) notFound();
  const [options, cases, t] = await Promise.all([formOptions(viewer), meetingCaseOptions(viewer), getTranslations("center")]);
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t("meeting.new")} subtitle={viewer.unitName} />
      <MeetingForm options={options} cases={cases} />
    </div>
  );
}
