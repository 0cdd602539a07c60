-- People registry: the resident list of one grid in (name, id) order, the list a grid
-- worker opens most. With only ("gridId", "deletedAt", name) the planner can read
-- neither the order nor the page from one index ("deletedAt" IS NULL is not an equality
-- for ordering) and walks the whole name index instead, which took seconds at 1,000,000
-- residents when a grid's names sat late in that order. This one answers
-- `"gridId" = $1 AND "deletedAt" IS NULL ORDER BY name, id LIMIT 31` in a few rows.
CREATE INDEX "Resident_gridId_name_id_live_idx" ON "Resident" ("gridId", name, id) WHERE "deletedAt" IS NULL;

-- The same for households (newest first) and houses (by address) of one grid.
CREATE INDEX "Household_gridId_createdAt_id_live_idx" ON "Household" ("gridId", "createdAt" DESC, id DESC) WHERE "deletedAt" IS NULL;
CREATE INDEX "House_gridId_address_id_live_idx" ON "House" ("gridId", address, id) WHERE "deletedAt" IS NULL;
