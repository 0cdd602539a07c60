import { notFound } from "next/navigation";
import { ModuleNav } from "@/components/projects/module-nav";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export default async function ProjectsLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireViewer();
  if (!can(viewer, "projects.view")) notFound();
  return (
    <>
      <ModuleNav links={[{ key: "list", href: "/projects" }, ...(can(viewer, "projects.manage") ? [{ key: "templates" as const, href: "/projects/templates" }] : [])]} />
      {children}
    </>
  );
}
