import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ExportButton } from "@/components/people/export-button";
import { ListFilters, Pager } from "@/components/grid/list-controls";
import { Badge, ButtonLink, Empty, PageHeader } from "@/components/grid/ui";
import { ALL_FOLLOW_UP_STATUSES, SENTIMENT_KINDS } from "@/lib/grid/dictionary";
import { hrefWith } from "@/lib/grid/href";
import { found, plainParams } from "@/lib/grid/pages";
import { sentimentListSchema } from "@/lib/grid/schemas";
import { listSentiments } from "@/lib/grid/sentiments-data";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "民情日志" };

const STATUS_TONE = { OPEN: "amber", FOLLOWING: "blue", RESOLVED: "green", CONVERTED: "slate" } as const;

export default async function SentimentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const params = plainParams(await searchParams);
  const query = sentimentListSchema.parse(params);
  const [data, t, tl, tr, format] = await Promise.all([
    found(listSentiments(viewer, query)),
    getTranslations("grid.sentiments"),
    getTranslations("grid.list"),
    getTranslations("grid.record"),
    getFormatter(),
  ]);
  const base = "/grid/sentiments";
  const { cursor: _c, ...exportFilter } = query;
  const filterParams = query.open && !query.status ? { ...params, status: "" } : params;
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title={t("title")}
        subtitle={tl("total", { count: data.total })}
        actions={
          <>
            {can(viewer, "people.export") && <ExportButton request={{ registry: "sentiments", filter: exportFilter }} />}
            {can(viewer.role, "sentiments.edit") && <ButtonLink href={hrefWith(`${base}/new`, { gridId: query.gridId })} testId="new-sentiment">{t("new")}</ButtonLink>}
          </>
        }
      />
      <ListFilters
        basePath={base}
        params={filterParams}
        placeholder={t("searchPlaceholder")}
        selects={[
          { name: "kind", label: t("fields.kind"), options: SENTIMENT_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) })) },
          { name: "status", label: t("fields.followUpStatus"), options: ALL_FOLLOW_UP_STATUSES.map((s) => ({ value: s, label: `${t(`statuses.${s}`)} (${data.byStatus[s] ?? 0})` })) },
          { name: "dataState", label: tr("dataState"), options: ["ENTERED", "VERIFIED"].map((s) => ({ value: s, label: tr(`state.${s}`) })) },
        ]}
      />
      <div className="mb-2 flex flex-wrap gap-3 text-xs">
        {query.open && !query.status && <span className="text-slate-600">{t("openOnly")}</span>}
        {query.gridId && <Link href={base} className="text-brand-700">{tl("allGrids")}</Link>}
      </div>
      {data.items.length === 0 ? (
        <Empty>{tl("noResults")}</Empty>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="sentiment-list">
          {data.items.map((s) => (
            <li key={s.id} data-id={s.id}>
              <Link href={`${base}/${s.id}`} className="block px-3 py-2.5 hover:bg-slate-50">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge>{t(`kinds.${s.kind}`)}</Badge>
                  <Badge tone={STATUS_TONE[s.followUpStatus]}>{t(`statuses.${s.followUpStatus}`)}</Badge>
                  <span className="text-xs text-slate-500">{format.dateTime(s.recordedAt, { dateStyle: "medium", timeStyle: "short" })}</span>
                </div>
                <p className="mt-1 line-clamp-2 text-sm text-slate-800">{s.content}</p>
                <div className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-500">
                  <span>{s.grid.name}</span>
                  {s.resident && <span>{t("linkedAs", { label: t("resident"), name: s.resident.name })}</span>}
                  {s.place && <span>{t("linkedAs", { label: t("place"), name: s.place.name })}</span>}
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pager basePath={base} params={params} nextCursor={data.nextCursor} />
    </div>
  );
}
