import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Pager } from "@/components/people/list-controls";
import { MoveStatus } from "@/components/people/move-status";
import { Empty, PageHeader, formatDateTime } from "@/components/people/ui";
import { listMoveRequests } from "@/lib/people/data";
import { hrefWith, orNotFound, plainParams } from "@/lib/people/pages";
import { moveListSchema } from "@/lib/people/schemas";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "迁移申请" };

export default async function MovesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const mayDecide = can(viewer, "people.move.decide");
  const mayRequest = can(viewer, "people.move.request");
  if (!mayDecide && !mayRequest) notFound();
  const params = plainParams(await searchParams);
  const query = moveListSchema.parse({ ...params, box: params.box ?? (mayDecide ? "incoming" : "outgoing") });
  const [data, t] = await Promise.all([orNotFound(listMoveRequests(viewer, query)), getTranslations("people.moves")]);
  const base = "/grid/moves";
  const tab = (active: boolean) => `rounded-full px-3 py-1 ${active ? "bg-brand-600 text-white" : "bg-white ring-1 ring-slate-200"}`;
  const boxes = [...(mayDecide ? (["incoming"] as const) : []), ...(mayRequest ? (["outgoing"] as const) : [])];
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2 text-sm">
        <div className="flex gap-2" data-testid="move-boxes">
          {boxes.map((b) => (
            <Link key={b} href={hrefWith(base, { box: b })} className={tab(query.box === b)} aria-current={query.box === b ? "page" : undefined}>
              {t(b)}
            </Link>
          ))}
        </div>
        <div className="flex gap-2">
          {(["pending", "decided"] as const).map((s) => (
            <Link key={s} href={hrefWith(base, { box: query.box, show: s })} className={tab(query.show === s)} aria-current={query.show === s ? "page" : undefined}>
              {t(s)}
            </Link>
          ))}
        </div>
      </div>
      <p className="mb-2 text-sm text-slate-600" data-testid="total">
        {t("count", { count: data.total })}
      </p>
      {data.items.length === 0 ? (
        <Empty>{t("empty")}</Empty>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="move-list">
          {data.items.map((m) => (
            <li key={m.id} data-id={m.id}>
              <Link href={`${base}/${m.id}`} className="block px-3 py-2.5 hover:bg-slate-50">
                <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <span className="font-medium text-slate-900">{m.resident?.name ?? m.idMasked}</span>
                  {m.resident && <span className="font-mono text-xs text-slate-500">{m.idMasked}</span>}
                  <MoveStatus status={m.status} label={t(`status.${m.status}`)} />
                </div>
                <div className="mt-0.5 text-xs text-slate-500">
                  {m.from} → {m.to}
                </div>
                <div className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-500">
                  <span>
                    {m.requestedBy} · {formatDateTime(m.createdAt)}
                  </span>
                  <span className="min-w-0 break-words">{m.note}</span>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pager basePath={base} params={{ ...params, box: query.box, show: query.show }} nextCursor={data.nextCursor} />
    </div>
  );
}
