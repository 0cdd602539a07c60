import { notFound } from "next/navigation";
import { CenterNav, type CenterSection } from "@/components/center/module-nav";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export default async function CenterLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireViewer();
  if (!can(viewer, "center.view")) notFound();
  const records = can(viewer, "center.records.view");
  const sections: CenterSection[] = [
    "overview",
    ...(records ? (["intake", "disputes", "screenings", "petitions", "meetings", "openDays"] as const) : []),
    "whistles",
    ...(records ? (["stations"] as const) : []),
    ...(can(viewer, "center.reports") ? (["reports"] as const) : []),
    ...(records ? (["settings"] as const) : []),
  ];
  return (
    <>
      <CenterNav sections={sections} />
      {children}
    </>
  );
}
