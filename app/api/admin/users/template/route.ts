import { userImportTemplate } from "@/lib/admin/data";
import { getViewer } from "@/lib/server/auth";
import { AppError } from "@/lib/server/errors";
import { busyAware } from "@/lib/server/route";

async function get() {
  const viewer = await getViewer();
  if (!viewer) return new Response("unauthenticated", { status: 401 });
  const body = await userImportTemplate(viewer).catch((err) => {
    if (err instanceof AppError && err.code === "FORBIDDEN") return null;
    throw err;
  });
  if (!body) return new Response("forbidden", { status: 403 });
  return new Response(new Uint8Array(body), {
    headers: {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": `attachment; filename="users-template.xlsx"`,
      "cache-control": "no-store",
    },
  });
}

export const GET = busyAware(get);
