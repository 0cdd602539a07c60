import { redirect } from "next/navigation";
import { findingSubmission } from "@/lib/projects/data";
import { found, idParam } from "@/lib/projects/pages";
import { requireViewer } from "@/lib/server/auth";

/** A finding's address (dispatch events of source PROJECT_FINDING link here): its submission. */
export default async function FindingPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const { id } = await params;
  const submissionId = await found(findingSubmission(viewer, idParam(id)));
  redirect(`/projects/submissions/${submissionId}`);
}
