import "server-only";
import { currentLocale, translatorFor } from "@/lib/i18n/messages";
import { isDatabaseUnavailable } from "./db-errors";

/**
 * Wraps a route handler so that a database outage, wherever it surfaces (reading the
 * viewer comes first), answers 503 "service busy" with a retry hint instead of a 500.
 */
export function busyAware<A extends unknown[]>(handler: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      const t = translatorFor(await currentLocale());
      return new Response(t("errors.SERVICE_BUSY"), {
        status: 503,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "5", "Cache-Control": "no-store" },
      });
    }
  };
}
