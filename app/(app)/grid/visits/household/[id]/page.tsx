import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { HouseholdLog } from "@/components/grid/household-log";
import { Badge, Card, Facts, PageHeader } from "@/components/grid/ui";
import { found } from "@/lib/grid/pages";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";
import { householdVisits } from "@/lib/visits/data";

export const metadata: Metadata = { title: "走访记录" };

export default async function HouseholdVisitsPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const { id } = await params;
  const [{ household: h, visits, total }, t, format] = await Promise.all([
    found(householdVisits(viewer, id)),
    getTranslations("grid.visits"),
    getFormatter(),
  ]);
  const date = (d: Date) => format.dateTime(d, { dateStyle: "medium" });
  const title = h.house?.address ?? (h.householdNo ? t("householdNo", { no: h.householdNo }) : t("noAddress"));
  return (
    <div className="mx-auto max-w-3xl space-y-4" data-testid="household-visits">
      <PageHeader title={title} subtitle={<Link href={`/grid?gridId=${h.grid.id}`} className="text-brand-700">{h.grid.name}</Link>} />
      <Card>
        <Facts
          items={[
            { label: t("tier"), value: <Badge tone={h.visitTier === "KEY" ? "red" : "blue"}>{t(`tiers.${h.visitTier}`)}</Badge> },
            { label: t("members"), value: h.members.map((m) => m.name).join("、") || "—" },
            { label: t("lastVisitLabel"), value: h.lastVisitAt ? date(h.lastVisitAt) : t("neverVisited") },
            { label: t("nextDueLabel"), value: <span data-testid="next-due">{date(h.nextVisitDue)}</span> },
          ]}
        />
        {can(viewer.role, "visits.log") && (
          <div className="mt-3">
            <HouseholdLog householdId={h.id} members={h.members.map((m) => ({ id: m.id, name: m.name }))} />
          </div>
        )}
      </Card>
      <Card title={t("history")} actions={<span className="text-xs text-slate-500">{t("historyCount", { count: total })}</span>}>
        {visits.length === 0 ? (
          <p className="text-sm text-slate-500">{t("noVisits")}</p>
        ) : (
          <ol className="space-y-3" data-testid="visit-history">
            {visits.map((v) => (
              <li key={v.id} className="border-l-2 border-slate-200 pl-3 text-sm">
                <div className="flex flex-wrap items-baseline gap-x-2">
                  <span className="font-medium">{format.dateTime(v.visitedAt, { dateStyle: "medium", timeStyle: "short" })}</span>
                  <span className="text-xs text-slate-500">{t("by", { name: v.visitorName ?? "—", method: t(`methods.${v.method}`) })}</span>
                </div>
                {v.metNames && <p className="text-xs text-slate-600">{t("met", { names: v.metNames })}</p>}
                {v.findings && <p className="whitespace-pre-wrap text-slate-800">{v.findings}</p>}
                {v.sentimentId && (
                  <Link href={`/grid/sentiments/${v.sentimentId}`} className="text-xs text-amber-700 underline">
                    {t("followUpEntry")}
                  </Link>
                )}
                {v.photos.length > 0 && (
                  <div className="mt-1 flex flex-wrap gap-2">
                    {v.photos.map((p) => (
                      <a key={p.id} href={`/grid/visits/photos/${p.id}`} target="_blank" rel="noreferrer">
                        {/* A plain img: the route checks access itself, and next/image would proxy it. */}
                        <img src={`/grid/visits/photos/${p.id}`} alt={t("photo")} className="h-20 w-20 rounded object-cover" loading="lazy" />
                      </a>
                    ))}
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}
