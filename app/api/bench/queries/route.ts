import { queryCounter } from "@/lib/server/prisma";

export const dynamic = "force-dynamic";

/** SQL statements issued so far by this instance; exists only in benchmark mode. */
export function GET() {
  if (process.env.VITALGRID_BENCH !== "1") return new Response("Not found", { status: 404 });
  return Response.json({ count: queryCounter.count });
}
