import { getTranslations } from "next-intl/server";
import { Badge, ButtonLink, DUE_TONE, Empty, fmt, PageHeader, Pager, Row, RowList } from "@/components/center/ui";
import { getCenterSettings, listPetitions } from "@/lib/center/data";
import { runsCenter } from "@/lib/center/permissions";
import { petitionListSchema } from "@/lib/center/schemas";
import { can } from "@/lib/permissions";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

export default async function PetitionsPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const viewer = await requireViewer();
  const q = petitionListSchema.parse(await searchParams);
  const [list, settings, t] = await Promise.all([found(listPetitions(viewer, q)), found(getCenterSettings(viewer)), getTranslations("center")]);
  const page = q.page ?? 1;
  const select = "rounded border border-slate-300 bg-white px-2 py-1.5 text-sm";
  return (
    <div className="space-y-3">
      <PageHeader
        title={t("petition.title")}
        subtitle={t("petition.deadlineNote", { accept: settings.acceptAmount, acceptUnit: t(`units.${settings.acceptUnit}`), handle: settings.handleAmount, handleUnit: t(`units.${settings.handleUnit}`), ext: settings.extensionMaxDays })}
        actions={can(viewer, "center.petitions.edit") && runsCenter(viewer) ? <ButtonLink href="/center/petitions/new" testId="new-petition">{t("petition.new")}</ButtonLink> : undefined}
      />
      <form className="flex flex-wrap gap-2" action="/center/petitions">
        <select name="status" defaultValue={q.status ?? ""} className={select} aria-label={t("common.status")}>
          <option value="">{t("common.status")}: {t("common.all")}</option>
          {(["OPEN", "REGISTERED", "NOT_ACCEPTED", "ACCEPTED", "HANDLING", "REPLIED", "REVIEW", "CLOSED"] as const).map((s) => <option key={s} value={s}>{t(`petitionStatus.${s}`)}</option>)}
        </select>
        <select name="flag" defaultValue={q.flag ?? ""} className={select} aria-label={t("petition.filterFlag")}>
          <option value="">{t("petition.filterFlag")}: {t("common.all")}</option>
          {(["joint", "repeat", "near", "overdue"] as const).map((f) => <option key={f} value={f}>{t(`petition.flags.${f}`)}</option>)}
        </select>
        <input name="q" defaultValue={q.q ?? ""} placeholder={t("petition.filterQ")} className={`${select} min-w-0 flex-1`} />
        <button className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white">{t("common.search")}</button>
      </form>
      {list.items.length === 0 ? (
        <Empty>{t("common.empty")}</Empty>
      ) : (
        <RowList testId="petition-list">
          {list.items.map((p) => (
            <Row key={p.id} href={`/center/petitions/${p.id}`}>
              <span className="flex flex-wrap items-center gap-1.5 text-sm">
                <span className="font-medium">{p.title}</span>
                {p.isJoint && <Badge tone="red">{t("petition.joint")} {p.headcount}</Badge>}
                {p.isRepeat && <Badge tone="amber">{t("petition.repeat")}</Badge>}
                <Badge tone="blue">{t(`petitionStatus.${p.status}`)}</Badge>
                {p.due && <Badge tone={DUE_TONE[p.dueState]}>{t(`dueStates.${p.dueState}`)} {fmt(p.due, false)}</Badge>}
                <span className="ml-auto text-xs text-slate-500">{p.regNo}</span>
              </span>
              <span className="mt-0.5 block text-xs text-slate-500">
                {p.petitioners.map((x) => x.name).join("、")} · {t(`channels.${p.channel}`)} · {t(`topics.${p.topic}`)} · {p.unit.name} · {fmt(p.registeredAt, false)}
              </span>
            </Row>
          ))}
        </RowList>
      )}
      <Pager base="/center/petitions" params={{ status: q.status, flag: q.flag, q: q.q }} page={page} pages={list.pages} label={t("common.page", { page, pages: list.pages, total: list.total })} />
    </div>
  );
}
