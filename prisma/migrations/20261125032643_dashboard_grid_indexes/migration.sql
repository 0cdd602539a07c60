-- This is an empty migration.
-- Hand-written (dashboard module): what a unit below the county counts from the events
-- (its breakdowns, a daily or weekly trend, category-filtered figures) reads its own grids'
-- rows in the period, one index range per grid, instead of the whole county's period.
CREATE INDEX "Event_dash_grid_reported_idx" ON "Event" ("gridId", "reportedAt") INCLUDE ("categoryId", "source") WHERE "state" <> 'MERGED';
CREATE INDEX "Event_dash_grid_closed_idx" ON "Event" ("gridId", "closedAt") INCLUDE ("categoryId", "source", "resolvedLevel", "rating") WHERE "state" = 'CLOSED';
