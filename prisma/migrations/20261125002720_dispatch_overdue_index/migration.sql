-- This is an empty migration.
-- Hand-written: "overdue" of a territorial desk (a township's or community's grids) reads,
-- per grid, only the open events already past their deadline.
CREATE INDEX "Event_open_grid_due_idx" ON "Event" ("gridId", "dueAt") WHERE "isOpen" AND "dueAt" IS NOT NULL;
