import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { OpenDayActions } from "@/components/center/meeting-actions";
import { Badge, Card, Empty, Facts, fmt, PageHeader } from "@/components/center/ui";
import { formOptions, getOpenDay } from "@/lib/center/data";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

export default async function OpenDayPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const { id } = await params;
  const d = await found(getOpenDay(viewer, id));
  const [t, options] = await Promise.all([getTranslations("center"), d.canEdit ? formOptions(viewer) : Promise.resolve(null)]);
  return (
    <div className="space-y-4" data-testid="openday-detail">
      <PageHeader
        title={`${d.unit.name} · ${t("openDay.title")}`}
        subtitle={
          <span className="flex flex-wrap items-center gap-1.5">
            <Badge tone={d.status === "HELD" ? "green" : "amber"}>{t(`openDayStatus.${d.status}`)}</Badge>
            <span>{fmt(d.heldOn)} · {d.place}</span>
            <Badge tone={d.settled === d.problems.length && d.problems.length ? "green" : "blue"}>{t("openDay.progress", { settled: d.settled, total: d.problems.length })}</Badge>
          </span>
        }
      />
      {d.canEdit && options && <OpenDayActions d={{ id: d.id, version: d.version, status: d.status, residentsHeard: d.residentsHeard, summary: d.summary, grids: d.grids }} options={options} />}
      <Card>
        <Facts items={[{ label: t("openDay.officials"), value: d.officials }, { label: t("openDay.residentsHeard"), value: d.residentsHeard }, { label: t("openDay.summary"), value: d.summary ?? "—" }]} />
      </Card>
      <Card title={t("openDay.problems")} testId="problems">
        {d.problems.length === 0 ? (
          <Empty>{t("openDay.noProblems")}</Empty>
        ) : (
          <ol className="space-y-2 text-sm">
            {d.problems.map((p) => (
              <li key={p.id} className="rounded border border-slate-100 p-2">
                <span className="block">{p.position}. {p.content}{p.raisedBy ? `（${p.raisedBy}）` : ""}</span>
                <span className="mt-1 flex flex-wrap items-center gap-1.5 text-xs">
                  <Badge tone={p.done ? "green" : "amber"}>{p.done ? "✓" : "…"}</Badge>
                  {p.sentiment && (
                    <Link className="text-brand-700 hover:underline" href={`/grid/sentiments/${p.sentiment.id}`}>
                      {t("openDay.sentiment", { status: t(`followStatus.${p.sentiment.followUpStatus}`) })}
                    </Link>
                  )}
                  {p.event && (
                    <Link className="text-brand-700 hover:underline" href={`/dispatch/${p.event.id}`}>
                      {t("common.eventNo", { no: p.event.no })} · {t(`eventStates.${p.event.state}`)}
                    </Link>
                  )}
                </span>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}
