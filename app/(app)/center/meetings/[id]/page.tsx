import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { MeetingActions } from "@/components/center/meeting-actions";
import { Badge, Card, Empty, Facts, fmt, PageHeader, RISK_TONE } from "@/components/center/ui";
import { formOptions, getMeeting } from "@/lib/center/data";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

export default async function MeetingPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const { id } = await params;
  const m = await found(getMeeting(viewer, id));
  const [t, options] = await Promise.all([getTranslations("center"), m.canEdit ? formOptions(viewer) : Promise.resolve(null)]);
  return (
    <div className="space-y-4" data-testid="meeting-detail" data-status={m.status}>
      <PageHeader
        title={m.title}
        subtitle={
          <span className="flex flex-wrap items-center gap-1.5">
            <Badge tone="blue">{t(`meetingKinds.${m.kind}`)}</Badge>
            <Badge tone={m.status === "HELD" ? "green" : "amber"}>{t(`meetingStatus.${m.status}`)}</Badge>
            <span>{fmt(m.scheduledAt)} · {m.place} · {m.unit.name}</span>
          </span>
        }
      />
      {m.canEdit && options && <MeetingActions m={{ id: m.id, version: m.version, status: m.status, minutes: m.minutes, invites: m.invites }} options={options} />}
      <Card>
        <Facts
          items={[
            { label: t("meeting.departments"), value: m.invites.map((i) => i.name).join("、") || "—" },
            { label: t("meeting.agenda"), value: m.agenda ?? "—" },
            { label: t("meeting.minutes"), value: m.minutes ?? "—" },
            { label: t("common.registeredBy"), value: m.createdByName },
          ]}
        />
      </Card>
      <Card title={t("meeting.cases")} testId="meeting-cases">
        {m.disputes.length + m.petitions.length + m.events.length === 0 ? (
          <Empty>{t("common.empty")}</Empty>
        ) : (
          <ul className="space-y-1 text-sm">
            {m.disputes.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center gap-1.5">
                <Badge tone={RISK_TONE[d.risk]}>{t(`riskShort.${d.risk}`)}</Badge>
                <Link className="text-brand-700 hover:underline" href={`/center/disputes/${d.id}`}>{d.code} {d.title}</Link>
                <span className="text-xs text-slate-500">{t(`disputeStatus.${d.status}`)}</span>
              </li>
            ))}
            {m.petitions.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center gap-1.5">
                <Badge>{t("meeting.caseKinds.PETITION")}</Badge>
                <Link className="text-brand-700 hover:underline" href={`/center/petitions/${p.id}`}>{p.regNo} {p.title}</Link>
                <span className="text-xs text-slate-500">{t(`petitionStatus.${p.status}`)}</span>
              </li>
            ))}
            {m.events.map((e) => e && (
              <li key={e.id} className="flex flex-wrap items-center gap-1.5">
                <Badge>{t("meeting.caseKinds.EVENT")}</Badge>
                <Link className="text-brand-700 hover:underline" href={`/dispatch/${e.id}`}>#{e.no} {e.title}</Link>
                <span className="text-xs text-slate-500">{t(`eventStates.${e.state}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t("meeting.decisions")} testId="decisions">
        {m.decisions.length === 0 ? (
          <Empty>{t("meeting.noDecisions")}</Empty>
        ) : (
          <ol className="space-y-2 text-sm">
            {m.decisions.map((d) => (
              <li key={d.id} className="rounded border border-slate-100 p-2" data-testid="decision">
                <span className="block whitespace-pre-line">{d.position}. {d.text}</span>
                <span className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
                  {d.department && <span>{t("meeting.department")}：{d.department.name}</span>}
                  <span>{t("meeting.dueAt")}：{fmt(d.dueAt)}</span>
                  {d.event && (
                    <Link href={`/dispatch/${d.event.id}`} className="text-brand-700 hover:underline">
                      {t("common.eventNo", { no: d.event.no })} · {t(`eventStates.${d.event.state}`)}
                    </Link>
                  )}
                  {d.event && d.event.state === "ACCEPTED" && <span>{t("meeting.notDispatched")}</span>}
                </span>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}
