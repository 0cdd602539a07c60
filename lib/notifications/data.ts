import "server-only";
import { authorize, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import type { MarkReadInput, NotificationListQuery } from "./schemas";

// The in-app notification centre: every row belongs to one user and only that user reads
// it. Rows are written by the modules inside their own transactions (see
// lib/dispatch/effects.ts); this file only reads them and marks them read.

export const NOTIFICATION_PAGE = 30;

/** Unread count for the bell: one probe of a partial index ("readAt" IS NULL). */
export async function unreadCount(viewer: Viewer): Promise<number> {
  await authorize(viewer, "notifications.view");
  return db.notification.count({ where: { userId: viewer.id, readAt: null } });
}

export interface NotificationItem {
  id: string;
  kind: string;
  href: string;
  params: Record<string, string | number | null>;
  readAt: Date | null;
  createdAt: Date;
}

export async function listNotifications(viewer: Viewer, query: NotificationListQuery) {
  await authorize(viewer, "notifications.view");
  const rows = await db.notification.findMany({
    where: { userId: viewer.id, ...(query.unreadOnly ? { readAt: null } : {}), ...(query.cursor ? { id: { lt: BigInt(query.cursor) } } : {}) },
    orderBy: { id: "desc" },
    take: NOTIFICATION_PAGE + 1,
    select: { id: true, kind: true, href: true, params: true, readAt: true, createdAt: true },
  });
  const page = rows.slice(0, NOTIFICATION_PAGE);
  return {
    items: page.map((r) => ({ ...r, id: String(r.id), params: (r.params ?? {}) as NotificationItem["params"] })) as NotificationItem[],
    nextCursor: rows.length > NOTIFICATION_PAGE ? String(page.at(-1)!.id) : null,
    unread: await db.notification.count({ where: { userId: viewer.id, readAt: null } }),
  };
}

/** Marks the given (or all) of the viewer's own notifications read; others' ids change nothing. */
export async function markRead(viewer: Viewer, input: MarkReadInput): Promise<{ marked: number }> {
  await authorize(viewer, "notifications.view");
  if (!input.all && !input.ids?.length) return { marked: 0 };
  const { count } = await db.notification.updateMany({
    where: { userId: viewer.id, readAt: null, ...(input.all ? {} : { id: { in: input.ids!.map((id) => BigInt(id)) } }) },
    data: { readAt: new Date() },
  });
  return { marked: count };
}
