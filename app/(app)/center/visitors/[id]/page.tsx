import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Badge, Card, Empty, fmt, PageHeader, RISK_TONE } from "@/components/center/ui";
import { getVisitor } from "@/lib/center/data";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

/** One visitor's history across the intake desk, disputes and petitions. */
export default async function VisitorPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const { id } = await params;
  const [v, t] = await Promise.all([found(getVisitor(viewer, id)), getTranslations("center")]);
  const eventOf = new Map(v.events.map((e) => [e.id, e]));
  return (
    <div className="space-y-4" data-testid="visitor-history">
      <PageHeader
        title={v.name}
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            {v.idMasked && <span>{v.idMasked}</span>}
            {v.phoneMasked && <span>{v.phoneMasked}</span>}
            {v.resident && (
              <Link className="text-brand-700 hover:underline" href={`/grid/residents/${v.resident.id}`}>
                {t("visitor.resident")} · {v.resident.gridName}
              </Link>
            )}
          </span>
        }
      />
      <Card title={`${t("nav.intake")} (${v.intakes.length})`} testId="visitor-intakes">
        {v.intakes.length === 0 ? (
          <Empty>{t("common.empty")}</Empty>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {v.intakes.map((i) => {
              const e = i.eventId ? eventOf.get(i.eventId) : undefined;
              return (
                <li key={i.id} className="py-2">
                  <span className="flex flex-wrap items-center gap-1.5">
                    <Link href={`/center/intake/${i.id}`} className="text-brand-700 hover:underline">{fmt(i.receivedAt)}</Link>
                    <Badge>{t(`topics.${i.topic}`)}</Badge>
                    <Badge tone="blue">{t(`handlings.${i.handling}`)}</Badge>
                    {i.repeatCount > 0 && <Badge tone="amber">{t("repeat.badge", { count: i.repeatCount + 1 })}</Badge>}
                    {e && <Link href={`/dispatch/${e.id}`} className="text-xs text-brand-700 hover:underline">{t("common.eventNo", { no: e.no })} · {t(`eventStates.${e.state}`)}</Link>}
                    <span className="ml-auto text-xs text-slate-500">{i.unit.name}</span>
                  </span>
                  <span className="block text-slate-600">{i.content}</span>
                </li>
              );
            })}
          </ul>
        )}
      </Card>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title={`${t("nav.disputes")} (${v.disputes.length})`} testId="visitor-disputes">
          {v.disputes.length === 0 ? (
            <Empty>{t("common.empty")}</Empty>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {v.disputes.map((d) => (
                <li key={d.id} className="flex flex-wrap items-center gap-1.5 py-2">
                  <Badge tone={RISK_TONE[d.risk]}>{t(`riskShort.${d.risk}`)}</Badge>
                  <Link href={`/center/disputes/${d.id}`} className="text-brand-700 hover:underline">{d.code} {d.title}</Link>
                  <span className="ml-auto text-xs text-slate-500">{t(`disputeStatus.${d.status}`)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={`${t("nav.petitions")} (${v.petitions.length})`} testId="visitor-petitions">
          {v.petitions.length === 0 ? (
            <Empty>{t("common.empty")}</Empty>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {v.petitions.map((p) => (
                <li key={p.id} className="flex flex-wrap items-center gap-1.5 py-2">
                  <Link href={`/center/petitions/${p.id}`} className="text-brand-700 hover:underline">{p.regNo} {p.title}</Link>
                  {p.isJoint && <Badge tone="red">{t("petition.joint")}</Badge>}
                  {p.isRepeat && <Badge tone="amber">{t("petition.repeat")}</Badge>}
                  <span className="ml-auto text-xs text-slate-500">{t(`petitionStatus.${p.status}`)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}
