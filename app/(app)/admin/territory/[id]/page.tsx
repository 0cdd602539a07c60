import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { BoundaryEditorLoader } from "@/components/admin/boundary-editor-loader";
import { GridWorkers } from "@/components/admin/grid-workers";
import { Card, PageHeader } from "@/components/admin/ui";
import { UnitEditor } from "@/components/admin/unit-editor";
import { moveTargets, unitDetail } from "@/lib/admin/data";
import { orNotFound } from "@/lib/admin/pages";
import { requireViewer } from "@/lib/server/auth";
import { mapConfig } from "@/lib/settings/map";

export const metadata: Metadata = { title: "单位" };

export default async function UnitPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  const detail = await orNotFound(unitDetail(viewer, id));
  const [targets, t, tl, map] = await Promise.all([orNotFound(moveTargets(viewer, id)), getTranslations("admin.territory"), getTranslations("levels"), mapConfig()]);
  const { unit } = detail;
  return (
    <div className="space-y-4">
      <PageHeader
        title={unit.name}
        subtitle={
          <>
            {tl(unit.level)} · <span className="font-mono">{unit.code}</span>
            {detail.parent && (
              <>
                {" · "}
                {t("parent")}: <Link href={`/admin/territory/${detail.parent.id}`} className="text-brand-700 hover:underline">{detail.parent.name}</Link>
              </>
            )}
          </>
        }
        actions={<Link href="/admin/territory" className="text-sm text-brand-700 hover:underline">{t("backToTree")}</Link>}
      />
      <div className="grid gap-4 lg:grid-cols-[22rem_1fr]">
        <div className="space-y-4">
          <Card title={t("edit")}>
            <UnitEditor
              unit={{ id: unit.id, version: unit.version, name: unit.name, level: unit.level, isRoot: unit.id === viewer.unitId || unit.parentId === null }}
              targets={targets}
              childLevel={detail.childLevel}
            />
          </Card>
          {detail.children.length > 0 && (
            <Card title={t("children", { count: detail.children.length })}>
              <ul className="max-h-80 space-y-0.5 overflow-auto text-sm">
                {detail.children.map((c) => (
                  <li key={c.id}>
                    <Link href={`/admin/territory/${c.id}`} className="text-brand-700 hover:underline">{c.name}</Link>
                    <span className="ml-2 font-mono text-xs text-slate-400">{c.code}</span>
                  </li>
                ))}
              </ul>
            </Card>
          )}
          {unit.level === "GRID" && (
            <Card title={t("workers")}>
              <GridWorkers gridId={unit.id} workers={detail.workers} candidates={detail.candidates} />
            </Card>
          )}
        </div>
        {unit.level === "GRID" && (
          <Card title={t("boundary")}>
            <BoundaryEditorLoader
              unit={{ id: unit.id, version: unit.version, name: unit.name, boundary: unit.boundary }}
              parent={detail.parent?.boundary ?? null}
              neighbours={detail.neighbours}
              tiles={map.tiles}
              center={map.center}
            />
          </Card>
        )}
      </div>
    </div>
  );
}
