-- CreateEnum
CREATE TYPE "DataState" AS ENUM ('ENTERED', 'VERIFIED');

-- CreateEnum
CREATE TYPE "HouseUse" AS ENUM ('RESIDENTIAL', 'COMMERCIAL', 'MIXED', 'OFFICE', 'OTHER');

-- CreateEnum
CREATE TYPE "HouseTenure" AS ENUM ('OWNER_OCCUPIED', 'RENTED', 'VACANT', 'PUBLIC');

-- CreateEnum
CREATE TYPE "VisitTier" AS ENUM ('KEY', 'ORDINARY', 'REASSURED');

-- CreateEnum
CREATE TYPE "HouseholdRelation" AS ENUM ('HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'GRANDCHILD', 'GRANDPARENT', 'SIBLING', 'CHILD_IN_LAW', 'OTHER');

-- CreateEnum
CREATE TYPE "ResidenceType" AS ENUM ('REGISTERED', 'PERMANENT_NON_REGISTERED', 'FLOATING');

-- CreateEnum
CREATE TYPE "Sex" AS ENUM ('MALE', 'FEMALE');

-- CreateEnum
CREATE TYPE "PlaceCategory" AS ENUM ('SHOP', 'ENTERPRISE', 'SCHOOL', 'CLINIC', 'RENTAL_HOUSING', 'RELIGIOUS', 'PUBLIC_VENUE', 'RESTAURANT', 'OTHER');

-- CreateEnum
CREATE TYPE "RiskLevel" AS ENUM ('LOW', 'MEDIUM', 'HIGH');

-- CreateEnum
CREATE TYPE "FacilityStatus" AS ENUM ('NORMAL', 'DAMAGED', 'MISSING', 'DECOMMISSIONED');

-- CreateEnum
CREATE TYPE "SentimentKind" AS ENUM ('OPINION', 'REQUEST', 'SUGGESTION', 'COMPLAINT');

-- CreateEnum
CREATE TYPE "FollowUpStatus" AS ENUM ('OPEN', 'FOLLOWING', 'RESOLVED', 'CONVERTED');

-- CreateEnum
CREATE TYPE "VisitMethod" AS ENUM ('IN_PERSON', 'PHONE', 'VIDEO');

-- CreateEnum
CREATE TYPE "TeamRole" AS ENUM ('CADRE', 'POLICE', 'JUDICIAL', 'MEDIATOR', 'VOLUNTEER', 'PARTY_MEMBER', 'OTHER');

-- CreateTable
CREATE TABLE "House" (
    "id" TEXT NOT NULL,
    "gridId" INTEGER NOT NULL,
    "building" VARCHAR(40) NOT NULL,
    "unitNo" VARCHAR(20) NOT NULL DEFAULT '',
    "room" VARCHAR(20) NOT NULL DEFAULT '',
    "address" VARCHAR(200) NOT NULL,
    "use" "HouseUse" NOT NULL DEFAULT 'RESIDENTIAL',
    "tenure" "HouseTenure" NOT NULL DEFAULT 'OWNER_OCCUPIED',
    "landlordName" VARCHAR(64),
    "landlordPhone" VARCHAR(20),
    "permittedOccupants" INTEGER,
    "lat" DOUBLE PRECISION,
    "lng" DOUBLE PRECISION,
    "dataState" "DataState" NOT NULL DEFAULT 'ENTERED',
    "verifiedById" TEXT,
    "verifiedAt" TIMESTAMP(3),
    "deletedAt" TIMESTAMP(3),
    "deleteReason" VARCHAR(200),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "House_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Household" (
    "id" TEXT NOT NULL,
    "gridId" INTEGER NOT NULL,
    "houseId" TEXT,
    "householdNo" VARCHAR(32),
    "visitTier" "VisitTier" NOT NULL DEFAULT 'ORDINARY',
    "lastVisitAt" TIMESTAMP(3),
    "nextVisitDue" TIMESTAMP(3) NOT NULL,
    "dataState" "DataState" NOT NULL DEFAULT 'ENTERED',
    "verifiedById" TEXT,
    "verifiedAt" TIMESTAMP(3),
    "deletedAt" TIMESTAMP(3),
    "deleteReason" VARCHAR(200),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Household_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Resident" (
    "id" TEXT NOT NULL,
    "gridId" INTEGER NOT NULL,
    "householdId" TEXT,
    "relationToHead" "HouseholdRelation",
    "houseId" TEXT,
    "name" VARCHAR(64) NOT NULL,
    "idCipher" TEXT NOT NULL,
    "idHash" VARCHAR(64) NOT NULL,
    "idMasked" VARCHAR(18) NOT NULL,
    "birthDate" DATE NOT NULL,
    "sex" "Sex" NOT NULL,
    "ethnicity" VARCHAR(2) NOT NULL,
    "phone" VARCHAR(11),
    "phoneMasked" VARCHAR(11),
    "residenceType" "ResidenceType" NOT NULL DEFAULT 'REGISTERED',
    "registeredHere" BOOLEAN NOT NULL DEFAULT true,
    "livesHere" BOOLEAN NOT NULL DEFAULT true,
    "employment" VARCHAR(100),
    "dataState" "DataState" NOT NULL DEFAULT 'ENTERED',
    "verifiedById" TEXT,
    "verifiedAt" TIMESTAMP(3),
    "deletedAt" TIMESTAMP(3),
    "deleteReason" VARCHAR(200),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Resident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KeyGroupTag" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(40) NOT NULL,
    "name" VARCHAR(40) NOT NULL,
    "nameEn" VARCHAR(60) NOT NULL,
    "visitTier" "VisitTier" NOT NULL DEFAULT 'KEY',
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "enabled" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "KeyGroupTag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResidentTag" (
    "residentId" TEXT NOT NULL,
    "tagId" INTEGER NOT NULL,
    "careLevel" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResidentTag_pkey" PRIMARY KEY ("residentId","tagId")
);

-- CreateTable
CREATE TABLE "Place" (
    "id" TEXT NOT NULL,
    "gridId" INTEGER NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "category" "PlaceCategory" NOT NULL,
    "address" VARCHAR(200),
    "personInCharge" VARCHAR(64),
    "contactPhone" VARCHAR(20),
    "riskLevel" "RiskLevel" NOT NULL DEFAULT 'LOW',
    "lat" DOUBLE PRECISION,
    "lng" DOUBLE PRECISION,
    "dataState" "DataState" NOT NULL DEFAULT 'ENTERED',
    "verifiedById" TEXT,
    "verifiedAt" TIMESTAMP(3),
    "deletedAt" TIMESTAMP(3),
    "deleteReason" VARCHAR(200),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Place_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Facility" (
    "id" TEXT NOT NULL,
    "gridId" INTEGER NOT NULL,
    "type" VARCHAR(40) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "isHazard" BOOLEAN NOT NULL DEFAULT false,
    "status" "FacilityStatus" NOT NULL DEFAULT 'NORMAL',
    "lat" DOUBLE PRECISION,
    "lng" DOUBLE PRECISION,
    "lastInspectedAt" TIMESTAMP(3),
    "dataState" "DataState" NOT NULL DEFAULT 'ENTERED',
    "verifiedById" TEXT,
    "verifiedAt" TIMESTAMP(3),
    "deletedAt" TIMESTAMP(3),
    "deleteReason" VARCHAR(200),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Facility_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SentimentEntry" (
    "id" TEXT NOT NULL,
    "gridId" INTEGER NOT NULL,
    "kind" "SentimentKind" NOT NULL,
    "content" VARCHAR(2000) NOT NULL,
    "residentId" TEXT,
    "placeId" TEXT,
    "followUpStatus" "FollowUpStatus" NOT NULL DEFAULT 'OPEN',
    "followUpNote" VARCHAR(2000),
    "eventId" TEXT,
    "recordedById" TEXT,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dataState" "DataState" NOT NULL DEFAULT 'ENTERED',
    "verifiedById" TEXT,
    "verifiedAt" TIMESTAMP(3),
    "deletedAt" TIMESTAMP(3),
    "deleteReason" VARCHAR(200),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SentimentEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Visit" (
    "id" TEXT NOT NULL,
    "householdId" TEXT NOT NULL,
    "gridId" INTEGER NOT NULL,
    "visitorId" TEXT NOT NULL,
    "visitedAt" TIMESTAMP(3) NOT NULL,
    "method" "VisitMethod" NOT NULL,
    "metNames" VARCHAR(200),
    "findings" VARCHAR(2000),
    "lat" DOUBLE PRECISION,
    "lng" DOUBLE PRECISION,
    "needsFollowUp" BOOLEAN NOT NULL DEFAULT false,
    "sentimentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Visit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "id" TEXT NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "phone" VARCHAR(20),
    "userId" TEXT,
    "note" VARCHAR(200),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GridTeamAssignment" (
    "id" TEXT NOT NULL,
    "gridId" INTEGER NOT NULL,
    "memberId" TEXT NOT NULL,
    "role" "TeamRole" NOT NULL,
    "since" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GridTeamAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecordHistory" (
    "id" BIGSERIAL NOT NULL,
    "entityType" VARCHAR(20) NOT NULL,
    "entityId" VARCHAR(40) NOT NULL,
    "action" VARCHAR(16) NOT NULL,
    "changes" JSONB,
    "gridId" INTEGER NOT NULL,
    "actorId" TEXT,
    "reason" VARCHAR(200),
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecordHistory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" TEXT NOT NULL,
    "ownerType" VARCHAR(24) NOT NULL,
    "ownerId" VARCHAR(40) NOT NULL,
    "fileName" VARCHAR(200) NOT NULL,
    "mimeType" VARCHAR(100) NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "kind" VARCHAR(40) NOT NULL,
    "status" VARCHAR(16) NOT NULL DEFAULT 'QUEUED',
    "input" JSONB NOT NULL,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "result" JSONB,
    "error" VARCHAR(2000),
    "fileId" TEXT,
    "createdById" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "House_gridId_deletedAt_idx" ON "House"("gridId", "deletedAt");

-- CreateIndex
CREATE UNIQUE INDEX "House_gridId_building_unitNo_room_key" ON "House"("gridId", "building", "unitNo", "room");

-- CreateIndex
CREATE INDEX "Household_gridId_deletedAt_nextVisitDue_idx" ON "Household"("gridId", "deletedAt", "nextVisitDue");

-- CreateIndex
CREATE INDEX "Household_houseId_idx" ON "Household"("houseId");

-- CreateIndex
CREATE UNIQUE INDEX "Resident_idHash_key" ON "Resident"("idHash");

-- CreateIndex
CREATE INDEX "Resident_gridId_deletedAt_name_idx" ON "Resident"("gridId", "deletedAt", "name");

-- CreateIndex
CREATE INDEX "Resident_name_idx" ON "Resident"("name");

-- CreateIndex
CREATE INDEX "Resident_householdId_idx" ON "Resident"("householdId");

-- CreateIndex
CREATE INDEX "Resident_phone_idx" ON "Resident"("phone");

-- CreateIndex
CREATE UNIQUE INDEX "KeyGroupTag_code_key" ON "KeyGroupTag"("code");

-- CreateIndex
CREATE INDEX "ResidentTag_tagId_idx" ON "ResidentTag"("tagId");

-- CreateIndex
CREATE INDEX "Place_gridId_deletedAt_category_idx" ON "Place"("gridId", "deletedAt", "category");

-- CreateIndex
CREATE INDEX "Place_name_idx" ON "Place"("name");

-- CreateIndex
CREATE INDEX "Facility_gridId_deletedAt_type_idx" ON "Facility"("gridId", "deletedAt", "type");

-- CreateIndex
CREATE INDEX "SentimentEntry_gridId_deletedAt_recordedAt_idx" ON "SentimentEntry"("gridId", "deletedAt", "recordedAt");

-- CreateIndex
CREATE INDEX "SentimentEntry_followUpStatus_idx" ON "SentimentEntry"("followUpStatus");

-- CreateIndex
CREATE INDEX "Visit_householdId_visitedAt_idx" ON "Visit"("householdId", "visitedAt");

-- CreateIndex
CREATE INDEX "Visit_gridId_visitedAt_idx" ON "Visit"("gridId", "visitedAt");

-- CreateIndex
CREATE INDEX "Visit_visitorId_visitedAt_idx" ON "Visit"("visitorId", "visitedAt");

-- CreateIndex
CREATE INDEX "GridTeamAssignment_memberId_idx" ON "GridTeamAssignment"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "GridTeamAssignment_gridId_memberId_role_key" ON "GridTeamAssignment"("gridId", "memberId", "role");

-- CreateIndex
CREATE INDEX "RecordHistory_entityType_entityId_at_idx" ON "RecordHistory"("entityType", "entityId", "at");

-- CreateIndex
CREATE INDEX "Attachment_ownerType_ownerId_idx" ON "Attachment"("ownerType", "ownerId");

-- CreateIndex
CREATE INDEX "Attachment_sha256_idx" ON "Attachment"("sha256");

-- CreateIndex
CREATE INDEX "Job_status_createdAt_idx" ON "Job"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Job_createdById_createdAt_idx" ON "Job"("createdById", "createdAt");

-- AddForeignKey
ALTER TABLE "House" ADD CONSTRAINT "House_gridId_fkey" FOREIGN KEY ("gridId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Household" ADD CONSTRAINT "Household_gridId_fkey" FOREIGN KEY ("gridId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Household" ADD CONSTRAINT "Household_houseId_fkey" FOREIGN KEY ("houseId") REFERENCES "House"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resident" ADD CONSTRAINT "Resident_gridId_fkey" FOREIGN KEY ("gridId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resident" ADD CONSTRAINT "Resident_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resident" ADD CONSTRAINT "Resident_houseId_fkey" FOREIGN KEY ("houseId") REFERENCES "House"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResidentTag" ADD CONSTRAINT "ResidentTag_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResidentTag" ADD CONSTRAINT "ResidentTag_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "KeyGroupTag"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Place" ADD CONSTRAINT "Place_gridId_fkey" FOREIGN KEY ("gridId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Facility" ADD CONSTRAINT "Facility_gridId_fkey" FOREIGN KEY ("gridId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SentimentEntry" ADD CONSTRAINT "SentimentEntry_gridId_fkey" FOREIGN KEY ("gridId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SentimentEntry" ADD CONSTRAINT "SentimentEntry_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SentimentEntry" ADD CONSTRAINT "SentimentEntry_placeId_fkey" FOREIGN KEY ("placeId") REFERENCES "Place"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_gridId_fkey" FOREIGN KEY ("gridId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GridTeamAssignment" ADD CONSTRAINT "GridTeamAssignment_gridId_fkey" FOREIGN KEY ("gridId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GridTeamAssignment" ADD CONSTRAINT "GridTeamAssignment_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "TeamMember"("id") ON DELETE CASCADE ON UPDATE CASCADE;
