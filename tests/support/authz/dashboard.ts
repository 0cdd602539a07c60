import { assessment, dashboardFigures, saveScoringRules, scoringRules } from "@/lib/dashboard/data";
import { exportDashboard } from "@/lib/dashboard/export";
import { DEFAULT_RULES } from "@/lib/dashboard/scoring";
import { db } from "@/lib/server/db";
import { fixture } from "../fixtures";
import { NOT_APPLICABLE, type AuthzCases } from "./types";

export const dashboardCases: AuthzCases = {
  "dashboard.view": async (viewer, inside) => dashboardFigures(viewer, inside ? {} : { unit: fixture().units.B }),
  "dashboard.assessment": async (viewer, inside) => {
    const board = await assessment(viewer, {});
    if (inside) return board;
    // No target: check that nothing of the other county leaked into any of the viewer's boards.
    const outside = new Set([String(fixture().units.GB), String(fixture().units.B), fixture().users.gridB]);
    for (const kind of board.kinds) {
      for (const level of [undefined, ...board.levels]) {
        const b = await assessment(viewer, { kind, level });
        if (b.rows.some((r) => outside.has(r.id))) throw new Error("assessment leak");
      }
    }
    return NOT_APPLICABLE;
  },
  "dashboard.rules": async (viewer, inside) => {
    const { version } = await scoringRules(viewer).catch(() => ({ version: 0 }));
    const saved = await saveScoringRules(viewer, { version, rules: DEFAULT_RULES });
    if (inside) return saved;
    // The rules are the viewer's own county's: the other county's stay untouched.
    if ((await db.dashboardScoringRules.count({ where: { countyId: fixture().units.B } })) > 0) throw new Error("rules leak");
    return NOT_APPLICABLE;
  },
  "dashboard.export": async (viewer, inside) => exportDashboard(viewer, inside ? {} : { unit: fixture().units.B }, "xlsx", "zh-CN"),
};
