// `npm run audit:purge`: deletes audit entries older than the retention setting (at least
// 180 days). The database refuses to delete anything younger than 180 days whatever this
// asks. Run it with the database owner's credentials: the application's role has no
// DELETE on the audit log. The oldest remaining entry then anchors the hash chain.
import { AUDIT_MIN_RETENTION_DAYS, defaultSettings, readStored } from "@/lib/settings/definitions";
import { createPrisma } from "@/lib/server/prisma";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set");
  process.exit(2);
}
const client = createPrisma(url, { max: 1, statementTimeoutMs: 600_000 });
try {
  const row = await client.setting.findUnique({ where: { key: "audit.retention" }, select: { value: true } });
  const fallback = defaultSettings(process.env)["audit.retention"];
  const days = Math.max(AUDIT_MIN_RETENTION_DAYS, (row ? readStored("audit.retention", row.value, fallback) : fallback).days);
  const deleted = await client.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SET LOCAL vitalgrid.audit_purge = 'on'`);
    return tx.$executeRawUnsafe(`DELETE FROM "AuditLog" WHERE at < (now() AT TIME ZONE 'UTC') - make_interval(days => $1::int)`, days);
  });
  console.log(`deleted ${deleted} audit entries older than ${days} days`);
} finally {
  await client.$disconnect();
}
