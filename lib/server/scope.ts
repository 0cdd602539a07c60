import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import type { Viewer } from "./auth";

/**
 * Units inside the viewer's territory: the viewer's unit and everything below it.
 * `pathIds` holds every ancestor id, so this is one GIN-indexed containment test.
 * Put it in the `where` of every query, so a record outside the territory is simply
 * not found.
 */
export function unitsWithin(viewer: Pick<Viewer, "unitId">): Prisma.UnitWhereInput {
  return { pathIds: { has: viewer.unitId } };
}

/** Records that belong to a grid inside the viewer's territory. */
export function inTerritory(viewer: Pick<Viewer, "unitId">): { grid: Prisma.UnitWhereInput } {
  return { grid: unitsWithin(viewer) };
}
