import { getEventAttachment } from "@/lib/dispatch/data";
import { currentLocale, translatorFor } from "@/lib/i18n/messages";
import { getViewer } from "@/lib/server/auth";
import { AppError } from "@/lib/server/errors";
import { downloadHeaders, openStored } from "@/lib/server/files";
import { busyAware } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** A photo or file of an event's timeline, for viewers who may see that entry. */
async function get(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const t = translatorFor(await currentLocale());
  const text = (body: string, status: number) => new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const viewer = await getViewer();
  if (!viewer) return text(t("errors.UNAUTHENTICATED"), 401);
  try {
    if (id.length > 40) throw new AppError("NOT_FOUND");
    const att = await getEventAttachment(viewer, id);
    const stored = await openStored(att.sha256);
    if (!stored) throw new AppError("NOT_FOUND");
    return new Response(stored.stream, { headers: downloadHeaders({ ...att, size: stored.size }, att.mimeType.startsWith("image/")) });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return text(t(`errors.${err.code}` as never), err.code === "FORBIDDEN" ? 403 : 404);
  }
}

export const GET = busyAware(get);
