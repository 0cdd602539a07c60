-- This is an empty migration.
-- Hand-written (dashboard module): the departments' assessment for a period (lib/dashboard/
-- data.ts `assessment`) reads the tasks completed in it and the events each department led
-- that closed in it, instead of every task and every closed event of the period.
CREATE INDEX "DispatchTask_dash_completed_idx" ON "DispatchTask" ("updatedAt") INCLUDE ("departmentId", "eventId") WHERE "state" = 'COMPLETED';
CREATE INDEX "Event_dash_lead_closed_idx" ON "Event" ("leadDepartmentId", "closedAt") INCLUDE ("gridId", "rating") WHERE "state" = 'CLOSED' AND "leadDepartmentId" IS NOT NULL;
