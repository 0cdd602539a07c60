import { currentLocale, translatorFor } from "@/lib/i18n/messages";
import { projectReport } from "@/lib/projects/report";
import { getViewer } from "@/lib/server/auth";
import { AppError } from "@/lib/server/errors";

export const dynamic = "force-dynamic";

/** The campaign report as .xlsx: one sheet per unit level and the findings, for the viewer's territory. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const t = translatorFor(await currentLocale());
  const text = (body: string, status: number) => new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const viewer = await getViewer();
  if (!viewer) return text(t("errors.UNAUTHENTICATED"), 401);
  try {
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(id)) throw new AppError("NOT_FOUND");
    const { buffer, filename } = await projectReport(viewer, id);
    return new Response(new Uint8Array(buffer), {
      headers: {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return text(t(`errors.${err.code}` as never), err.code === "FORBIDDEN" ? 403 : 404);
  }
}
