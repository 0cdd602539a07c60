import { parseBBox } from "@/lib/dashboard/clusters";
import { eventHeat } from "@/lib/dashboard/data";
import { handle, NO_STORE, queryOf } from "@/lib/dashboard/http";

export const dynamic = "force-dynamic";

/** The heat layer of the view: events of the period binned on the server. */
export async function GET(req: Request) {
  return handle(async (viewer) => {
    const q = queryOf(new URL(req.url));
    return Response.json(await eventHeat(viewer, q, parseBBox(q.bbox), q.zoom ?? 10), { headers: NO_STORE });
  });
}
