import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { formatValue, type Card } from "@/lib/dashboard/cards";
import { dashHref, type Keep } from "./href";

function timeText(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(5, 16).replace("T", " ");
}

/** The figure cards; each leads to the list behind it. */
export async function FigureCards({ cards, keep, links, dark = false, compact = false }: { cards: Card[]; keep: Keep; links: { visits: string; residents: string }; dark?: boolean; compact?: boolean }) {
  // The big screen shows every card in one row.
  const t = await getTranslations("dashboard.cards");
  return (
    <ul className={`grid gap-2 ${compact ? "grid-cols-6 2xl:grid-cols-11" : "grid-cols-2 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-6"}`} data-testid="figure-cards">
      {cards.map((c) => {
        const href = c.drill
          ? dashHref("/dashboard/events", keep, { figure: c.drill })
          : c.center
            ? dashHref("/dashboard/center", keep, { figure: c.center })
            : c.link
              ? links[c.link]
              : undefined;
        const value = formatValue(c);
        const box = dark
          ? `bg-slate-900/80 ring-slate-700 ${c.tone === "alert" ? "text-red-400" : "text-slate-100"}`
          : `bg-white ring-slate-200 ${c.tone === "alert" ? "text-red-700" : "text-slate-900"}`;
        const body = (
          <>
            <div className={`text-xs ${dark ? "text-slate-400" : "text-slate-500"}`}>{t(c.key)}</div>
            <div className={`${compact ? "text-3xl" : "text-2xl"} font-semibold tabular-nums`} data-testid={`card-${c.key}`} data-value={c.value ?? ""}>
              {value ?? t("noData")}
            </div>
            <div className={`text-xs tabular-nums ${dark ? "text-slate-500" : "text-slate-500"}`}>
              {c.num !== undefined && c.den !== undefined && c.kind !== "count" && (c.kind === "density" ? t("keyResidents", { key: c.num, residents: c.den }) : t("ratio", { num: c.num, den: c.den }))}
              {c.meanRating != null && ` · ${t("meanRating", { rating: c.meanRating.toFixed(1) })}`}
              {c.computing ? ` · ${t("computing")}` : c.asOf ? ` · ${t("asOf", { time: timeText(c.asOf) })}` : ""}
            </div>
          </>
        );
        return (
          <li key={c.key}>
            {href ? (
              <Link prefetch={false} href={href} title={t(`hint.${c.key}`)} className={`block rounded-lg p-3 ring-1 transition hover:ring-brand-600 ${box}`} data-testid={`card-link-${c.key}`}>
                {body}
              </Link>
            ) : (
              <div title={t(`hint.${c.key}`)} className={`rounded-lg p-3 ring-1 ${box}`}>
                {body}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
