import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ReportForm } from "@/components/dispatch/report-form";
import { getReportContext, getSentimentForEvent } from "@/lib/dispatch/data";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";
import { AppError } from "@/lib/server/errors";
import { mapConfig } from "@/lib/settings/map";

export const metadata: Metadata = { title: "上报事件" };

export default async function NewEventPage({ searchParams }: { searchParams: Promise<{ sentiment?: string }> }) {
  const viewer = await requireViewer();
  if (!can(viewer.role, "dispatch.report")) notFound();
  const sp = await searchParams;
  const [context, t] = await Promise.all([getReportContext(viewer), getTranslations("dispatch")]);
  let sentiment = null;
  if (sp.sentiment) {
    try {
      const entry = await getSentimentForEvent(viewer, sp.sentiment.slice(0, 40));
      if (entry.followUpStatus !== "CONVERTED")
        sentiment = {
          id: entry.id,
          content: entry.content,
          gridId: entry.gridId,
          point: entry.grid.centerLat != null && entry.grid.centerLng != null ? { lat: entry.grid.centerLat, lng: entry.grid.centerLng } : null,
        };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      notFound();
    }
  }
  // The base map as the map settings say now (the environment supplies only the defaults).
  const { tiles } = await mapConfig();
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{sentiment ? t("form.convertTitle") : t("form.title")}</h1>
      <ReportForm
        categories={context.categories.map((c) => ({ id: c.id, name: c.name, nameEn: c.nameEn, children: c.children.map((x) => ({ id: x.id, name: x.name, nameEn: x.nameEn })) }))}
        grids={context.grids as never}
        sources={context.sources}
        asksContact={context.asksContact}
        tiles={tiles}
        sentiment={sentiment}
      />
    </div>
  );
}
