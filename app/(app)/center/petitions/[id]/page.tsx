import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PetitionActions } from "@/components/center/petition-actions";
import { Badge, Card, DUE_TONE, Facts, fmt, PageHeader } from "@/components/center/ui";
import { formOptions, getPetition, whistleTargets } from "@/lib/center/data";
import { can } from "@/lib/permissions";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

export default async function PetitionPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const { id } = await params;
  const p = await found(getPetition(viewer, id));
  const canWhistle = can(viewer, "center.whistle") && p.status !== "CLOSED" && p.status !== "NOT_ACCEPTED";
  const [t, options, stations] = await Promise.all([
    getTranslations("center"),
    p.actions.includes("dispatch") ? formOptions(viewer) : Promise.resolve({ categories: [], grids: [], departments: [] }),
    canWhistle ? whistleTargets(viewer, p.unitId) : Promise.resolve([]),
  ]);
  return (
    <div className="space-y-4" data-testid="petition-detail" data-status={p.status}>
      <PageHeader
        title={p.title}
        subtitle={
          <span className="flex flex-wrap items-center gap-1.5">
            <span>{p.regNo}</span>
            <Badge tone="blue" testId="status">{t(`petitionStatus.${p.status}`)}</Badge>
            {p.isJoint && <Badge tone="red" testId="joint">{t("petition.joint")} {p.headcount}</Badge>}
            {p.isRepeat && <Badge tone="amber" testId="repeat">{t("petition.repeat")}</Badge>}
            {p.due && <Badge tone={DUE_TONE[p.dueState]}>{t(`dueStates.${p.dueState}`)}</Badge>}
            <span>{p.unitName}</span>
          </span>
        }
      />
      <PetitionActions p={{ id: p.id, version: p.version, actions: p.actions, gridId: p.gridId, extensionMaxDays: p.extensionMaxDays }} options={options} stations={stations} canWhistle={canWhistle && stations.length > 0} />
      <Card>
        <Facts
          items={[
            { label: t("petition.petitioners"), value: <>{p.petitioners.map((x, i) => <span key={x.id}>{i > 0 && "、"}<Link className="text-brand-700 hover:underline" href={`/center/visitors/${x.id}`}>{x.name}</Link>{x.idMasked ? ` ${x.idMasked}` : ""}</span>)}</> },
            { label: t("petition.channel"), value: t(`channels.${p.channel}`) },
            { label: t("petition.topic"), value: t(`topics.${p.topic}`) },
            { label: t("petition.headcount"), value: p.headcount },
            { label: t("petition.responsibleBody"), value: `${p.responsibleBody}${p.responsibleDepartment ? ` · ${p.responsibleDepartment.name}` : ""}` },
            { label: t("dispute.grid"), value: p.gridName ?? "—" },
            { label: t("petition.registeredAt"), value: fmt(p.registeredAt) },
            { label: t("common.registeredBy"), value: p.createdByName },
            { label: t("petition.matter"), value: p.matter },
          ]}
        />
        {p.repeatOf && <Link className="mt-2 inline-block text-sm text-brand-700 hover:underline" href={`/center/petitions/${p.repeatOf.id}`}>{t("petition.repeatOf", { regNo: p.repeatOf.regNo })}</Link>}
      </Card>
      <Card title={t("common.due")} testId="deadlines">
        <ul className="space-y-1 text-sm">
          <li className="flex flex-wrap items-center gap-1.5" data-testid="accept-due">
            <span className="w-28 text-slate-500">{t("petition.acceptDue")}</span>
            <span>{fmt(p.acceptDueAt)}</span>
            <Badge tone={DUE_TONE[p.acceptState]}>{t(`dueStates.${p.acceptState}`)}</Badge>
            {p.decidedAt && <span className="text-xs text-slate-500">{t("petition.decidedAt")} {fmt(p.decidedAt)}</span>}
          </li>
          {p.notAcceptedReason && <li className="text-slate-700">{t("petition.notAccepted")}：{p.notAcceptedReason}</li>}
          {p.handleDueAt && (
            <li className="flex flex-wrap items-center gap-1.5" data-testid="handle-due">
              <span className="w-28 text-slate-500">{t("petition.handleDue")}</span>
              <span>{fmt(p.handleDueAt)}</span>
              <Badge tone={DUE_TONE[p.handleState]}>{t(`dueStates.${p.handleState}`)}</Badge>
              {p.extendedDays && <span className="text-xs text-slate-500">{t("petition.extended", { days: p.extendedDays, reason: p.extensionReason ?? "" })}</span>}
            </li>
          )}
        </ul>
      </Card>
      {p.event && (
        <Card title={t("petition.event")} testId="petition-event">
          <Link href={`/dispatch/${p.event.id}`} className="text-sm text-brand-700 hover:underline">
            {t("common.eventNo", { no: p.event.no })} · {t("common.eventState", { state: t(`eventStates.${p.event.state}`) })}
          </Link>
        </Card>
      )}
      {p.replyText && (
        <Card title={t("petition.reply")} testId="reply">
          <p className="flex flex-wrap items-center gap-1.5 text-sm">
            <span>{fmt(p.repliedAt)}</span>
            {p.repliedOnTime !== null && <Badge tone={p.repliedOnTime ? "green" : "red"}>{p.repliedOnTime ? t("petition.onTime") : t("petition.lateReply")}</Badge>}
            {p.satisfaction && <Badge tone={p.satisfaction === "UNSATISFIED" ? "red" : "green"}>{t("petition.satisfaction")}：{t(`satisfaction.${p.satisfaction}`)}</Badge>}
          </p>
          <p className="mt-1 whitespace-pre-line text-sm">{p.replyText}</p>
        </Card>
      )}
      {p.reviewRequestedAt && (
        <Card title={t("petition.review")} testId="review">
          <Facts items={[{ label: t("petition.reviewBody"), value: p.reviewBody }, { label: t("petition.reviewRequestedAt"), value: fmt(p.reviewRequestedAt) }, { label: t("petition.reviewResult"), value: p.reviewResult ?? "—" }]} />
        </Card>
      )}
      {p.whistles.length > 0 && (
        <Card title={t("dispute.whistles")}>
          <ul className="divide-y divide-slate-100 text-sm">
            {p.whistles.map((w) => (
              <li key={w.id} className="flex flex-wrap items-center gap-1.5 py-2">
                <Link href={`/center/whistles/${w.id}`} className="font-medium text-brand-700 hover:underline">{w.department}</Link>
                <Badge tone={w.status === "REPORTED" ? "green" : w.late ? "red" : "blue"}>{t(`whistleStatus.${w.status}`)}</Badge>
                <span className="text-xs text-slate-500">{fmt(w.blownAt)} → {fmt(w.reportDueAt)}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
