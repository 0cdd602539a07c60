import { getTranslations } from "next-intl/server";
import type { TeamEntry } from "@/lib/grid/team-data";
import { Badge, Empty } from "./ui";

/** A grid's team, role by role, with tap-to-call numbers. */
export async function TeamList({ team, actions }: { team: TeamEntry[]; actions?: (entry: TeamEntry) => React.ReactNode }) {
  const t = await getTranslations("grid.team");
  if (!team.length) return <Empty>{t("none")}</Empty>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="team-list">
      {team.map((m) => (
        <li key={m.assignmentId} className="flex flex-wrap items-center justify-between gap-2 py-2">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium">{m.name}</span>
              <Badge tone="blue">{t(`roles.${m.role}`)}</Badge>
              {m.gridCount > 1 && <span className="text-xs text-slate-500">{t("servesGrids", { count: m.gridCount })}</span>}
            </div>
            {m.note && <p className="truncate text-xs text-slate-500">{m.note}</p>}
          </div>
          <div className="flex items-center gap-2">
            {m.phone && (
              <a href={`tel:${m.phone}`} className="rounded border border-slate-300 px-2 py-1 text-sm text-brand-700">
                {m.phone}
              </a>
            )}
            {actions?.(m)}
          </div>
        </li>
      ))}
    </ul>
  );
}
