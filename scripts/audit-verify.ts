// `npm run audit:verify`: walks the audit log's hash chain and reports the first broken
// link (a row edited, removed or inserted behind the application's back). Exit code 0
// when the chain is whole, 1 when it is broken.
import { verifyAuditChain } from "@/lib/admin/audit-chain";
import { createPrisma } from "@/lib/server/prisma";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set");
  process.exit(2);
}
const client = createPrisma(url, { max: 1, statementTimeoutMs: 600_000 });
try {
  const report = await verifyAuditChain(client);
  if (report.ok) {
    console.log(`audit log intact: ${report.rows} entries${report.firstId ? ` from #${report.firstId}` : ""}, last hash ${report.lastHash ?? "(none)"}`);
  } else {
    const why = { content: "its content does not match its hash (edited)", link: "it does not link to the entry before it (an entry was removed or inserted)", "missing-hash": "it has no hash" };
    console.error(`audit log BROKEN at entry #${report.broken!.id}: ${why[report.broken!.reason]}; ${report.rows} entries before it are intact.`);
    process.exitCode = 1;
  }
} finally {
  await client.$disconnect();
}
