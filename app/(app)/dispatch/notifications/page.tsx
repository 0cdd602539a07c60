import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NotificationList } from "@/components/notifications/notification-list";
import { listNotifications } from "@/lib/notifications/data";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "消息" };

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<{ unread?: string; cursor?: string }> }) {
  const viewer = await requireViewer();
  const sp = await searchParams;
  const cursor = sp.cursor && /^\d{1,19}$/.test(sp.cursor) ? sp.cursor : undefined;
  const unreadOnly = sp.unread === "1";
  const [page, t] = await Promise.all([listNotifications(viewer, { cursor, unreadOnly }), getTranslations("dispatch.notifications")]);
  return (
    <div className="mx-auto max-w-2xl space-y-3">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <NotificationList items={page.items} unread={page.unread} nextCursor={page.nextCursor} unreadOnly={unreadOnly} />
    </div>
  );
}
