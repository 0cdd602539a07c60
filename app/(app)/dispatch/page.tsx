import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { EventCard } from "@/components/dispatch/event-card";
import { listWorklist } from "@/lib/dispatch/data";
import { worklistsFor } from "@/lib/dispatch/permissions";
import type { Worklist } from "@/lib/dispatch/schemas";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "指挥调度" };

export default async function DispatchListsPage({ searchParams }: { searchParams: Promise<{ list?: string; cursor?: string }> }) {
  const viewer = await requireViewer();
  const sp = await searchParams;
  const lists = worklistsFor(viewer.role);
  const list = (lists as readonly string[]).includes(sp.list ?? "") ? (sp.list as Worklist) : lists[0];
  const cursor = typeof sp.cursor === "string" && sp.cursor.length <= 200 ? sp.cursor : undefined;
  const [page, t] = await Promise.all([listWorklist(viewer, { list, cursor }), getTranslations("dispatch")]);
  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        {can(viewer.role, "dispatch.report") && (
          <Link href="/dispatch/new" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700" data-testid="new-event">
            {t("nav.new")}
          </Link>
        )}
      </div>
      <nav aria-label="worklists" className="-mx-4 overflow-x-auto px-4">
        <ul className="flex gap-2 whitespace-nowrap">
          {lists.map((l) => (
            <li key={l}>
              <Link
                href={`/dispatch?list=${l}`}
                aria-current={l === list ? "page" : undefined}
                data-testid={`list-${l}`}
                className={`inline-block rounded-full px-3 py-1 text-sm ${l === list ? "bg-brand-600 text-white" : "bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-brand-50"}`}
              >
                {t(`lists.${l}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {page.items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-500" data-testid="worklist-empty">
          {t("empty")}
        </p>
      ) : (
        <ul className="space-y-2" data-testid="worklist" data-list={list}>
          {page.items.map((item) => (
            <EventCard key={`${item.id}-${item.task?.id ?? ""}`} item={item} />
          ))}
        </ul>
      )}
      <div className="flex justify-between text-sm">
        {cursor ? <Link href={`/dispatch?list=${list}`} className="text-brand-700 hover:underline">{t("firstPage")}</Link> : <span />}
        {page.nextCursor && (
          <Link href={`/dispatch?list=${list}&cursor=${page.nextCursor}`} className="text-brand-700 hover:underline" data-testid="next-page">
            {t("nextPage")}
          </Link>
        )}
      </div>
    </div>
  );
}
