import "server-only";
import { getViewer, type Viewer } from "@/lib/server/auth";
import { isDatabaseUnavailable } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { mapQuerySchema, type MapQuery } from "./schemas";

// Shared plumbing of the dashboard's HTTP endpoints (map layers and exports): the viewer,
// the query read like the page's filters, and errors as status codes.

export function queryOf(url: URL): MapQuery {
  return mapQuerySchema.parse(Object.fromEntries(url.searchParams));
}

export async function handle(run: (viewer: Viewer) => Promise<Response>): Promise<Response> {
  let viewer: Viewer | null;
  try {
    viewer = await getViewer();
  } catch (err) {
    if (isDatabaseUnavailable(err)) return Response.json({ error: "SERVICE_BUSY" }, { status: 503 });
    throw err;
  }
  if (!viewer) return Response.json({ error: "UNAUTHENTICATED" }, { status: 401 });
  try {
    return await run(viewer);
  } catch (err) {
    if (err instanceof AppError) {
      const status = err.code === "FORBIDDEN" ? 403 : err.code === "NOT_FOUND" ? 404 : err.code === "VALIDATION" ? 400 : 409;
      return Response.json({ error: err.code }, { status });
    }
    if (isDatabaseUnavailable(err)) return Response.json({ error: "SERVICE_BUSY" }, { status: 503 });
    throw err;
  }
}

export const NO_STORE = { "Cache-Control": "private, no-store" };
