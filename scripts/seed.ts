// `npm run db:seed`: migrate DATABASE_URL and load the demo data (idempotent).
import { applyMigrations } from "./db/migrate";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set");
  process.exit(1);
}
await applyMigrations(url, { log: (m) => console.log(`[migrate] ${m}`) });
const { createPrisma } = await import("@/lib/server/prisma");
const { seedDemo } = await import("../prisma/seed/demo");
const client = createPrisma(url, { max: 2 });
try {
  await seedDemo(client);
} finally {
  await client.$disconnect();
}
