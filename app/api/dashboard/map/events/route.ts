import { parseBBox } from "@/lib/dashboard/clusters";
import { eventClusters } from "@/lib/dashboard/data";
import { handle, NO_STORE, queryOf } from "@/lib/dashboard/http";

export const dynamic = "force-dynamic";

/** Event markers of the view (bbox, zoom), clustered on the server. */
export async function GET(req: Request) {
  return handle(async (viewer) => {
    const q = queryOf(new URL(req.url));
    return Response.json(await eventClusters(viewer, q, parseBBox(q.bbox), q.zoom ?? 10), { headers: NO_STORE });
  });
}
