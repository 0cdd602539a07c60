import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Badge, Empty, fmt } from "./ui";

export interface WhistleItem {
  id: string;
  status: string;
  late: boolean;
  caseLabel: string;
  reason: string;
  blownAt: Date;
  reportDueAt: Date;
  reportedAt: Date | null;
  unit: { name: string };
  department: { name: string };
}

export async function WhistleList({ items, compact = false }: { items: WhistleItem[]; compact?: boolean }) {
  const t = await getTranslations("center");
  if (!items.length) return <Empty>{t("common.empty")}</Empty>;
  return (
    <ul className={`divide-y divide-slate-100 text-sm ${compact ? "" : "rounded-lg border border-slate-200 bg-white"}`} data-testid="whistles">
      {items.map((w) => (
        <li key={w.id}>
          <Link href={`/center/whistles/${w.id}`} className={`block py-2 hover:bg-brand-50 ${compact ? "" : "px-3"}`} data-status={w.status}>
            <span className="flex flex-wrap items-center gap-1.5">
              <Badge tone={w.status === "REPORTED" ? (w.late ? "amber" : "green") : w.late ? "red" : "blue"}>
                {t(`whistleStatus.${w.status}`)}
                {w.late ? ` · ${t("common.late")}` : ""}
              </Badge>
              <span className="font-medium">{w.department.name}</span>
              <span className="ml-auto text-xs text-slate-500">
                {t("whistle.dueAt")} {fmt(w.reportDueAt)}
              </span>
            </span>
            <span className="mt-0.5 block text-slate-600">{w.caseLabel}</span>
            {!compact && <span className="block text-xs text-slate-500">{w.unit.name} · {w.reason}</span>}
          </Link>
        </li>
      ))}
    </ul>
  );
}
