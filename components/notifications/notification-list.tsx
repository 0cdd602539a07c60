"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useTransition } from "react";
import { markReadAction } from "@/lib/notifications/actions";
import type { NotificationItem } from "@/lib/notifications/data";

/** The notification centre: newest first; opening one marks it read. */
export function NotificationList({ items, unread, nextCursor, unreadOnly }: { items: NotificationItem[]; unread: number; nextCursor: string | null; unreadOnly: boolean }) {
  const t = useTranslations("dispatch");
  // governance center module: its notifications ("center.*") carry their own texts.
  const tCenter = useTranslations("center");
  // special projects: task assignments and reminders
  const tp = useTranslations("projects.notify");
  // people registry: move requests between grids
  const tm = useTranslations("people.moves.notify");
  const format = useFormatter();
  const router = useRouter();
  const [pending, start] = useTransition();
  const text = (n: NotificationItem) => {
    const [ns, key] = n.kind.split(".");
    if (ns === "people" && tm.has(key as never)) return tm(key as never, { actor: n.params.actor ?? "", name: n.params.name ?? "", masked: n.params.masked ?? "", to: n.params.to ?? "" } as never);
    if (ns === "projects" && tp.has(key as never)) return tp(key as never, { title: n.params.title ?? "", actor: n.params.actor ?? "", due: n.params.due ?? "", checked: n.params.checked ?? 0, total: n.params.total ?? 0 } as never);
    const params = { no: n.params.no ?? "", title: n.params.title ?? "", actor: n.params.actor ?? "" };
    if (ns === "center" && tCenter.has(`notify.${key}` as never)) return tCenter(`notify.${key}` as never, params as never);
    return ns === "dispatch" && t.has(`notify.${key}` as never) ? t(`notify.${key}` as never, params as never) : n.kind;
  };
  const open = (n: NotificationItem) =>
    start(async () => {
      if (!n.readAt) await markReadAction({ ids: [n.id] });
      router.push(n.href);
    });
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex gap-2 text-sm">
          <Link href="/dispatch/notifications" className={`rounded-full px-3 py-1 ${!unreadOnly ? "bg-brand-600 text-white" : "bg-white ring-1 ring-slate-200"}`}>{t("notifications.all")}</Link>
          <Link href="/dispatch/notifications?unread=1" className={`rounded-full px-3 py-1 ${unreadOnly ? "bg-brand-600 text-white" : "bg-white ring-1 ring-slate-200"}`}>{t("notifications.unread", { count: unread })}</Link>
        </div>
        {unread > 0 && (
          <button type="button" disabled={pending} className="text-sm text-brand-700 hover:underline" onClick={() => start(async () => { await markReadAction({ all: true }); router.refresh(); })} data-testid="mark-all-read">
            {t("notifications.markAll")}
          </button>
        )}
      </div>
      {items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-500">{t("notifications.empty")}</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="notifications">
          {items.map((n) => (
            <li key={n.id}>
              <button type="button" onClick={() => open(n)} className={`flex w-full items-start gap-2 px-3 py-2.5 text-left hover:bg-brand-50 ${n.readAt ? "text-slate-600" : "font-medium text-slate-900"}`} data-kind={n.kind}>
                <span aria-hidden className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${n.readAt ? "bg-transparent" : "bg-red-600"}`} />
                <span className="flex-1">
                  <span className="block text-sm">{text(n)}</span>
                  {n.params.comment && <span className="block text-xs font-normal text-slate-500">“{String(n.params.comment)}”</span>}
                  <span className="block text-xs font-normal text-slate-400">{format.dateTime(new Date(n.createdAt), { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {nextCursor && (
        <Link href={`/dispatch/notifications?${unreadOnly ? "unread=1&" : ""}cursor=${nextCursor}`} className="block text-center text-sm text-brand-700 hover:underline">{t("nextPage")}</Link>
      )}
    </div>
  );
}
