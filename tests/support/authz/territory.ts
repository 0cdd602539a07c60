import { db } from "@/lib/server/db";
import { parseDivisionCsv } from "@/lib/territory/csv";
import { getTerritory, importDivisions } from "@/lib/territory/data";
import { NOT_APPLICABLE, type AuthzCases } from "./types";

export const territoryCases: AuthzCases = {
  "territory.view": async (viewer, inside) => {
    if (!inside) return NOT_APPLICABLE;
    const t = await getTerritory(viewer);
    const allowed = new Set((await db.unit.findMany({ where: { pathIds: { has: viewer.unitId } }, select: { id: true } })).map((u) => u.id));
    if (!t.units.every((u) => allowed.has(u.id)) || !t.grids.every((g) => allowed.has(g.id))) throw new Error("territory leak");
  },
  "territory.import": async (viewer, inside) => {
    const county = inside ? "990101000000" : "990102000000";
    const csv = `code,name,parent_code\n${county},县,990100000000\n${county.slice(0, 6)}900000,新镇,${county}\n`;
    return importDivisions(viewer, parseDivisionCsv(csv).rows);
  },
};
