import { redirect } from "next/navigation";
import { ServiceBusy } from "@/components/ui/service-busy";
import { getViewer, type Viewer } from "@/lib/server/auth";
import { isDatabaseUnavailable } from "@/lib/server/db";

// The command hall's big screen: its own layout, without the app's header, dark and
// scaled to the screen (1 rem is 1/120 of the width: 16 px at 1920, 32 px at 3840).
export default async function ScreenLayout({ children }: { children: React.ReactNode }) {
  let viewer: Viewer | null;
  try {
    viewer = await getViewer();
  } catch (err) {
    if (isDatabaseUnavailable(err)) return <ServiceBusy />;
    throw err;
  }
  if (!viewer) redirect("/login?error=expired");
  if (viewer.restricted) redirect("/account");
  return (
    <>
      <style>{"html{font-size:max(16px,calc(100vw / 120))}body{background:#020617}"}</style>
      <div className="min-h-screen bg-slate-950 text-slate-100">{children}</div>
    </>
  );
}
