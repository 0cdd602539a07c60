-- This is an empty migration.
-- Hand-written (dashboard module): covering indexes, so that the dashboard's aggregates over
-- a county's events are index-only scans of the rows of the period instead of scans of the
-- whole table (lib/dashboard/data.ts; measured by scripts/bench/dashboard.ts).
-- Reported in a period: counts, trend, breakdowns, and the map's clusters and heat (merged
-- duplicates are never counted).
CREATE INDEX "Event_dash_reported_idx" ON "Event" ("reportedAt") INCLUDE ("gridId", "categoryId", "source", "state", "isOpen", "dueAt", "warnAt", "lat", "lng", "id") WHERE "state" <> 'MERGED';
-- Closed in a period: on time, where resolved, satisfaction.
CREATE INDEX "Event_dash_closed_idx" ON "Event" ("closedAt") INCLUDE ("gridId", "categoryId", "source", "resolvedLevel", "rating", "id") WHERE "state" = 'CLOSED';
-- Open and overdue now, per grid.
CREATE INDEX "Event_dash_open_idx" ON "Event" ("gridId") INCLUDE ("dueAt", "warnAt", "categoryId") WHERE "isOpen";
-- "No deadline of the event ever fired": an anti-join against the fired ones only.
CREATE INDEX "EventDeadline_dash_fired_idx" ON "EventDeadline" ("eventId") WHERE "status" = 'FIRED';
