import { measureLayer } from "@/lib/dashboard/data";
import { handle, NO_STORE, queryOf } from "@/lib/dashboard/http";

export const dynamic = "force-dynamic";

/** The chosen measure for every grid of the unit, with the legend's class breaks. */
export async function GET(req: Request) {
  return handle(async (viewer) => Response.json(await measureLayer(viewer, queryOf(new URL(req.url))), { headers: NO_STORE }));
}
