-- CreateEnum
CREATE TYPE "ProjectType" AS ENUM ('HAZARD_SCREENING', 'DISPUTE_SCREENING', 'POPULATION_UPDATE', 'PUBLICITY', 'INSPECTION');

-- CreateEnum
CREATE TYPE "ProjectStatus" AS ENUM ('DRAFT', 'RUNNING', 'CLOSED');

-- CreateEnum
CREATE TYPE "ProjectVersionPolicy" AS ENUM ('PINNED', 'LATEST');

-- CreateEnum
CREATE TYPE "ProjectTaskStatus" AS ENUM ('OPEN', 'DONE');

-- CreateEnum
CREATE TYPE "ProjectRecordKind" AS ENUM ('HOUSE', 'HOUSEHOLD', 'RESIDENT', 'PLACE', 'FACILITY');

-- CreateTable
CREATE TABLE "FormTemplate" (
    "id" TEXT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "description" VARCHAR(500) NOT NULL DEFAULT '',
    "latestVersionNo" INTEGER NOT NULL DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FormTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FormTemplateVersion" (
    "id" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "no" INTEGER NOT NULL,
    "fields" JSONB NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FormTemplateVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Project" (
    "id" TEXT NOT NULL,
    "title" VARCHAR(100) NOT NULL,
    "type" "ProjectType" NOT NULL,
    "description" VARCHAR(2000) NOT NULL DEFAULT '',
    "unitId" INTEGER NOT NULL,
    "coverUnitIds" INTEGER[],
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "leadDepartmentId" INTEGER,
    "ownerId" TEXT,
    "templateId" TEXT NOT NULL,
    "versionPolicy" "ProjectVersionPolicy" NOT NULL DEFAULT 'PINNED',
    "templateVersionId" TEXT,
    "recordFilter" JSONB NOT NULL,
    "status" "ProjectStatus" NOT NULL DEFAULT 'DRAFT',
    "startedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "closingNote" VARCHAR(2000),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectTask" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "gridId" INTEGER NOT NULL,
    "status" "ProjectTaskStatus" NOT NULL DEFAULT 'OPEN',
    "dueAt" TIMESTAMP(3) NOT NULL,
    "doneAt" TIMESTAMP(3),
    "itemsTotal" INTEGER NOT NULL DEFAULT 0,
    "itemsChecked" INTEGER NOT NULL DEFAULT 0,
    "submissionCount" INTEGER NOT NULL DEFAULT 0,
    "findingCount" INTEGER NOT NULL DEFAULT 0,
    "eventCount" INTEGER NOT NULL DEFAULT 0,
    "remindedAt" TIMESTAMP(3),
    "remindCount" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProjectTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectTaskItem" (
    "id" BIGSERIAL NOT NULL,
    "taskId" TEXT NOT NULL,
    "kind" "ProjectRecordKind" NOT NULL,
    "recordId" VARCHAR(40) NOT NULL,
    "label" VARCHAR(200) NOT NULL,
    "checkedAt" TIMESTAMP(3),
    "submissionId" TEXT,
    "hasFinding" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ProjectTaskItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectSubmission" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "gridId" INTEGER NOT NULL,
    "itemId" BIGINT,
    "templateVersionId" TEXT NOT NULL,
    "answers" JSONB NOT NULL,
    "findingCount" INTEGER NOT NULL DEFAULT 0,
    "submittedById" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "requestKey" VARCHAR(64) NOT NULL,
    "supersededAt" TIMESTAMP(3),

    CONSTRAINT "ProjectSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectFinding" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "gridId" INTEGER NOT NULL,
    "submissionId" TEXT NOT NULL,
    "fieldKey" VARCHAR(40) NOT NULL,
    "fieldLabel" VARCHAR(200) NOT NULL,
    "answer" VARCHAR(500) NOT NULL,
    "recordLabel" VARCHAR(200),
    "categoryId" INTEGER,
    "eventId" VARCHAR(40),
    "eventNo" INTEGER,
    "voidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProjectFinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DashboardGridStat" (
    "gridId" INTEGER NOT NULL,
    "residents" INTEGER NOT NULL,
    "keyResidents" INTEGER NOT NULL,
    "households" INTEGER NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DashboardGridStat_pkey" PRIMARY KEY ("gridId")
);

-- CreateTable
CREATE TABLE "DashboardVisitMonth" (
    "gridId" INTEGER NOT NULL,
    "month" VARCHAR(7) NOT NULL,
    "due" INTEGER NOT NULL,
    "onTime" INTEGER NOT NULL,
    "late" INTEGER NOT NULL,
    "pending" INTEGER NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DashboardVisitMonth_pkey" PRIMARY KEY ("gridId","month")
);

-- CreateTable
CREATE TABLE "DashboardScoringRules" (
    "countyId" INTEGER NOT NULL,
    "rules" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DashboardScoringRules_pkey" PRIMARY KEY ("countyId")
);

-- CreateIndex
CREATE INDEX "FormTemplate_unitId_idx" ON "FormTemplate"("unitId");

-- CreateIndex
CREATE UNIQUE INDEX "FormTemplateVersion_templateId_no_key" ON "FormTemplateVersion"("templateId", "no");

-- CreateIndex
CREATE INDEX "Project_unitId_status_idx" ON "Project"("unitId", "status");

-- CreateIndex
CREATE INDEX "Project_templateId_status_idx" ON "Project"("templateId", "status");

-- CreateIndex
CREATE INDEX "Project_leadDepartmentId_idx" ON "Project"("leadDepartmentId");

-- CreateIndex
CREATE INDEX "ProjectTask_gridId_status_idx" ON "ProjectTask"("gridId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectTask_projectId_gridId_key" ON "ProjectTask"("projectId", "gridId");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectTaskItem_taskId_kind_recordId_key" ON "ProjectTaskItem"("taskId", "kind", "recordId");

-- CreateIndex
CREATE INDEX "ProjectSubmission_taskId_submittedAt_idx" ON "ProjectSubmission"("taskId", "submittedAt");

-- CreateIndex
CREATE INDEX "ProjectSubmission_projectId_submittedAt_idx" ON "ProjectSubmission"("projectId", "submittedAt");

-- CreateIndex
CREATE INDEX "ProjectSubmission_itemId_idx" ON "ProjectSubmission"("itemId");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectSubmission_submittedById_requestKey_key" ON "ProjectSubmission"("submittedById", "requestKey");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectFinding_eventId_key" ON "ProjectFinding"("eventId");

-- CreateIndex
CREATE INDEX "ProjectFinding_projectId_createdAt_idx" ON "ProjectFinding"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "ProjectFinding_taskId_idx" ON "ProjectFinding"("taskId");

-- CreateIndex
CREATE INDEX "ProjectFinding_submissionId_idx" ON "ProjectFinding"("submissionId");

-- CreateIndex
CREATE INDEX "DashboardVisitMonth_month_idx" ON "DashboardVisitMonth"("month");

-- AddForeignKey
ALTER TABLE "FormTemplate" ADD CONSTRAINT "FormTemplate_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FormTemplateVersion" ADD CONSTRAINT "FormTemplateVersion_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "FormTemplate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_leadDepartmentId_fkey" FOREIGN KEY ("leadDepartmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "FormTemplate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_templateVersionId_fkey" FOREIGN KEY ("templateVersionId") REFERENCES "FormTemplateVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectTask" ADD CONSTRAINT "ProjectTask_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectTask" ADD CONSTRAINT "ProjectTask_gridId_fkey" FOREIGN KEY ("gridId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectTaskItem" ADD CONSTRAINT "ProjectTaskItem_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "ProjectTask"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectSubmission" ADD CONSTRAINT "ProjectSubmission_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "ProjectTask"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectSubmission" ADD CONSTRAINT "ProjectSubmission_templateVersionId_fkey" FOREIGN KEY ("templateVersionId") REFERENCES "FormTemplateVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectFinding" ADD CONSTRAINT "ProjectFinding_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "ProjectSubmission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
