import { getFormatter, getTranslations } from "next-intl/server";
import type { HistoryItem } from "@/lib/grid/registry";

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * A record's change history, newest first: who did what when, field by field, and the
 * grids it moved between.
 */
export async function HistoryList({
  items,
  fieldLabel,
  valueLabel,
}: {
  items: HistoryItem[];
  fieldLabel: (field: string) => string;
  /** A translated value for enum-like fields, or undefined to show the raw value. */
  valueLabel?: (field: string, value: string) => string | undefined;
}) {
  const t = await getTranslations("grid.history");
  const format = await getFormatter();
  const show = (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === "") return "—";
    if (typeof value === "string") {
      if (ISO.test(value)) return format.dateTime(new Date(value), { dateStyle: "medium", timeStyle: "short" });
      return valueLabel?.(field, value) ?? value;
    }
    return String(value);
  };
  if (!items.length) return <p className="text-sm text-slate-500">{t("empty")}</p>;
  return (
    <ol className="space-y-3" data-testid="history">
      {items.map((h) => (
        <li key={h.id} className="border-l-2 border-slate-200 pl-3 text-sm" data-action={h.action}>
          <div className="flex flex-wrap items-baseline gap-x-2">
            <span className="font-medium">{t.has(`actions.${h.action}`) ? t(`actions.${h.action}`) : h.action}</span>
            <span className="text-xs text-slate-500">{format.dateTime(h.at, { dateStyle: "medium", timeStyle: "short" })}</span>
            <span className="text-xs text-slate-500">{h.actorName ?? t("system")}</span>
            {h.gridName && <span className="text-xs text-slate-400">{h.gridName}</span>}
          </div>
          {h.reason && <p className="text-slate-700">{t("reason", { reason: h.reason })}</p>}
          {h.changes && (
            <ul className="mt-1 space-y-0.5 text-xs text-slate-600">
              {Object.entries(h.changes).map(([field, pair]) => (
                <li key={field} className="break-words">
                  {t("change", { field: fieldLabel(field), from: show(field, pair?.[0]), to: show(field, pair?.[1]) })}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
