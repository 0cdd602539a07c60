import "server-only";
import { notFound } from "next/navigation";
import type { Viewer } from "@/lib/server/auth";
import { AppError } from "@/lib/server/errors";
import { db } from "@/lib/server/db";
import { unitsWithin } from "@/lib/server/scope";
import { shortVillageName } from "./rules";
import { unitOptions } from "./shared";

// Glue for the people registry's pages.

/** A record the viewer may not see is the same as one that does not exist: a 404 page. */
export async function orNotFound<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof AppError && (err.code === "NOT_FOUND" || err.code === "FORBIDDEN")) notFound();
    throw err;
  }
}

/** Search params as plain strings (the first value of repeated ones). */
export function plainParams(params: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value) out[k] = value;
  }
  return out;
}

export function hrefWith(base: string, params: Record<string, string | number | null | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${base}?${s}` : base;
}

/** The units a viewer can filter by, and the grids they can write into (with their village). */
export async function scopeOptions(viewer: Viewer) {
  const [units, grids] = await Promise.all([
    unitOptions(viewer),
    db.unit.findMany({
      where: { ...unitsWithin(viewer), level: "GRID", retiredAt: null },
      select: { id: true, name: true, parent: { select: { name: true } } },
      orderBy: { code: "asc" },
    }),
  ]);
  return { units, grids: grids.map((g) => ({ id: g.id, name: g.name, village: shortVillageName(g.parent?.name ?? "") })) };
}
