import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { RISK_LEVELS, type RiskLevel } from "@/lib/dashboard/rates";
import { dashHref, type Keep } from "./href";

const TONE: Record<RiskLevel, string> = { RED: "bg-red-600", ORANGE: "bg-orange-500", YELLOW: "bg-yellow-400", GREEN: "bg-green-500" };

/** Open disputes by risk level (矛盾纠纷风险分层); each level leads to its disputes. */
export async function RiskPanel({ openByRisk, keep, dark = false }: { openByRisk: Record<RiskLevel, number>; keep: Keep; dark?: boolean }) {
  const t = await getTranslations("dashboard.risks");
  return (
    <section data-testid="risk-panel" title={t("hint")}>
      <h2 className="mb-1 font-medium">{t("title")}</h2>
      <ul className="grid grid-cols-4 gap-2">
        {RISK_LEVELS.map((r) => (
          <li key={r}>
            <Link prefetch={false} href={dashHref("/dashboard/center", keep, { figure: "openDisputes", risk: r })} className={`block rounded-md p-2 text-center ring-1 hover:ring-brand-600 ${dark ? "ring-slate-700" : "ring-slate-200"}`}>
              <span className={`mx-auto mb-1 block h-1.5 w-8 rounded ${TONE[r]}`} />
              <span className="block text-xl font-semibold tabular-nums" data-testid={`risk-${r}`}>{openByRisk[r]}</span>
              <span className={`text-xs ${dark ? "text-slate-400" : "text-slate-500"}`}>{t(r)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
