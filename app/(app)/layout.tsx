import { redirect } from "next/navigation";
import { AppShell } from "@/components/ui/app-shell";
import { ServiceBusy } from "@/components/ui/service-busy";
import { getViewer, type Viewer } from "@/lib/server/auth";
import { isDatabaseUnavailable } from "@/lib/server/db";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  let viewer: Viewer | null;
  try {
    viewer = await getViewer();
  } catch (err) {
    if (isDatabaseUnavailable(err)) return <ServiceBusy />;
    throw err;
  }
  if (!viewer) redirect("/login?error=expired");
  // admin module: a password to change or two-step sign-in to enrol comes first.
  if (viewer.restricted) redirect("/account");
  return (
    <AppShell
      user={{ displayName: viewer.displayName, role: viewer.role, unitName: viewer.unitName, departmentName: viewer.departmentName, roleName: viewer.roleName, permissions: viewer.permissions }}
    >
      {children}
    </AppShell>
  );
}
