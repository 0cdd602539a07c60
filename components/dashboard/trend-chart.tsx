import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { GRANULARITIES, type Granularity } from "@/lib/dashboard/periods";
import { dashHref, type Keep } from "./href";

const W = 640;
const H = 200;
const PAD = { left: 34, right: 8, top: 10, bottom: 24 };

function niceMax(x: number): number {
  if (x <= 5) return 5;
  const p = 10 ** Math.floor(Math.log10(x));
  return Math.ceil(x / p) * p;
}

/**
 * Reported and closed events per bucket, drawn as SVG on the server: no chart library
 * reaches the browser, on this page or any other.
 */
export async function TrendChart({ points, granularity, keep, path, dark = false }: { points: { key: string; reported: number; closed: number }[]; granularity: Granularity; keep: Keep; path: string; dark?: boolean }) {
  const t = await getTranslations("dashboard.trend");
  const max = niceMax(Math.max(1, ...points.map((p) => Math.max(p.reported, p.closed))));
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length <= 1 ? iw / 2 : (i * iw) / (points.length - 1));
  const y = (v: number) => PAD.top + ih - (v / max) * ih;
  const line = (k: "reported" | "closed") => points.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p[k]).toFixed(1)}`).join(" ");
  const every = Math.max(1, Math.ceil(points.length / 8));
  const label = (key: string) => (granularity === "month" ? key.slice(0, 7) : key.slice(5));
  const axis = dark ? "#475569" : "#cbd5e1";
  const text = dark ? "#94a3b8" : "#64748b";
  return (
    <section aria-labelledby="trend-title" data-testid="trend">
      <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
        <h2 id="trend-title" className="font-medium">{t("title")}</h2>
        <div className="flex gap-1 text-xs">
          {GRANULARITIES.map((g) => (
            <Link
              prefetch={false}
              key={g}
              href={dashHref(path, { ...keep, trend: g })}
              aria-current={g === granularity ? "true" : undefined}
              className={`rounded-full px-2 py-0.5 ${g === granularity ? "bg-brand-600 text-white" : dark ? "text-slate-300 ring-1 ring-slate-600" : "text-slate-700 ring-1 ring-slate-200"}`}
            >
              {t(g)}
            </Link>
          ))}
        </div>
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t("title")} className="h-auto w-full">
        {[0, 0.25, 0.5, 0.75, 1].map((f) => (
          <g key={f}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(max * f)} y2={y(max * f)} stroke={axis} strokeWidth={f === 0 ? 1 : 0.5} strokeDasharray={f === 0 ? undefined : "3 3"} />
            <text x={PAD.left - 4} y={y(max * f)} dy="0.35em" textAnchor="end" fontSize="10" fill={text}>
              {Math.round(max * f)}
            </text>
          </g>
        ))}
        {points.map((p, i) =>
          i % every === 0 || i === points.length - 1 ? (
            <text key={p.key} x={x(i)} y={H - 6} textAnchor="middle" fontSize="10" fill={text}>
              {label(p.key)}
            </text>
          ) : null,
        )}
        <path d={line("reported")} fill="none" stroke="#2563eb" strokeWidth={2} />
        <path d={line("closed")} fill="none" stroke="#16a34a" strokeWidth={2} strokeDasharray="5 3" />
        {points.map((p, i) => (
          <g key={p.key}>
            <circle cx={x(i)} cy={y(p.reported)} r={2.2} fill="#2563eb">
              <title>{`${p.key} ${t("reported")} ${p.reported}`}</title>
            </circle>
            <circle cx={x(i)} cy={y(p.closed)} r={2.2} fill="#16a34a">
              <title>{`${p.key} ${t("closed")} ${p.closed}`}</title>
            </circle>
          </g>
        ))}
      </svg>
      <div className={`flex gap-4 text-xs ${dark ? "text-slate-400" : "text-slate-600"}`}>
        <span className="inline-flex items-center gap-1"><span className="inline-block h-0.5 w-4 bg-blue-600" />{t("reported")} {points.reduce((s, p) => s + p.reported, 0)}</span>
        <span className="inline-flex items-center gap-1"><span className="inline-block h-0.5 w-4 bg-green-600" />{t("closed")} {points.reduce((s, p) => s + p.closed, 0)}</span>
      </div>
    </section>
  );
}
