-- People registry (grid module, part A): indexes Prisma's schema language cannot express.

-- Name prefix search (`name LIKE '张%'`, what Prisma's `startsWith` generates) across a
-- whole territory. Under a non-C collation a plain btree cannot serve LIKE; the
-- text_pattern_ops operator class compares bytes, so it can. Lists never show deleted
-- rows unless asked, so the index leaves them out.
CREATE INDEX "Resident_name_pattern_idx" ON "Resident" ("name" text_pattern_ops) WHERE "deletedAt" IS NULL;

-- One household number per house among live households: imports find or create
-- households by (house, number) and stay idempotent when two run at once.
CREATE UNIQUE INDEX "Household_houseId_householdNo_live_key" ON "Household" ("houseId", "householdNo")
  WHERE "deletedAt" IS NULL AND "householdNo" IS NOT NULL;

-- Household lists search by household number inside a grid.
CREATE INDEX "Household_householdNo_pattern_idx" ON "Household" ("householdNo" text_pattern_ops) WHERE "deletedAt" IS NULL AND "householdNo" IS NOT NULL;

