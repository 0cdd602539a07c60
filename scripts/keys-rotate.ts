// `npm run keys:rotate`: re-encrypts every secret not written with the current data key
// (DATA_ENCRYPTION_KEY / DATA_ENCRYPTION_KEY_ID), in batches; stop it any time and run it
// again to resume. Keep the old key in DATA_ENCRYPTION_OLD_KEYS ("id:base64,…") until it
// reports nothing left, then remove it.
import { parseArgs } from "node:util";
import { rotateKeys } from "@/lib/admin/key-rotation";
import { createPrisma } from "@/lib/server/prisma";

const { values } = parseArgs({ options: { batch: { type: "string" } } });
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set");
  process.exit(2);
}
const client = createPrisma(url, { max: 1 });
try {
  const report = await rotateKeys(client as never, { batch: values.batch ? Number(values.batch) : undefined, log: (m) => console.log(`[keys] ${m}`) });
  const total = Object.values(report.rotated).reduce((a, b) => a + b, 0);
  console.log(`re-encrypted ${total} values with key ${report.keyId}: ${JSON.stringify(report.rotated)}`);
} catch (err) {
  console.error(`keys:rotate failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  await client.$disconnect();
}
