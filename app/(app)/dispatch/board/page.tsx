import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { GradeBadge, Light, UrgencyBadge } from "@/components/dispatch/badges";
import { BoardLive } from "@/components/dispatch/board-live";
import { getBoard } from "@/lib/dispatch/data";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "调度大屏" };
export const dynamic = "force-dynamic";

export default async function BoardPage() {
  const viewer = await requireViewer();
  if (!can(viewer.role, "dispatch.board")) notFound();
  const [board, t, format, locale] = await Promise.all([getBoard(viewer), getTranslations("dispatch"), getFormatter(), getLocale()]);
  return (
    <div className="space-y-4" data-testid="board">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold">{t("board.title")}</h1>
        <div className="flex items-center gap-3 text-sm text-slate-600">
          <span>{t("board.updatedAt", { time: format.dateTime(board.at, { hour: "2-digit", minute: "2-digit", second: "2-digit" }) })}</span>
          <BoardLive token={board.token} />
        </div>
      </div>
      <dl className="grid grid-cols-3 gap-2 text-center">
        <div className="rounded-lg bg-white p-3 ring-1 ring-slate-200"><dt className="text-xs text-slate-500">{t("board.open")}</dt><dd className="text-2xl font-semibold" data-testid="board-open">{board.open}</dd></div>
        <div className="rounded-lg bg-white p-3 ring-1 ring-red-200"><dt className="text-xs text-slate-500">{t("board.overdue")}</dt><dd className="text-2xl font-semibold text-red-700">{board.overdue}</dd></div>
        <div className="rounded-lg bg-white p-3 ring-1 ring-yellow-300"><dt className="text-xs text-slate-500">{t("board.supervised")}</dt><dd className="text-2xl font-semibold text-yellow-700">{board.supervised}</dd></div>
      </dl>
      <div className="grid gap-3 md:grid-cols-3 xl:grid-cols-5">
        {board.columns.map((c) => (
          <section key={c.key} className="rounded-lg bg-slate-100 p-2" data-testid={`board-${c.key}`} data-count={c.count}>
            <h2 className="mb-2 flex items-center justify-between px-1 text-sm font-medium">
              {t(`lists.${c.key}` as never)}
              <span className="rounded-full bg-white px-2 text-xs">{c.count}</span>
            </h2>
            <ul className="space-y-2">
              {c.items.map((i) => (
                <li key={i.id}>
                  <Link href={`/dispatch/${i.id}`} className="block rounded-md bg-white p-2 text-sm shadow-sm hover:ring-1 hover:ring-brand-600" data-event-no={i.no}>
                    <p className="font-medium"><span className="text-slate-500">#{i.no}</span> {i.title}</p>
                    <div className="mt-1 flex flex-wrap items-center gap-1">
                      <UrgencyBadge urgency={i.urgency} />
                      <GradeBadge grade={i.superviseGrade} />
                      <Light light={i.light} dueAt={i.dueAt} />
                    </div>
                    <p className="mt-1 text-xs text-slate-500">{locale === "en" ? i.categoryEn : i.category} · {i.grid}</p>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}
