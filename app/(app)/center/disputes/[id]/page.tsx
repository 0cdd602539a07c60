import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { DisputeActions } from "@/components/center/dispute-actions";
import { Badge, ButtonLink, Card, DUE_TONE, Empty, Facts, fmt, PageHeader, RISK_TONE } from "@/components/center/ui";
import { formOptions, getDispute, whistleTargets } from "@/lib/center/data";
import { can } from "@/lib/permissions";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

export default async function DisputePage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const { id } = await params;
  const d = await found(getDispute(viewer, id));
  const canWhistle = can(viewer, "center.whistle") && d.status !== "CLOSED";
  const [t, options, stations] = await Promise.all([
    getTranslations("center"),
    d.actions.includes("refer") ? formOptions(viewer) : Promise.resolve({ categories: [], grids: [], departments: [] }),
    canWhistle ? whistleTargets(viewer, d.unitId) : Promise.resolve([]),
  ]);
  const a = d.agreement;
  return (
    <div className="space-y-4" data-testid="dispute-detail" data-status={d.status}>
      <PageHeader
        title={d.title}
        subtitle={
          <span className="flex flex-wrap items-center gap-1.5">
            <span>{d.code}</span>
            <Badge tone={RISK_TONE[d.risk]} testId="risk">{t(`risks.${d.risk}`)}</Badge>
            <Badge tone="blue" testId="status">{t(`disputeStatus.${d.status}`)}</Badge>
            <span>{d.unitName}</span>
          </span>
        }
        actions={a ? <ButtonLink href={`/center/disputes/${d.id}/agreement`} variant="secondary" testId="print-link">{t("dispute.print")}</ButtonLink> : undefined}
      />
      <DisputeActions
        d={{ id: d.id, version: d.version, title: d.title, facts: d.facts, risk: d.risk, mediators: d.mediators, committeeId: d.committee?.id ?? null, committees: d.committees, parties: d.parties, actions: d.actions }}
        options={options}
        stations={stations.filter((s) => s.mode)}
        canWhistle={canWhistle && stations.length > 0}
      />
      <Card>
        <Facts
          items={[
            { label: t("dispute.type"), value: t(`topics.${d.type}`) },
            { label: t("dispute.grid"), value: d.gridName },
            { label: t("dispute.amount"), value: d.amount === null ? "—" : d.amount.toLocaleString("zh-CN") },
            { label: t("dispute.source"), value: `${t(`sources.${d.source}`)}${d.referredBy ? ` · ${d.referredBy}` : ""}` },
            { label: t("dispute.registeredAt"), value: fmt(d.registeredAt) },
            { label: t("common.registeredBy"), value: d.createdByName },
            { label: t("dispute.riskReason"), value: d.riskReason },
            { label: t("dispute.facts"), value: d.facts },
          ]}
        />
        {d.screening && <p className="mt-2 text-xs text-slate-500">{t("dispute.screening")}: {d.screening.screenedOn}</p>}
        {d.intakes.map((i) => (
          <Link key={i.id} href={`/center/intake/${i.id}`} className="mt-2 mr-3 inline-block text-xs text-brand-700 hover:underline">{t("nav.intake")} {fmt(i.receivedAt)}</Link>
        ))}
      </Card>

      <Card title={t("dispute.parties")} testId="parties">
        <ul className="divide-y divide-slate-100 text-sm">
          {d.parties.map((p) => (
            <li key={p.id} className="py-2">
              <span className="flex flex-wrap items-center gap-1.5">
                <span className="text-xs text-slate-500">{t("print.partyLine", { n: p.position })}</span>
                {p.visitorId ? <Link href={`/center/visitors/${p.visitorId}`} className="font-medium text-brand-700 hover:underline">{p.name}</Link> : <span className="font-medium">{p.name}</span>}
                <Badge>{t(`partyKinds.${p.kind}`)}</Badge>
              </span>
              <span className="block text-xs text-slate-500">
                {[p.sex && t(`sex.${p.sex}`), p.age !== null && t("dispute.age", { age: p.age }), p.occupation, p.address, p.phone, p.creditCode, p.representative].filter(Boolean).join(" · ")}
              </span>
            </li>
          ))}
        </ul>
      </Card>

      <Card title={t("dispute.mediation")} testId="mediation">
        <Facts items={[{ label: t("dispute.committee"), value: d.committee?.name ?? "—" }, { label: t("dispute.mediators"), value: d.mediators ?? "—" }]} />
        <h3 className="mt-3 mb-1 text-sm font-medium">{t("dispute.sessions")}</h3>
        {d.sessions.length === 0 ? (
          <Empty>{t("dispute.noSessions")}</Empty>
        ) : (
          <ol className="space-y-2 text-sm" data-testid="sessions">
            {d.sessions.map((s) => (
              <li key={s.id} className="rounded border border-slate-100 p-2">
                <span className="text-xs text-slate-500">{fmt(s.heldAt)} {s.place ?? ""} · {s.by ?? ""}</span>
                <span className="block">{t("dispute.present")}：{s.present}</span>
                <span className="block whitespace-pre-line text-slate-700">{s.notes}</span>
              </li>
            ))}
          </ol>
        )}
      </Card>

      {a && (
        <Card title={t("dispute.agreement")} testId="agreement" actions={<Link href={`/center/disputes/${d.id}/agreement/pdf`} className="text-sm text-brand-700 hover:underline" data-testid="pdf-link">{t("dispute.pdf")}</Link>}>
          <Facts
            items={[
              { label: t("dispute.agreementNo"), value: a.no },
              { label: t("dispute.agreedAt"), value: fmt(a.agreedAt, false) },
              { label: t("dispute.signedBy"), value: d.parties.filter((p) => a.partyPositions.includes(p.position)).map((p) => p.name).join("、") },
              { label: t("dispute.mediators"), value: a.mediatorNames },
              { label: t("dispute.terms"), value: a.terms },
              { label: t("dispute.performance"), value: a.performance },
            ]}
          />
          <h3 className="mt-3 mb-1 text-sm font-medium">{t("dispute.scans")}</h3>
          {d.scans.length === 0 ? (
            <p className="text-sm text-slate-500">{t("dispute.noScans")}</p>
          ) : (
            <ul className="text-sm" data-testid="scans">
              {d.scans.map((s) => (
                <li key={s.id}>
                  <a href={`/center/files/${s.id}`} className="text-brand-700 hover:underline">{s.fileName}</a> <span className="text-xs text-slate-500">{Math.ceil(s.size / 1024)} KB · {fmt(s.createdAt)}</span>
                </li>
              ))}
            </ul>
          )}
          <h3 className="mt-3 mb-1 text-sm font-medium">{t("dispute.judicialTitle")}</h3>
          <p className="flex flex-wrap items-center gap-1.5 text-sm" data-testid="judicial" data-state={d.judicialState}>
            {d.judicialState === "none" ? (
              // Not asked for: the period is shown for reference only, nothing is overdue.
              <span>{t("dispute.judicialNotRequested")} {t("dispute.judicialDue")} {fmt(a.judicialDueAt, false)}</span>
            ) : (
              <>
                <Badge tone={DUE_TONE[d.judicialState]}>{t(`dueStates.${d.judicialState}`)}</Badge>
                {a.judicialRequested && <span>{t("dispute.judicialAsked")} ·</span>}
                <span>{t("dispute.judicialDue")} {fmt(a.judicialDueAt, false)}</span>
                {a.judicialAppliedAt ? <span>· {t("dispute.judicialAppliedAt")} {fmt(a.judicialAppliedAt, false)} {a.judicialCourt}</span> : <span>· {t("dispute.judicialNone")}</span>}
              </>
            )}
            {a.judicialResult && <Badge tone={a.judicialResult === "CONFIRMED" ? "green" : "red"}>{t(`judicial.${a.judicialResult}`)} {fmt(a.judicialResultAt, false)}</Badge>}
            {a.judicialNote && <span className="text-slate-600">{a.judicialNote}</span>}
          </p>
        </Card>
      )}

      {(a || d.followUps.length > 0) && (
        <Card title={t("dispute.followUps")} testId="follow-ups">
          {d.followUps.length === 0 ? (
            <Empty>{t("dispute.noFollowUps")}</Empty>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {d.followUps.map((f) => (
                <li key={f.id} className="py-2">
                  <span className="flex flex-wrap items-center gap-1.5">
                    <span className="text-xs text-slate-500">{fmt(f.visitedAt)} · {f.by ?? ""}</span>
                    <Badge tone={f.fulfilled ? "green" : "amber"}>{f.fulfilled ? t("dispute.fulfilled") : t("dispute.notFulfilled")}</Badge>
                  </span>
                  <span className="block text-slate-700">{f.note}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}

      {d.referral && (
        <Card title={t("dispute.referral")} testId="referral">
          <Facts
            items={[
              { label: t("dispute.referralTo"), value: t(`referrals.${d.referral}`) },
              { label: t("dispute.referralBody"), value: d.referralBody ?? "—" },
              { label: t("dispute.referralNote"), value: d.referralNote },
            ]}
          />
          {d.referralEvent && (
            <Link href={`/dispatch/${d.referralEvent.id}`} className="mt-2 inline-block text-sm text-brand-700 hover:underline">
              {t("common.eventNo", { no: d.referralEvent.no })} · {t("common.eventState", { state: t(`eventStates.${d.referralEvent.state}`) })}
            </Link>
          )}
        </Card>
      )}

      {d.whistles.length > 0 && (
        <Card title={t("dispute.whistles")} testId="case-whistles">
          <ul className="divide-y divide-slate-100 text-sm">
            {d.whistles.map((w) => (
              <li key={w.id} className="flex flex-wrap items-center gap-1.5 py-2">
                <Link href={`/center/whistles/${w.id}`} className="font-medium text-brand-700 hover:underline">{w.department}</Link>
                <Badge tone={w.status === "REPORTED" ? "green" : w.late ? "red" : "blue"}>{t(`whistleStatus.${w.status}`)}{w.late ? ` · ${t("common.late")}` : ""}</Badge>
                <span className="text-xs text-slate-500">{fmt(w.blownAt)} → {fmt(w.reportDueAt)}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
      {d.closedAt && <p className="text-sm text-slate-600">{t("disputeStatus.CLOSED")} {fmt(d.closedAt)} {d.closeNote ?? ""}</p>}
    </div>
  );
}
