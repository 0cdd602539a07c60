import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ScreeningForm } from "@/components/center/simple-forms";
import { Badge, Card, Empty, PageHeader, Pager } from "@/components/center/ui";
import { formOptions, listScreenings, screeningCoverage } from "@/lib/center/data";
import { monthOf } from "@/lib/center/deadlines";
import { reportQuerySchema } from "@/lib/center/schemas";
import { runsCenter } from "@/lib/center/permissions";
import { can } from "@/lib/permissions";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

export default async function ScreeningsPage({ searchParams }: { searchParams: Promise<{ page?: string; month?: string }> }) {
  const viewer = await requireViewer();
  const params = await searchParams;
  const page = Math.max(1, Number(params.page) || 1);
  const month = reportQuerySchema.parse({ month: params.month }).month ?? monthOf(new Date());
  const canEdit = can(viewer, "center.disputes.edit") && runsCenter(viewer);
  const [list, coverage, t, options] = await Promise.all([found(listScreenings(viewer, page)), found(screeningCoverage(viewer, month)), getTranslations("center"), canEdit ? formOptions(viewer) : null]);
  return (
    <div className="space-y-4">
      <PageHeader title={t("screening.title")} />
      <Card
        title={t("screening.coverage", { month: coverage.month })}
        testId="screening-coverage"
        actions={
          <form className="flex items-center gap-2 text-sm" action="/center/screenings">
            <input type="month" name="month" defaultValue={coverage.month} className="rounded border border-slate-300 bg-white px-2 py-1" aria-label={t("reports.month")} />
            <button className="rounded border border-slate-300 bg-white px-2 py-1">{t("reports.show")}</button>
          </form>
        }
      >
        <p className="text-sm" data-testid="screening-covered" data-screened={coverage.screened} data-total={coverage.total}>
          {t("screening.covered", { screened: coverage.screened, total: coverage.total })}
        </p>
        {coverage.missing.length > 0 && (
          <div className="mt-2">
            <h3 className="mb-1 text-xs font-medium text-slate-500">{t("screening.missing", { month: coverage.month, count: coverage.total - coverage.screened })}</h3>
            <ul className="flex flex-wrap gap-1" data-testid="screening-missing">
              {coverage.missing.map((g) => <li key={g.id}><Badge tone="amber">{g.name}</Badge></li>)}
            </ul>
          </div>
        )}
      </Card>
      {options && (
        <Card title={t("screening.new")}>
          <ScreeningForm grids={options.grids} />
        </Card>
      )}
      {list.items.length === 0 ? (
        <Empty>{t("common.empty")}</Empty>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" data-testid="screening-list">
          {list.items.map((s) => (
            <li key={s.id} className="px-3 py-2">
              <span className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{s.screenedOn}</span>
                <span>{s.grid.name}</span>
                <span className="text-xs text-slate-500">{t("screening.found")} {s.found} · {t("screening.cases")} {s.cases} · {s.unit.name}</span>
                {canEdit && <Link href={`/center/disputes/new?screening=${s.id}`} className="ml-auto text-xs text-brand-700 hover:underline">{t("screening.register")}</Link>}
              </span>
              <span className="block text-slate-600">{s.findings}</span>
            </li>
          ))}
        </ul>
      )}
      <Pager base="/center/screenings" params={{}} page={page} pages={list.pages} label={t("common.page", { page, pages: list.pages, total: list.total })} />
    </div>
  );
}
