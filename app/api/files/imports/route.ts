import { z } from "zod";
import { receiveUpload } from "@/lib/people/import";
import { REGISTRIES } from "@/lib/people/schemas";
import { runAction } from "@/lib/server/action";
import { getViewer } from "@/lib/server/auth";
import { busyAware } from "@/lib/server/route";

export const dynamic = "force-dynamic";

const uploadSchema = z.object({
  registry: z.enum(REGISTRIES),
  fileName: z.string().trim().min(1).max(200),
});

/**
 * Receives a spreadsheet as the raw request body (not multipart, so it can be streamed to
 * disk and cut off at the size limit): POST ?registry=residents with the file name in the
 * X-File-Name header, URI-encoded. Answers like a server action: { ok, data | message }.
 */
async function post(req: Request) {
  const url = new URL(req.url);
  const declared = Number(req.headers.get("content-length"));
  let fileName = "";
  try {
    fileName = decodeURIComponent(req.headers.get("x-file-name") ?? "");
  } catch {
    fileName = "";
  }
  const result = await runAction(
    await getViewer(),
    uploadSchema,
    (viewer, input) => receiveUpload(viewer, { ...input, size: Number.isFinite(declared) && declared > 0 ? declared : null, body: req.body }),
    { registry: url.searchParams.get("registry") ?? "", fileName },
  );
  const status = result.ok ? 200 : result.code === "PAYLOAD_TOO_LARGE" ? 413 : result.code === "UNAUTHENTICATED" ? 401 : 400;
  return Response.json(result, { status });
}

export const POST = busyAware(post);
