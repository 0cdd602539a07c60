import { exportDashboard } from "@/lib/dashboard/export";
import { handle } from "@/lib/dashboard/http";
import { exportQuerySchema } from "@/lib/dashboard/schemas";
import { currentLocale } from "@/lib/i18n/messages";

export const dynamic = "force-dynamic";

/** The current dashboard view as .xlsx or .pdf (audited). */
export async function GET(req: Request) {
  return handle(async (viewer) => {
    const q = exportQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
    const file = await exportDashboard(viewer, q, q.format, await currentLocale());
    return new Response(new Uint8Array(file.body), {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.fileName}"`,
        "Cache-Control": "private, no-store",
      },
    });
  });
}
