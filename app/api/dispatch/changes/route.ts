import { changeToken } from "@/lib/dispatch/data";
import { getViewer } from "@/lib/server/auth";
import { isDatabaseUnavailable } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";

export const dynamic = "force-dynamic";

/**
 * The board's change feed: a token that changes whenever an event of the viewer's county
 * changes (the newest timeline entry's id). Read from the database, so it is the same on
 * every app instance; the board polls it and re-renders only when it moves.
 */
export async function GET() {
  try {
    // Inside the try: the board keeps polling while the database is down, and reading the
    // viewer is the first query to fail then.
    const viewer = await getViewer();
    if (!viewer) return Response.json({ error: "UNAUTHENTICATED" }, { status: 401 });
    return Response.json({ token: await changeToken(viewer) }, { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    if (err instanceof AppError) return Response.json({ error: err.code }, { status: err.code === "FORBIDDEN" ? 403 : 404 });
    if (isDatabaseUnavailable(err)) return Response.json({ error: "SERVICE_BUSY" }, { status: 503 });
    throw err;
  }
}
