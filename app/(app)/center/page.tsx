import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CenterPicker } from "@/components/center/center-picker";
import { WhistleList } from "@/components/center/whistle-list";
import { Badge, ButtonLink, Card, DUE_TONE, Empty, fmt, PageHeader, RISK_TONE, Stat } from "@/components/center/ui";
import { getCenterPage } from "@/lib/center/data";
import { can } from "@/lib/permissions";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "综治中心" };

export default async function CenterPage({ searchParams }: { searchParams: Promise<{ unit?: string }> }) {
  const viewer = await requireViewer();
  const unit = Number((await searchParams).unit) || undefined;
  const [page, t] = await Promise.all([found(getCenterPage(viewer, unit)), getTranslations("center")]);
  if (page.kind === "department") {
    return (
      <div className="space-y-4">
        <PageHeader title={t("overview.deptTitle")} subtitle={`${viewer.departmentName ?? ""} · ${t("overview.deptHelp")}`} />
        <WhistleList items={page.whistles} />
        <Card title={t("overview.deptMeetings")} testId="dept-meetings">
          {page.meetings.length === 0 ? (
            <Empty>{t("common.empty")}</Empty>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {page.meetings.map((m) => (
                <li key={m.id} className="py-2" data-testid="dept-meeting">
                  <span className="flex flex-wrap items-center gap-1.5">
                    <Badge tone="blue">{t(`meetingKinds.${m.kind}`)}</Badge>
                    <span className="font-medium">{m.title}</span>
                    <Badge tone={m.status === "CANCELLED" ? "red" : m.status === "HELD" ? "green" : "slate"}>{t(`meetingStatus.${m.status}`)}</Badge>
                    <span className="ml-auto text-xs text-slate-500">{fmt(m.scheduledAt)} · {m.place} · {m.unit.name}</span>
                  </span>
                  {m.agenda && <span className="mt-0.5 block whitespace-pre-line text-slate-600">{m.agenda}</span>}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    );
  }
  const { center } = page;
  const openTotal = Object.values(page.openByRisk).reduce((a, b) => a + b, 0);
  return (
    <div className="space-y-4" data-testid="center-page" data-center={center.id}>
      <PageHeader
        title={`${center.name} · ${t("overview.title")}`}
        subtitle={t("overview.scope")}
        actions={
          <>
            {page.options.length > 1 && <CenterPicker options={page.options} value={center.id} label={t("overview.pick")} base="/center" />}
            {can(viewer, "center.intake") && (
              <ButtonLink href="/center/intake/new" testId="new-intake">
                {t("overview.newIntake")}
              </ButtonLink>
            )}
          </>
        }
      />
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        <Stat label={t("overview.todayIntake")} value={page.intake.count} href="/center/intake" testId="stat-intake" />
        <Stat label={t("overview.openDisputes")} value={openTotal} href="/center/disputes?status=OPEN" testId="stat-disputes" />
        <Stat label={t("overview.nearPetitions")} value={page.petitions.length} tone={page.petitions.some((p) => p.dueState === "overdue") ? "red" : "amber"} href="/center/petitions?flag=near" testId="stat-petitions" />
        <Stat label={t("overview.pendingWhistles")} value={page.whistles.length} tone={page.whistles.some((w) => w.late) ? "red" : "slate"} href="/center/whistles?open=1" testId="stat-whistles" />
      </div>

      <Card
        title={t("overview.stations")}
        testId="stations"
        actions={page.canEditStations ? <Link href={`/center/stations?unit=${center.id}`} className="text-sm text-brand-700 hover:underline">{t("overview.manageStations")}</Link> : undefined}
      >
        {page.stations.length === 0 ? (
          <Empty>{t("overview.noStations")}</Empty>
        ) : (
          <div className="grid gap-3 sm:grid-cols-3">
            {(["PERMANENT", "ROTATING", "ON_CALL"] as const).map((mode) => (
              <div key={mode}>
                <h3 className="mb-1 text-xs font-medium text-slate-500">{t(`stationModes.${mode}`)}</h3>
                <ul className="flex flex-wrap gap-1">
                  {page.stations
                    .filter((s) => s.mode === mode)
                    .map((s) => (
                      <li key={s.departmentId}>
                        <Badge tone={mode === "PERMANENT" ? "blue" : mode === "ROTATING" ? "green" : "slate"}>{s.name}</Badge>
                      </li>
                    ))}
                </ul>
              </div>
            ))}
          </div>
        )}
      </Card>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card title={t("overview.todayIntake")} testId="today-intake" actions={<span className="text-xs text-slate-500">{t("overview.intakeCount", { count: page.intake.count })}</span>}>
          {page.intake.items.length === 0 ? (
            <Empty>{t("common.empty")}</Empty>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {page.intake.items.map((i) => (
                <li key={i.id} className="py-2">
                  <div className="flex flex-wrap items-center gap-1.5">
                    <Link href={`/center/visitors/${i.visitor.id}`} className="font-medium text-brand-700 hover:underline" data-testid="intake-visitor">{i.visitor.name}</Link>
                    <Badge>{t(`channels.${i.channel}`)}</Badge>
                    <Badge tone="blue">{t(`handlings.${i.handling}`)}</Badge>
                    {i.repeatCount > 0 && <Badge tone="amber">{t("repeat.badge", { count: i.repeatCount + 1 })}</Badge>}
                    <span className="ml-auto text-xs text-slate-500">
                      <Link href={`/center/intake/${i.id}`} className="text-brand-700 hover:underline">{fmt(i.receivedAt).slice(11)}</Link> · {i.unit.name}
                    </span>
                  </div>
                  <p className="mt-0.5 text-slate-600">{i.content}</p>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title={t("overview.openDisputes")} testId="open-disputes">
          <div className="mb-2 flex flex-wrap gap-2">
            {(["RED", "ORANGE", "YELLOW", "GREEN"] as const).map((r) => (
              <Link key={r} href={`/center/disputes?status=OPEN&risk=${r}`} data-testid={`risk-${r}`}>
                <Badge tone={RISK_TONE[r]}>
                  {t(`riskShort.${r}`)} {page.openByRisk[r]}
                </Badge>
              </Link>
            ))}
          </div>
          <h3 className="mb-1 text-xs font-medium text-slate-500">{t("overview.highRiskOpen")}</h3>
          {page.disputes.length === 0 ? (
            <Empty>{t("common.empty")}</Empty>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {page.disputes.map((d) => (
                <li key={d.id} className="flex flex-wrap items-center gap-1.5 py-2">
                  <Badge tone={RISK_TONE[d.risk]}>{t(`riskShort.${d.risk}`)}</Badge>
                  <Link href={`/center/disputes/${d.id}`} className="text-brand-700 hover:underline">{d.title}</Link>
                  <span className="ml-auto text-xs text-slate-500">{t(`disputeStatus.${d.status}`)} · {d.unit.name}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title={t("overview.nearPetitions")} testId="near-petitions">
          {page.petitions.length === 0 ? (
            <Empty>{t("common.empty")}</Empty>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {page.petitions.map((p) => (
                <li key={p.id} className="flex flex-wrap items-center gap-1.5 py-2">
                  <Badge tone={DUE_TONE[p.dueState]}>{t(`dueStates.${p.dueState}`)}</Badge>
                  <Link href={`/center/petitions/${p.id}`} className="text-brand-700 hover:underline">{p.title}</Link>
                  {p.isJoint && <Badge tone="red">{t("petition.joint")}</Badge>}
                  {p.isRepeat && <Badge tone="amber">{t("petition.repeat")}</Badge>}
                  <span className="ml-auto text-xs text-slate-500">{t(`petitionStatus.${p.status}`)} · {t("common.due")} {fmt(p.due, false)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title={t("overview.pendingWhistles")} testId="pending-whistles">
          <WhistleList items={page.whistles} compact />
        </Card>
      </div>
    </div>
  );
}
