import { db, isDatabaseUnavailable } from "@/lib/server/db";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers and the test harness. */
export async function GET() {
  try {
    await db.$queryRaw`SELECT 1`;
    return Response.json({ ok: true, database: "up" });
  } catch (err) {
    if (!isDatabaseUnavailable(err)) console.error("[health]", err);
    return Response.json({ ok: false, database: "down" }, { status: 503 });
  }
}
