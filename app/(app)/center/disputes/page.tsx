import { getTranslations } from "next-intl/server";
import { Badge, ButtonLink, DUE_TONE, Empty, fmt, PageHeader, Pager, RISK_TONE, Row, RowList } from "@/components/center/ui";
import { listDisputes } from "@/lib/center/data";
import { runsCenter } from "@/lib/center/permissions";
import { disputeListSchema, RISKS, TOPICS } from "@/lib/center/schemas";
import { can } from "@/lib/permissions";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

export default async function DisputesPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const viewer = await requireViewer();
  const q = disputeListSchema.parse(await searchParams);
  const [list, t] = await Promise.all([found(listDisputes(viewer, q)), getTranslations("center")]);
  const page = q.page ?? 1;
  const select = "rounded border border-slate-300 bg-white px-2 py-1.5 text-sm";
  return (
    <div className="space-y-3">
      <PageHeader
        title={t("dispute.title")}
        subtitle={
          <span className="flex flex-wrap items-center gap-1.5">
            {t("dispute.openByRisk")}
            {RISKS.map((r) => (
              <Badge key={r} tone={RISK_TONE[r]}>{t(`riskShort.${r}`)} {list.openByRisk[r]}</Badge>
            ))}
          </span>
        }
        actions={can(viewer, "center.disputes.edit") && runsCenter(viewer) ? <ButtonLink href="/center/disputes/new" testId="new-dispute">{t("dispute.new")}</ButtonLink> : undefined}
      />
      <form className="flex flex-wrap gap-2" action="/center/disputes">
        <select name="status" defaultValue={q.status ?? ""} className={select} aria-label={t("dispute.filterStatus")}>
          <option value="">{t("dispute.filterStatus")}: {t("common.all")}</option>
          {(["OPEN", "REGISTERED", "MEDIATING", "AGREED", "REFERRED", "CLOSED"] as const).map((s) => <option key={s} value={s}>{t(`disputeStatus.${s}`)}</option>)}
        </select>
        <select name="risk" defaultValue={q.risk ?? ""} className={select} aria-label={t("dispute.filterRisk")}>
          <option value="">{t("dispute.filterRisk")}: {t("common.all")}</option>
          {RISKS.map((r) => <option key={r} value={r}>{t(`risks.${r}`)}</option>)}
        </select>
        <select name="type" defaultValue={q.type ?? ""} className={select} aria-label={t("dispute.filterType")}>
          <option value="">{t("dispute.filterType")}: {t("common.all")}</option>
          {TOPICS.map((r) => <option key={r} value={r}>{t(`topics.${r}`)}</option>)}
        </select>
        <select name="judicial" defaultValue={q.judicial ?? ""} className={select} aria-label={t("dispute.filterJudicial")} data-testid="filter-judicial">
          <option value="">{t("dispute.filterJudicial")}: {t("common.all")}</option>
          <option value="pending">{t("dispute.judicialPending")}</option>
        </select>
        <input name="q" defaultValue={q.q ?? ""} placeholder={t("dispute.filterQ")} className={`${select} min-w-0 flex-1`} />
        <button className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white">{t("common.search")}</button>
      </form>
      {list.items.length === 0 ? (
        <Empty>{t("common.empty")}</Empty>
      ) : (
        <RowList testId="dispute-list">
          {list.items.map((d) => (
            <Row key={d.id} href={`/center/disputes/${d.id}`}>
              <span className="flex flex-wrap items-center gap-1.5 text-sm">
                <Badge tone={RISK_TONE[d.risk]}>{t(`riskShort.${d.risk}`)}</Badge>
                <span className="font-medium">{d.title}</span>
                <Badge>{t(`topics.${d.type}`)}</Badge>
                <Badge tone={d.status === "CLOSED" ? "slate" : d.status === "AGREED" ? "green" : d.status === "REFERRED" ? "amber" : "blue"}>{t(`disputeStatus.${d.status}`)}</Badge>
                {d.judicial !== "none" && (
                  <Badge tone={DUE_TONE[d.judicial]} testId="judicial-state">
                    {t("dispute.judicialTitle")} · {d.judicial === "met" || d.judicial === "late" ? t("dispute.judicialAwaitingResult") : `${t(`dueStates.${d.judicial}`)} ${fmt(d.judicialDueAt, false)}`}
                  </Badge>
                )}
                <span className="ml-auto text-xs text-slate-500">{d.code} · {fmt(d.registeredAt, false)}</span>
              </span>
              <span className="mt-0.5 block text-xs text-slate-500">{d.parties.join("、")} · {d.unit.name} · {d.grid.name}</span>
            </Row>
          ))}
        </RowList>
      )}
      <Pager base="/center/disputes" params={{ status: q.status, risk: q.risk, type: q.type, judicial: q.judicial, q: q.q }} page={page} pages={list.pages} label={t("common.page", { page, pages: list.pages, total: list.total })} />
    </div>
  );
}
