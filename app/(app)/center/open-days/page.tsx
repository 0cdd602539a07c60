import { getTranslations } from "next-intl/server";
import { Badge, ButtonLink, Empty, fmt, PageHeader, Pager, Row, RowList } from "@/components/center/ui";
import { listOpenDays } from "@/lib/center/data";
import { runsCenter } from "@/lib/center/permissions";
import { can } from "@/lib/permissions";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

export default async function OpenDaysPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const viewer = await requireViewer();
  const page = Math.max(1, Number((await searchParams).page) || 1);
  const [list, t] = await Promise.all([found(listOpenDays(viewer, page)), getTranslations("center")]);
  return (
    <div className="space-y-3">
      <PageHeader title={t("openDay.title")} actions={can(viewer, "center.opendays.edit") && runsCenter(viewer) ? <ButtonLink href="/center/open-days/new">{t("openDay.new")}</ButtonLink> : undefined} />
      {list.items.length === 0 ? (
        <Empty>{t("common.empty")}</Empty>
      ) : (
        <RowList testId="openday-list">
          {list.items.map((d) => (
            <Row key={d.id} href={`/center/open-days/${d.id}`}>
              <span className="flex flex-wrap items-center gap-1.5 text-sm">
                <span className="font-medium">{d.unit.name}</span>
                <Badge tone={d.status === "HELD" ? "green" : "amber"}>{t(`openDayStatus.${d.status}`)}</Badge>
                <span className="ml-auto text-xs text-slate-500">{fmt(d.heldOn)} · {d.place}</span>
              </span>
              <span className="block text-xs text-slate-500">{d.officials} · {t("openDay.residentsHeard")} {d.residentsHeard} · {t("openDay.problems")} {d.problems}</span>
            </Row>
          ))}
        </RowList>
      )}
      <Pager base="/center/open-days" params={{}} page={page} pages={list.pages} label={t("common.page", { page, pages: list.pages, total: list.total })} />
    </div>
  );
}
