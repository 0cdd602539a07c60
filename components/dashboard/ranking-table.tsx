"use client";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { dashHref, type Keep } from "./href";

export interface RankingItem {
  id: number;
  name: string;
  reported: number;
  open: number;
  overdue: number;
  onTime: number | null;
  resolvedGrid: number | null;
  satisfaction: number | null;
  visits: number | null;
  keyPer1000: number | null;
}

const COLUMNS = ["reported", "open", "overdue", "onTime", "resolvedGrid", "satisfaction", "visits", "keyPer1000"] as const;
type Column = (typeof COLUMNS)[number];
const RATES: readonly Column[] = ["onTime", "resolvedGrid", "satisfaction", "visits"];
const DRILL: Partial<Record<Column, string>> = { reported: "reported", open: "open", overdue: "overdue", onTime: "closed", resolvedGrid: "resolvedGrid", satisfaction: "rated" };

/** The child units side by side; a click on a header sorts, a click on a name drills down. */
export function RankingTable({ rows, keep, dark = false }: { rows: RankingItem[]; keep: Keep; dark?: boolean }) {
  const t = useTranslations("dashboard.ranking");
  const [sort, setSort] = useState<{ col: Column; desc: boolean }>({ col: "reported", desc: true });
  const sorted = [...rows].sort((a, b) => {
    const x = a[sort.col];
    const y = b[sort.col];
    if (x === y) return a.name.localeCompare(b.name, "zh-CN");
    if (x === null) return 1;
    if (y === null) return -1;
    return sort.desc ? y - x : x - y;
  });
  const fmt = (c: Column, v: number | null) => (v === null ? "—" : RATES.includes(c) ? `${(v * 100).toFixed(1)}%` : c === "keyPer1000" ? v.toFixed(1) : String(v));
  const head = dark ? "bg-slate-800 text-slate-300" : "bg-slate-50 text-slate-600";
  const line = dark ? "border-slate-800" : "border-slate-100";
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[44rem] text-sm" data-testid="ranking">
        <thead>
          <tr className={head}>
            <th className="px-2 py-1 text-left font-medium">{t("unit")}</th>
            {COLUMNS.map((c) => (
              <th key={c} className="px-2 py-1 text-right font-medium">
                <button type="button" onClick={() => setSort((s) => ({ col: c, desc: s.col === c ? !s.desc : true }))} className="hover:underline" aria-sort={sort.col === c ? (sort.desc ? "descending" : "ascending") : "none"}>
                  {t(c)}
                  {sort.col === c ? (sort.desc ? " ↓" : " ↑") : ""}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.id} className={`border-b ${line}`} data-unit={r.id}>
              <td className="px-2 py-1">
                <Link prefetch={false} href={dashHref("/dashboard", { ...keep, unit: r.id })} className="text-brand-700 hover:underline" data-testid="ranking-unit">
                  {r.name}
                </Link>
              </td>
              {COLUMNS.map((c) => (
                <td key={c} className={`px-2 py-1 text-right tabular-nums ${c === "overdue" && r.overdue > 0 ? "text-red-600" : ""}`}>
                  {DRILL[c] && r[c] !== null ? (
                    <Link prefetch={false} href={dashHref("/dashboard/events", { ...keep, unit: r.id }, { figure: DRILL[c] })} className="hover:underline">
                      {fmt(c, r[c])}
                    </Link>
                  ) : (
                    fmt(c, r[c])
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
