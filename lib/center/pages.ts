import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/server/errors";

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
