import { agreementPdf } from "@/lib/center/agreement-pdf";
import { getAgreementPrint } from "@/lib/center/data";
import { currentLocale, translatorFor } from "@/lib/i18n/messages";
import { getViewer } from "@/lib/server/auth";
import { AppError } from "@/lib/server/errors";

export const dynamic = "force-dynamic";

/** The mediation agreement as a PDF, for viewers who may see its case. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const locale = await currentLocale();
  const t = translatorFor(locale);
  const text = (body: string, status: number) => new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const viewer = await getViewer();
  if (!viewer) return text(t("errors.UNAUTHENTICATED"), 401);
  try {
    if (id.length > 40) throw new AppError("NOT_FOUND");
    const a = await getAgreementPrint(viewer, id);
    const tr = (ns: string) => (key: string, values?: Record<string, string | number>) => t(`${ns}.${key}` as never, values as never);
    const pdf = await agreementPdf(a, tr("center.print"), tr("center"), locale);
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Length": String(pdf.length),
        "Content-Disposition": `inline; filename*=UTF-8''${encodeURIComponent(`${a.no}.pdf`)}`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return text(t(`errors.${err.code}` as never), err.code === "FORBIDDEN" ? 403 : 404);
  }
}
