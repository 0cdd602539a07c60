// Runs before each integration test file is imported: point the app's database client at
// the suite's database, and give every test a freshly reset fixture.
import { beforeEach, inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");

beforeEach(async () => {
  const { resetDatabase } = await import("../support/fixtures");
  await resetDatabase();
});
