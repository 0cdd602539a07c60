import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { FillForm } from "@/components/projects/fill-form";
import { found, idParam, param } from "@/lib/projects/pages";
import { getFillContext } from "@/lib/projects/tasks-data";
import { mapConfig } from "@/lib/settings/map";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "填报" };

export default async function FillPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const item = param(sp, "item");
  const [ctx, t, map] = await Promise.all([found(getFillContext(viewer, idParam(id), item?.slice(0, 20))), getTranslations("projects"), mapConfig()]);
  return (
    <div className="mx-auto max-w-xl">
      <p className="mb-1 text-xs text-slate-500">
        <Link href={`/projects/tasks/${ctx.task.id}`} className="text-brand-700 hover:underline">← {ctx.project.title} · {ctx.task.gridName}</Link>
      </p>
      <h1 className="text-lg font-semibold" data-testid="fill-record">{ctx.item ? ctx.item.label : t("fill.free")}</h1>
      <p className="mb-4 text-xs text-slate-500">
        {ctx.item && `${t(`recordKinds.${ctx.item.kind}`)} · `}
        {t("templates.version", { no: ctx.version.no })}
      </p>
      {ctx.previous && <p className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">{t("fill.previous")}</p>}
      <FillForm
        taskId={ctx.task.id}
        itemId={ctx.item?.id ?? null}
        version={ctx.version}
        initial={(ctx.previous?.answers as Record<string, unknown> | undefined) ?? {}}
        context={{
          taskId: ctx.task.id,
          grid: ctx.grid ? { type: "Feature", id: ctx.grid.id, properties: { name: ctx.grid.name, code: "", parentId: null }, geometry: ctx.grid.geometry } : null,
          tiles: map.tiles,
        }}
      />
    </div>
  );
}
