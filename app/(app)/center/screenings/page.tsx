import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ScreeningForm } from "@/components/center/simple-forms";
import { Card, Empty, PageHeader, Pager } from "@/components/center/ui";
import { formOptions, listScreenings } from "@/lib/center/data";
import { runsCenter } from "@/lib/center/permissions";
import { can } from "@/lib/permissions";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

export default async function ScreeningsPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const viewer = await requireViewer();
  const page = Math.max(1, Number((await searchParams).page) || 1);
  const canEdit = can(viewer, "center.disputes.edit") && runsCenter(viewer);
  const [list, t, options] = await Promise.all([found(listScreenings(viewer, page)), getTranslations("center"), canEdit ? formOptions(viewer) : null]);
  return (
    <div className="space-y-4">
      <PageHeader title={t("screening.title")} />
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
