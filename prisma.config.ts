import { defineConfig } from "prisma/config";

// The Prisma CLI is used only for `prisma generate` here; migrations are applied by
// scripts/db/migrate.ts, which needs no native engine (see README "Database").
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/vitalgrid" },
});
