import "server-only";
import { notFound } from "next/navigation";
import type { TileConfig } from "@/components/map/grid-map";
import { AppError } from "@/lib/server/errors";
import { mapConfig } from "@/lib/settings/map";

// Helpers of the grid module's pages (server components only).

/**
 * Awaits a data function for a page: a record missing or outside the territory (and a
 * role without access) shows the 404 page instead of the error boundary.
 */
export async function found<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof AppError && (err.code === "NOT_FOUND" || err.code === "FORBIDDEN")) notFound();
    throw err;
  }
}

/**
 * The base map as the map settings say now (none: shapes on a blank background); the
 * environment only supplies the defaults, so a change on the admin pages shows at once.
 */
export async function mapTiles(): Promise<TileConfig> {
  return (await mapConfig()).tiles;
}

/** A page's search params as plain strings (the first value of repeated ones). */
export function plainParams(sp: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(sp)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined && value !== "") out[k] = value;
  }
  return out;
}
