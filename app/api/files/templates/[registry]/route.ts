import { currentLocale, translatorFor } from "@/lib/i18n/messages";
import { templateFor } from "@/lib/people/templates";
import { REGISTRIES, type Registry } from "@/lib/people/schemas";
import { getViewer } from "@/lib/server/auth";
import { AppError } from "@/lib/server/errors";
import { busyAware } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** The .xlsx template of a registry, in the viewer's language, listing the grids they may import into. */
async function get(_req: Request, { params }: { params: Promise<{ registry: string }> }) {
  const { registry } = await params;
  const locale = await currentLocale();
  const t = translatorFor(locale);
  const viewer = await getViewer();
  if (!viewer) return new Response(t("errors.UNAUTHENTICATED"), { status: 401, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  if (!(REGISTRIES as readonly string[]).includes(registry))
    return new Response(t("errors.NOT_FOUND"), { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  try {
    const { bytes, fileName } = await templateFor(viewer, registry as Registry, locale);
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return new Response(t(`errors.${err.code}` as never), { status: err.code === "FORBIDDEN" ? 403 : 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

export const GET = busyAware(get);
