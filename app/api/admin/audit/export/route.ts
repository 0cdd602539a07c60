import type { NextRequest } from "next/server";
import { exportAudit } from "@/lib/admin/data";
import { getViewer } from "@/lib/server/auth";
import { AppError } from "@/lib/server/errors";
import { busyAware } from "@/lib/server/route";

/** The audit log as .xlsx, filtered like the search page; the audit administrator's only. */
async function get(req: NextRequest) {
  const viewer = await getViewer();
  if (!viewer) return new Response("unauthenticated", { status: 401 });
  const p = req.nextUrl.searchParams;
  const get = (k: string) => p.get(k) ?? undefined;
  try {
    const { stream, filename } = await exportAudit(viewer, {
      user: get("user"),
      action: get("action"),
      targetType: get("targetType"),
      targetId: get("targetId"),
      result: get("result"),
      ip: get("ip"),
      from: get("from"),
      to: get("to"),
    });
    return new Response(stream, {
      headers: {
        "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "content-disposition": `attachment; filename="${filename}"`,
        "cache-control": "no-store",
      },
    });
  } catch (err) {
    if (err instanceof AppError && err.code === "FORBIDDEN") return new Response("forbidden", { status: 403 });
    throw err;
  }
}

export const GET = busyAware(get);
