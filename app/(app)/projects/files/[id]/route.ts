import { currentLocale, translatorFor } from "@/lib/i18n/messages";
import { getSubmissionPhoto } from "@/lib/projects/tasks-data";
import { getViewer } from "@/lib/server/auth";
import { AppError } from "@/lib/server/errors";
import { downloadHeaders, openStored } from "@/lib/server/files";

export const dynamic = "force-dynamic";

/** A photo of a campaign submission, for viewers who may see that submission. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const t = translatorFor(await currentLocale());
  const text = (body: string, status: number) => new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const viewer = await getViewer();
  if (!viewer) return text(t("errors.UNAUTHENTICATED"), 401);
  try {
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(id)) throw new AppError("NOT_FOUND");
    const att = await getSubmissionPhoto(viewer, id);
    const stored = await openStored(att.sha256);
    if (!stored) throw new AppError("NOT_FOUND");
    return new Response(stored.stream, { headers: downloadHeaders({ ...att, size: stored.size }, att.mimeType.startsWith("image/")) });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return text(t(`errors.${err.code}` as never), err.code === "FORBIDDEN" ? 403 : 404);
  }
}
