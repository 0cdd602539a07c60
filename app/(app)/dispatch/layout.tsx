import { notFound } from "next/navigation";
import { ModuleNav, type ModuleLink } from "@/components/dispatch/module-nav";
import { unreadCount } from "@/lib/notifications/data";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export default async function DispatchLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireViewer();
  if (!can(viewer.role, "dispatch.view")) notFound();
  const links: ModuleLink[] = [
    { key: "lists", href: "/dispatch" },
    ...(can(viewer.role, "dispatch.report") ? [{ key: "new" as const, href: "/dispatch/new" }] : []),
    ...(can(viewer.role, "dispatch.board") ? [{ key: "board" as const, href: "/dispatch/board" }] : []),
    { key: "notifications", href: "/dispatch/notifications" },
    ...(can(viewer.role, "dispatch.configure") ? [{ key: "settings" as const, href: "/dispatch/settings" }] : []),
  ];
  return (
    <>
      <ModuleNav links={links} unread={await unreadCount(viewer)} />
      {children}
    </>
  );
}
