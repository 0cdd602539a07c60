import { currentLocale, translatorFor } from "@/lib/i18n/messages";
import { downloadableFile } from "@/lib/people/jobs";
import { getViewer } from "@/lib/server/auth";
import { AppError } from "@/lib/server/errors";
import { downloadHeaders, openStored } from "@/lib/server/files";
import { busyAware } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/**
 * Downloads a file produced by one of the viewer's own jobs (an export or an import's
 * error report). Anyone else's file, like a missing one, is a 404.
 */
async function get(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const t = translatorFor(await currentLocale());
  const viewer = await getViewer();
  if (!viewer) return new Response(t("errors.UNAUTHENTICATED"), { status: 401, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  try {
    if (id.length > 40) throw new AppError("NOT_FOUND");
    const file = await downloadableFile(viewer, id);
    const stored = await openStored(file.sha256);
    if (!stored) throw new AppError("NOT_FOUND");
    return new Response(stored.stream, { headers: downloadHeaders({ ...file, size: stored.size }, false) });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const status = err.code === "FORBIDDEN" ? 403 : 404;
    return new Response(t(`errors.${err.code}` as never), { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

export const GET = busyAware(get);
