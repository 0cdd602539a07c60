-- CreateEnum
CREATE TYPE "EventSource" AS ENUM ('GRID_REPORT', 'SENTIMENT', 'CENTER_INTAKE', 'PROJECT_FINDING', 'LEADER_ASSIGNMENT');

-- CreateEnum
CREATE TYPE "EventUrgency" AS ENUM ('NORMAL', 'URGENT', 'CRITICAL');

-- CreateEnum
CREATE TYPE "EventState" AS ENUM ('REPORTED', 'AT_COMMUNITY', 'AT_TOWNSHIP', 'AT_CENTER', 'ACCEPTED', 'DISPATCHED', 'PROCESSING', 'REVIEW', 'FEEDBACK', 'CLOSED', 'REJECTED', 'MERGED');

-- CreateEnum
CREATE TYPE "DispatchTaskState" AS ENUM ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'RETURNED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "DeadlineStage" AS ENUM ('ACCEPT', 'HANDLE', 'VERIFY');

-- CreateEnum
CREATE TYPE "DeadlineHolder" AS ENUM ('UNIT', 'DEPARTMENT');

-- CreateEnum
CREATE TYPE "DeadlineUnit" AS ENUM ('WORKDAY', 'WORKHOUR', 'HOUR');

-- CreateEnum
CREATE TYPE "DeadlineStatus" AS ENUM ('ACTIVE', 'FIRING', 'MET', 'FIRED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "CalendarDayKind" AS ENUM ('HOLIDAY', 'WORKDAY');

-- CreateTable
CREATE TABLE "EventCategory" (
    "id" SERIAL NOT NULL,
    "parentId" INTEGER,
    "code" VARCHAR(40) NOT NULL,
    "name" VARCHAR(60) NOT NULL,
    "nameEn" VARCHAR(80) NOT NULL,
    "defaultDepartmentId" INTEGER,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EventCategory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" TEXT NOT NULL,
    "no" SERIAL NOT NULL,
    "source" "EventSource" NOT NULL,
    "sourceRef" VARCHAR(40),
    "categoryId" INTEGER NOT NULL,
    "urgency" "EventUrgency" NOT NULL,
    "title" VARCHAR(100) NOT NULL,
    "description" VARCHAR(4000) NOT NULL,
    "lat" DOUBLE PRECISION NOT NULL,
    "lng" DOUBLE PRECISION NOT NULL,
    "address" VARCHAR(200),
    "gridId" INTEGER NOT NULL,
    "autoGridId" INTEGER,
    "holderUnitId" INTEGER,
    "state" "EventState" NOT NULL,
    "isOpen" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "superviseGrade" INTEGER NOT NULL DEFAULT 0,
    "rank" INTEGER NOT NULL DEFAULT 0,
    "dueAt" TIMESTAMP(3),
    "warnAt" TIMESTAMP(3),
    "leadDepartmentId" INTEGER,
    "reopenCount" INTEGER NOT NULL DEFAULT 0,
    "rating" INTEGER,
    "resolvedLevel" VARCHAR(12),
    "mergedIntoId" TEXT,
    "reporterId" TEXT NOT NULL,
    "contactName" VARCHAR(64),
    "contactPhone" VARCHAR(20),
    "idempotencyKey" VARCHAR(64) NOT NULL,
    "reportedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DispatchTask" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "departmentId" INTEGER NOT NULL,
    "isLead" BOOLEAN NOT NULL,
    "round" INTEGER NOT NULL DEFAULT 1,
    "state" "DispatchTaskState" NOT NULL DEFAULT 'PENDING',
    "version" INTEGER NOT NULL DEFAULT 1,
    "acceptDueAt" TIMESTAMP(3) NOT NULL,
    "acceptWarnAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "warnAt" TIMESTAMP(3) NOT NULL,
    "extensionUntil" TIMESTAMP(3),
    "eventNo" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DispatchTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventTimelineEntry" (
    "id" BIGSERIAL NOT NULL,
    "eventId" TEXT NOT NULL,
    "countyId" INTEGER NOT NULL,
    "taskId" TEXT,
    "action" VARCHAR(24) NOT NULL,
    "actorId" TEXT,
    "actorName" VARCHAR(64) NOT NULL,
    "actorRole" VARCHAR(20) NOT NULL,
    "actorDepartmentId" INTEGER,
    "fromState" "EventState",
    "toState" "EventState",
    "taskFromState" "DispatchTaskState",
    "taskToState" "DispatchTaskState",
    "comment" VARCHAR(2000),
    "reply" VARCHAR(2000),
    "internal" BOOLEAN NOT NULL DEFAULT false,
    "data" JSONB,
    "requestKey" VARCHAR(64),
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventTimelineEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventLink" (
    "eventId" TEXT NOT NULL,
    "kind" VARCHAR(12) NOT NULL,
    "targetId" VARCHAR(40) NOT NULL,

    CONSTRAINT "EventLink_pkey" PRIMARY KEY ("eventId","kind","targetId")
);

-- CreateTable
CREATE TABLE "EventDeadline" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "taskId" TEXT,
    "stage" "DeadlineStage" NOT NULL,
    "holder" "DeadlineHolder" NOT NULL,
    "holderId" INTEGER NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "warnAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "status" "DeadlineStatus" NOT NULL DEFAULT 'ACTIVE',
    "lockedBy" VARCHAR(64),
    "lockedUntil" TIMESTAMP(3),
    "firedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "EventDeadline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventSupervision" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "grade" INTEGER NOT NULL,
    "targetDepartmentId" INTEGER,
    "targetUnitId" INTEGER,
    "byId" TEXT,
    "entryId" BIGINT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventSupervision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeadlineRule" (
    "id" SERIAL NOT NULL,
    "stage" "DeadlineStage" NOT NULL,
    "holder" "DeadlineHolder",
    "categoryId" INTEGER,
    "urgency" "EventUrgency",
    "amount" INTEGER NOT NULL,
    "unit" "DeadlineUnit" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeadlineRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkCalendarDay" (
    "date" DATE NOT NULL,
    "kind" "CalendarDayKind" NOT NULL,
    "name" VARCHAR(40) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkCalendarDay_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" BIGSERIAL NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" VARCHAR(40) NOT NULL,
    "href" VARCHAR(200) NOT NULL,
    "params" JSONB NOT NULL,
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EventCategory_code_key" ON "EventCategory"("code");

-- CreateIndex
CREATE INDEX "EventCategory_parentId_sortOrder_idx" ON "EventCategory"("parentId", "sortOrder");

-- CreateIndex
CREATE UNIQUE INDEX "Event_no_key" ON "Event"("no");

-- CreateIndex
CREATE INDEX "Event_gridId_no_idx" ON "Event"("gridId", "no");

-- CreateIndex
CREATE INDEX "Event_categoryId_reportedAt_idx" ON "Event"("categoryId", "reportedAt");

-- CreateIndex
CREATE INDEX "Event_reporterId_no_idx" ON "Event"("reporterId", "no");

-- CreateIndex
CREATE INDEX "Event_state_idx" ON "Event"("state");

-- CreateIndex
CREATE UNIQUE INDEX "Event_reporterId_idempotencyKey_key" ON "Event"("reporterId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "DispatchTask_eventId_idx" ON "DispatchTask"("eventId");

-- CreateIndex
CREATE INDEX "DispatchTask_departmentId_state_idx" ON "DispatchTask"("departmentId", "state");

-- CreateIndex
CREATE INDEX "EventTimelineEntry_eventId_id_idx" ON "EventTimelineEntry"("eventId", "id");

-- CreateIndex
CREATE INDEX "EventTimelineEntry_countyId_id_idx" ON "EventTimelineEntry"("countyId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "EventTimelineEntry_actorId_requestKey_key" ON "EventTimelineEntry"("actorId", "requestKey");

-- CreateIndex
CREATE INDEX "EventLink_kind_targetId_idx" ON "EventLink"("kind", "targetId");

-- CreateIndex
CREATE INDEX "EventDeadline_eventId_idx" ON "EventDeadline"("eventId");

-- CreateIndex
CREATE INDEX "EventDeadline_taskId_idx" ON "EventDeadline"("taskId");

-- CreateIndex
CREATE INDEX "EventSupervision_eventId_idx" ON "EventSupervision"("eventId");

-- CreateIndex
CREATE INDEX "EventSupervision_targetDepartmentId_at_idx" ON "EventSupervision"("targetDepartmentId", "at");

-- CreateIndex
CREATE INDEX "EventSupervision_targetUnitId_at_idx" ON "EventSupervision"("targetUnitId", "at");

-- CreateIndex
CREATE INDEX "DeadlineRule_stage_idx" ON "DeadlineRule"("stage");

-- CreateIndex
CREATE INDEX "Notification_userId_id_idx" ON "Notification"("userId", "id");

-- AddForeignKey
ALTER TABLE "EventCategory" ADD CONSTRAINT "EventCategory_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "EventCategory"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventCategory" ADD CONSTRAINT "EventCategory_defaultDepartmentId_fkey" FOREIGN KEY ("defaultDepartmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "EventCategory"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_gridId_fkey" FOREIGN KEY ("gridId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_holderUnitId_fkey" FOREIGN KEY ("holderUnitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DispatchTask" ADD CONSTRAINT "DispatchTask_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DispatchTask" ADD CONSTRAINT "DispatchTask_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventTimelineEntry" ADD CONSTRAINT "EventTimelineEntry_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventLink" ADD CONSTRAINT "EventLink_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventDeadline" ADD CONSTRAINT "EventDeadline_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventSupervision" ADD CONSTRAINT "EventSupervision_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeadlineRule" ADD CONSTRAINT "DeadlineRule_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "EventCategory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: partial indexes for the open worklists (keyset order "rank" DESC, "no" DESC).
-- Most events are closed; the worklists read only open ones, so these stay small.
CREATE INDEX "Event_open_rank_idx" ON "Event" ("rank" DESC, "no" DESC) WHERE "isOpen";
CREATE INDEX "Event_open_state_idx" ON "Event" ("state", "rank" DESC, "no" DESC) WHERE "isOpen";
CREATE INDEX "Event_open_grid_idx" ON "Event" ("gridId", "rank" DESC, "no" DESC) WHERE "isOpen";
CREATE INDEX "Event_open_holder_idx" ON "Event" ("holderUnitId", "state", "rank" DESC, "no" DESC) WHERE "isOpen";
CREATE INDEX "Event_open_due_idx" ON "Event" ("dueAt") WHERE "isOpen" AND "dueAt" IS NOT NULL;
CREATE INDEX "Event_supervised_idx" ON "Event" ("rank" DESC, "no" DESC) WHERE "isOpen" AND "superviseGrade" > 0;
CREATE INDEX "DispatchTask_open_idx" ON "DispatchTask" ("departmentId", "rank" DESC, "eventNo" DESC) WHERE "state" IN ('PENDING', 'IN_PROGRESS');
CREATE INDEX "DispatchTask_extension_idx" ON "DispatchTask" ("eventNo" DESC) WHERE "extensionUntil" IS NOT NULL;
-- The timer's queue: only running clocks.
CREATE INDEX "EventDeadline_running_idx" ON "EventDeadline" ("dueAt") WHERE "status" IN ('ACTIVE', 'FIRING');
-- The bell's unread count.
CREATE INDEX "Notification_unread_idx" ON "Notification" ("userId") WHERE "readAt" IS NULL;

-- A rating is 1 to 5; a supervision grade 0 to 3.
ALTER TABLE "Event" ADD CONSTRAINT "Event_rating_check" CHECK ("rating" IS NULL OR "rating" BETWEEN 1 AND 5);
ALTER TABLE "Event" ADD CONSTRAINT "Event_superviseGrade_check" CHECK ("superviseGrade" BETWEEN 0 AND 3);
