import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { WhistleList } from "@/components/center/whistle-list";
import { PageHeader } from "@/components/center/ui";
import { listWhistles } from "@/lib/center/data";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

export default async function WhistlesPage({ searchParams }: { searchParams: Promise<{ open?: string }> }) {
  const viewer = await requireViewer();
  const open = (await searchParams).open === "1";
  const [items, t] = await Promise.all([found(listWhistles(viewer, open)), getTranslations("center")]);
  return (
    <div className="space-y-3">
      <PageHeader
        title={t("whistle.title")}
        subtitle={viewer.departmentName ?? viewer.unitName}
        actions={<Link href={open ? "/center/whistles" : "/center/whistles?open=1"} className="text-sm text-brand-700 hover:underline">{open ? t("common.all") : t("whistle.onlyOpen")}</Link>}
      />
      <WhistleList items={items} />
    </div>
  );
}
