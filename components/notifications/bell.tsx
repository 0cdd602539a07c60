import { unreadCount } from "@/lib/notifications/data";
import { can } from "@/lib/permissions";
import { getViewer } from "@/lib/server/auth";
import { BellClient } from "./bell-client";

/** The header's bell with the unread count; the count then refreshes itself. */
export async function NotificationBell() {
  const viewer = await getViewer();
  // The notification centre lives in the dispatch module's pages.
  if (!viewer || !can(viewer.role, "dispatch.view")) return null;
  return <BellClient initial={await unreadCount(viewer)} />;
}
