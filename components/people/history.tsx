import { getLocale, getTranslations } from "next-intl/server";
import { ethnicityName } from "@/lib/ethnicity";
import type { HistoryItem } from "@/lib/people/data";
import { Card, formatDateTime } from "./ui";

/** Message sections that name the values of enum fields. */
const ENUM_SECTION: Record<string, string> = {
  residenceType: "residenceType",
  relationToHead: "relation",
  visitTier: "visitTierShort",
  use: "houseUse",
  tenure: "tenure",
  dataState: "dataState",
  sex: "sex",
};

/** A record's change history, newest first, wherever it lived at the time. */
export async function HistoryList({ items }: { items: HistoryItem[] }) {
  const t = await getTranslations("people.history");
  const tf = await getTranslations("people.fields");
  const tp = await getTranslations("people");
  const locale = await getLocale();
  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === "") return "—";
    if (Array.isArray(v)) return v.join("、") || "—";
    if (typeof v === "boolean") return tp(v ? "common.yes" : "common.no");
    if (field === "ethnicity") return ethnicityName(String(v), locale);
    const section = ENUM_SECTION[field];
    if (section && tp.has(`${section}.${v}` as never)) return tp(`${section}.${v}` as never);
    return String(v);
  };
  return (
    <Card title={t("title")} testId="history">
      {items.length === 0 ? (
        <p className="text-sm text-slate-500">{t("empty")}</p>
      ) : (
        <ol className="space-y-2 text-sm">
          {items.map((h) => (
            <li key={h.id} className="border-l-2 border-slate-200 pl-3" data-action={h.action}>
              <div className="flex flex-wrap gap-x-2 text-slate-900">
                <span className="font-medium">{t.has(h.action as never) ? t(h.action as never) : h.action}</span>
                <span className="text-slate-500">{formatDateTime(h.at)}</span>
                <span className="text-slate-500">{h.actorName ?? t("system")}</span>
              </div>
              {h.gridName && <div className="text-xs text-slate-500">{t("in", { grid: h.gridName })}</div>}
              {h.reason && h.reason !== "import" && <div className="text-xs text-slate-600">{t("reason", { reason: h.reason })}</div>}
              {h.changes && (
                <ul className="mt-0.5 text-xs text-slate-600">
                  {Object.entries(h.changes).map(([field, [before, after]]) => (
                    <li key={field}>
                      {tf.has(field as never) ? tf(field as never) : field}：
                      {before === "***" ? t("secret") : `${show(field, before)} → ${show(field, after)}`}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
