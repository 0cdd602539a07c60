import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { GridPicker } from "@/components/grid/grid-picker";
import { SentimentForm } from "@/components/grid/sentiment-form";
import { Card, PageHeader } from "@/components/grid/ui";
import { gridBoundary, gridOptions, ownGridId, pickGrids } from "@/lib/grid/data";
import { found, plainParams } from "@/lib/grid/pages";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";
import { toCnInput } from "@/lib/visits/calendar";

export const metadata: Metadata = { title: "记录民情" };

export default async function NewSentimentPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  if (!can(viewer.role, "sentiments.edit")) notFound();
  const params = plainParams(await searchParams);
  const t = await getTranslations("grid.sentiments");
  const gridId = Number(params.gridId) || ownGridId(viewer);
  if (!gridId) {
    const result = await found(pickGrids(viewer, { q: params.q, page: Number(params.page) || 0 }));
    return (
      <div className="mx-auto max-w-2xl">
        <PageHeader title={t("newTitle")} />
        <GridPicker basePath="/grid/sentiments/new" result={result} q={params.q} />
      </div>
    );
  }
  const [grid, grids] = await Promise.all([found(gridBoundary(viewer, gridId)), gridOptions(viewer)]);
  const now = toCnInput(new Date());
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title={t("newTitle")} subtitle={grid.name} />
      <Card>
        <SentimentForm initial={{ gridId: grid.id, kind: "REQUEST", content: "", recordedAt: now, resident: null, place: null }} grids={grids} now={now} />
      </Card>
    </div>
  );
}
