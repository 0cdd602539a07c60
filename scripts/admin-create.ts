// `npm run admin:create -- <username> [--role ADMIN|SECURITY_ADMIN|AUDIT_ADMIN] [--unit <code>] [--name <display name>]`
// Creates an administrator with a one-time password, printed once; it must be changed at
// the first sign-in. The way to get the first account of a production deployment.
import { parseArgs } from "node:util";
import { createAdminAccount } from "@/lib/admin/bootstrap";
import { createPrisma } from "@/lib/server/prisma";
import type { RoleKey } from "@/lib/permissions";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { role: { type: "string" }, unit: { type: "string" }, name: { type: "string" } } });
const url = process.env.DATABASE_URL;
if (!url || positionals.length !== 1) {
  console.error("usage: DATABASE_URL=... npm run admin:create -- <username> [--role ADMIN|SECURITY_ADMIN|AUDIT_ADMIN] [--unit <division code>] [--name <display name>]");
  process.exit(2);
}
const client = createPrisma(url, { max: 1 });
try {
  const r = await createAdminAccount(client, { username: positionals[0], role: values.role as RoleKey | undefined, unitCode: values.unit, displayName: values.name });
  console.log(`Created ${r.username} (${values.role ?? "ADMIN"}) at ${r.unitName}.`);
  console.log(`One-time password: ${r.password}`);
  console.log("It is shown only now. It must be changed at the first sign-in; two-step sign-in is set up right after.");
} catch (err) {
  console.error(`admin:create failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  await client.$disconnect();
}
