import { gridLayer, gridLayerVersion } from "@/lib/dashboard/data";
import { handle, queryOf } from "@/lib/dashboard/http";

export const dynamic = "force-dynamic";

/**
 * The grid polygons of a unit, compactly encoded (lib/dashboard/geometry.ts). Boundaries
 * change rarely. The page names the layer's current version in the address (`v`): such a
 * response names one content, so the browser keeps it and a repeat view costs no request.
 * Without it (or with an outdated one) the response carries an ETag and a repeat request
 * is answered 304 after one cheap aggregate.
 */
export async function GET(req: Request) {
  return handle(async (viewer) => {
    const url = new URL(req.url);
    const q = queryOf(url);
    const version = await gridLayerVersion(viewer, q.unit);
    const etag = `"g-${version}"`;
    const headers = {
      ETag: etag,
      "Cache-Control": url.searchParams.get("v") === version ? "private, max-age=86400, immutable" : "private, no-cache",
    };
    if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
    return Response.json(await gridLayer(viewer, q.unit), { headers });
  });
}
