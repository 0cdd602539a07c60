import { getViewer } from "@/lib/server/auth";
import { AppError } from "@/lib/server/errors";
import { downloadHeaders, openStored } from "@/lib/server/files";
import { visitPhoto } from "@/lib/visits/data";

// A visit photo, for whoever may see the visit; 404 for anything else.
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  if (!viewer) return new Response(null, { status: 401 });
  const { id } = await params;
  try {
    const att = await visitPhoto(viewer, id);
    const stored = await openStored(att.sha256);
    if (!stored) return new Response(null, { status: 404 });
    return new Response(stored.stream, { headers: downloadHeaders({ ...att, size: stored.size }, true) });
  } catch (err) {
    if (err instanceof AppError && (err.code === "NOT_FOUND" || err.code === "FORBIDDEN")) return new Response(null, { status: 404 });
    throw err;
  }
}
