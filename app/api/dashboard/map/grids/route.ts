import { gridLayer, gridLayerVersion } from "@/lib/dashboard/data";
import { handle, queryOf } from "@/lib/dashboard/http";

export const dynamic = "force-dynamic";

/**
 * The grid polygons of a unit, compactly encoded (lib/dashboard/geometry.ts). Boundaries
 * change rarely: the response carries an ETag and a repeat request is answered 304 after
 * one cheap aggregate, so drilling back up costs the browser nothing.
 */
export async function GET(req: Request) {
  return handle(async (viewer) => {
    const q = queryOf(new URL(req.url));
    const etag = `"g-${await gridLayerVersion(viewer, q.unit)}"`;
    const headers = { ETag: etag, "Cache-Control": "private, no-cache" };
    if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
    return Response.json(await gridLayer(viewer, q.unit), { headers });
  });
}
