import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/server/errors";

/** A page's data: missing, outside the territory or not allowed shows the 404 page. */
export async function found<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof AppError && (err.code === "NOT_FOUND" || err.code === "FORBIDDEN")) notFound();
    throw err;
  }
}

/** Search params as plain strings (the first of repeated ones). */
export function plainParams(sp: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(sp)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined && value !== "") out[k] = value;
  }
  return out;
}
