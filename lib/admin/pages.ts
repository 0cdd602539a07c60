import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/server/errors";

/**
 * For pages: a refusal or a missing record shows the not-found page (as for a page that
 * does not exist) rather than an error; the refusal is already in the audit log.
 */
export async function orNotFound<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof AppError && (err.code === "FORBIDDEN" || err.code === "NOT_FOUND")) notFound();
    throw err;
  }
}
