import { monthlyReportXlsx } from "@/lib/center/data";
import { reportQuerySchema, TOPICS } from "@/lib/center/schemas";
import { currentLocale, translatorFor } from "@/lib/i18n/messages";
import { getViewer } from "@/lib/server/auth";
import { AppError } from "@/lib/server/errors";

export const dynamic = "force-dynamic";

const COLUMNS = ["unit", "disputes", "highRisk", "agreed", "referred", "successRate", "petitions", "joint", "repeat", "decided", "decidedOnTime", "replied", "repliedOnTime", "onTimeRate"] as const;

/** The monthly statistics as a spreadsheet (.xlsx); audited. */
export async function GET(req: Request) {
  const t = translatorFor(await currentLocale());
  const viewer = await getViewer();
  const text = (body: string, status: number) => new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  if (!viewer) return text(t("errors.UNAUTHENTICATED"), 401);
  const q = reportQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const tr = (key: string) => t(`center.${key}` as never);
  try {
    const { buffer, fileName } = await monthlyReportXlsx(viewer, q, {
      columns: COLUMNS.map((c) => tr(`reports.columns.${c}`)),
      typeColumns: [tr("reports.columns.type"), tr("reports.columns.disputes"), tr("reports.columns.petitions")],
      types: Object.fromEntries(TOPICS.map((x) => [x, tr(`topics.${x}`)])),
      total: tr("reports.total"),
      own: tr("reports.own"),
      sheet: tr("reports.sheet"),
      typeSheet: tr("reports.typeSheet"),
    });
    return new Response(new Uint8Array(buffer), {
      headers: {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": `attachment; filename="${fileName}"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return text(t(`errors.${err.code}` as never), err.code === "FORBIDDEN" ? 403 : 404);
  }
}
