import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/server/errors";

// Helpers of the special projects pages (server components only).

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

/** A search param as one string. */
export function param(sp: Record<string, string | string[] | undefined>, key: string): string | undefined {
  const v = sp[key];
  return Array.isArray(v) ? v[0] : v;
}

/** An id from the URL: anything that cannot be one of ours is a 404 before it reaches a query. */
export function idParam(raw: string): string {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(raw)) notFound();
  return raw;
}
