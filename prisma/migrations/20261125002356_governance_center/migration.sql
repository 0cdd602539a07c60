-- CreateEnum
CREATE TYPE "CenterChannel" AS ENUM ('WALK_IN', 'PHONE', 'LETTER', 'ONLINE');

-- CreateEnum
CREATE TYPE "CenterMatterType" AS ENUM ('CONSULTATION', 'DISPUTE', 'PETITION', 'COMPLAINT', 'REQUEST', 'HAZARD');

-- CreateEnum
CREATE TYPE "IntakeHandling" AS ENUM ('ANSWERED', 'LEGAL_CONSULTATION', 'DISPUTE', 'PETITION', 'EVENT');

-- CreateEnum
CREATE TYPE "CenterTopic" AS ENUM ('NEIGHBOUR', 'MARRIAGE_FAMILY', 'LAND_HOUSING', 'LABOUR_WAGES', 'PROPERTY_MANAGEMENT', 'CONTRACT', 'TRAFFIC', 'MEDICAL', 'SOCIAL_SECURITY', 'ENVIRONMENT', 'PUBLIC_SERVICE', 'OTHER');

-- CreateEnum
CREATE TYPE "DisputeRisk" AS ENUM ('RED', 'ORANGE', 'YELLOW', 'GREEN');

-- CreateEnum
CREATE TYPE "DisputeSource" AS ENUM ('INTAKE', 'SCREENING', 'REFERRAL');

-- CreateEnum
CREATE TYPE "DisputeStatus" AS ENUM ('REGISTERED', 'MEDIATING', 'AGREED', 'REFERRED', 'CLOSED');

-- CreateEnum
CREATE TYPE "DisputePartyKind" AS ENUM ('PERSON', 'ORGANISATION');

-- CreateEnum
CREATE TYPE "DisputeReferral" AS ENUM ('COURT', 'ARBITRATION', 'PETITIONS', 'DISPATCH');

-- CreateEnum
CREATE TYPE "JudicialResult" AS ENUM ('CONFIRMED', 'REJECTED');

-- CreateEnum
CREATE TYPE "PetitionStatus" AS ENUM ('REGISTERED', 'NOT_ACCEPTED', 'ACCEPTED', 'HANDLING', 'REPLIED', 'REVIEW', 'CLOSED');

-- CreateEnum
CREATE TYPE "PetitionSatisfaction" AS ENUM ('SATISFIED', 'BASICALLY_SATISFIED', 'UNSATISFIED');

-- CreateEnum
CREATE TYPE "MeetingKind" AS ENUM ('CONSULTATION', 'JOINT');

-- CreateEnum
CREATE TYPE "MeetingStatus" AS ENUM ('SCHEDULED', 'HELD', 'CANCELLED');

-- CreateEnum
CREATE TYPE "StationMode" AS ENUM ('PERMANENT', 'ROTATING', 'ON_CALL');

-- CreateEnum
CREATE TYPE "WhistleStatus" AS ENUM ('SUMMONED', 'REPORTED');

-- CreateEnum
CREATE TYPE "OpenDayStatus" AS ENUM ('SCHEDULED', 'HELD');

-- CreateEnum
CREATE TYPE "CenterDeadlineUnit" AS ENUM ('DAY', 'WORKDAY', 'HOUR', 'WORKHOUR');

-- CreateTable
CREATE TABLE "CenterVisitor" (
    "id" TEXT NOT NULL,
    "countyId" INTEGER NOT NULL,
    "residentId" TEXT,
    "name" VARCHAR(64) NOT NULL,
    "phone" VARCHAR(20),
    "idHash" VARCHAR(64),
    "idMasked" VARCHAR(18),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CenterVisitor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CenterIntake" (
    "id" TEXT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "visitorId" TEXT NOT NULL,
    "channel" "CenterChannel" NOT NULL,
    "matterType" "CenterMatterType" NOT NULL,
    "topic" "CenterTopic" NOT NULL,
    "content" VARCHAR(2000) NOT NULL,
    "handling" "IntakeHandling" NOT NULL,
    "answer" VARCHAR(2000),
    "consultant" VARCHAR(64),
    "disputeId" TEXT,
    "petitionId" TEXT,
    "eventId" VARCHAR(40),
    "repeatCount" INTEGER NOT NULL DEFAULT 0,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "createdById" TEXT NOT NULL,
    "requestKey" VARCHAR(64) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CenterIntake_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MediationCommittee" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MediationCommittee_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dispute" (
    "id" TEXT NOT NULL,
    "no" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "gridId" INTEGER NOT NULL,
    "title" VARCHAR(100) NOT NULL,
    "facts" VARCHAR(4000) NOT NULL,
    "type" "CenterTopic" NOT NULL,
    "amount" DECIMAL(14,2),
    "risk" "DisputeRisk" NOT NULL,
    "riskReason" VARCHAR(500) NOT NULL,
    "source" "DisputeSource" NOT NULL,
    "screeningId" TEXT,
    "referredBy" VARCHAR(100),
    "status" "DisputeStatus" NOT NULL DEFAULT 'REGISTERED',
    "committeeId" INTEGER,
    "mediators" VARCHAR(200),
    "referral" "DisputeReferral",
    "referralBody" VARCHAR(100),
    "referralNote" VARCHAR(2000),
    "referralEventId" VARCHAR(40),
    "closeNote" VARCHAR(2000),
    "registeredAt" TIMESTAMP(3) NOT NULL,
    "concludedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT NOT NULL,
    "requestKey" VARCHAR(64) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Dispute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisputeParty" (
    "id" TEXT NOT NULL,
    "disputeId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" "DisputePartyKind" NOT NULL,
    "visitorId" TEXT,
    "name" VARCHAR(100) NOT NULL,
    "sex" "Sex",
    "ethnicity" VARCHAR(2),
    "age" INTEGER,
    "occupation" VARCHAR(100),
    "address" VARCHAR(200),
    "phone" VARCHAR(20),
    "creditCode" VARCHAR(18),
    "representative" VARCHAR(64),

    CONSTRAINT "DisputeParty_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MediationSession" (
    "id" TEXT NOT NULL,
    "disputeId" TEXT NOT NULL,
    "heldAt" TIMESTAMP(3) NOT NULL,
    "place" VARCHAR(100),
    "present" VARCHAR(500) NOT NULL,
    "notes" VARCHAR(4000) NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MediationSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MediationAgreement" (
    "id" TEXT NOT NULL,
    "disputeId" TEXT NOT NULL,
    "no" VARCHAR(40) NOT NULL,
    "partyPositions" INTEGER[],
    "facts" VARCHAR(4000) NOT NULL,
    "terms" VARCHAR(4000) NOT NULL,
    "performance" VARCHAR(1000) NOT NULL,
    "agreedAt" TIMESTAMP(3) NOT NULL,
    "mediatorNames" VARCHAR(200) NOT NULL,
    "committeeName" VARCHAR(100) NOT NULL,
    "judicialDueAt" TIMESTAMP(3) NOT NULL,
    "judicialAppliedAt" TIMESTAMP(3),
    "judicialCourt" VARCHAR(100),
    "judicialResult" "JudicialResult",
    "judicialResultAt" TIMESTAMP(3),
    "judicialNote" VARCHAR(1000),
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MediationAgreement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisputeFollowUp" (
    "id" TEXT NOT NULL,
    "disputeId" TEXT NOT NULL,
    "visitedAt" TIMESTAMP(3) NOT NULL,
    "fulfilled" BOOLEAN NOT NULL,
    "note" VARCHAR(2000) NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DisputeFollowUp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisputeScreening" (
    "id" TEXT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "gridId" INTEGER NOT NULL,
    "screenedOn" DATE NOT NULL,
    "findings" VARCHAR(2000) NOT NULL,
    "found" INTEGER NOT NULL,
    "createdById" TEXT NOT NULL,
    "requestKey" VARCHAR(64) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DisputeScreening_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Petition" (
    "id" TEXT NOT NULL,
    "no" SERIAL NOT NULL,
    "regNo" VARCHAR(40) NOT NULL,
    "unitId" INTEGER NOT NULL,
    "gridId" INTEGER,
    "channel" "CenterChannel" NOT NULL,
    "topic" "CenterTopic" NOT NULL,
    "title" VARCHAR(100) NOT NULL,
    "matter" VARCHAR(4000) NOT NULL,
    "headcount" INTEGER NOT NULL DEFAULT 1,
    "isJoint" BOOLEAN NOT NULL DEFAULT false,
    "isRepeat" BOOLEAN NOT NULL DEFAULT false,
    "repeatOfId" VARCHAR(40),
    "responsibleBody" VARCHAR(100) NOT NULL,
    "responsibleDepartmentId" INTEGER,
    "status" "PetitionStatus" NOT NULL DEFAULT 'REGISTERED',
    "registeredAt" TIMESTAMP(3) NOT NULL,
    "acceptDueAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),
    "notAcceptedReason" VARCHAR(1000),
    "handleDueAt" TIMESTAMP(3),
    "extendedDays" INTEGER,
    "extensionReason" VARCHAR(1000),
    "eventId" VARCHAR(40),
    "replyText" VARCHAR(4000),
    "repliedAt" TIMESTAMP(3),
    "repliedOnTime" BOOLEAN,
    "satisfaction" "PetitionSatisfaction",
    "reviewRequestedAt" TIMESTAMP(3),
    "reviewBody" VARCHAR(100),
    "reviewResult" VARCHAR(2000),
    "reviewedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT NOT NULL,
    "requestKey" VARCHAR(64) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Petition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PetitionPetitioner" (
    "petitionId" TEXT NOT NULL,
    "visitorId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "PetitionPetitioner_pkey" PRIMARY KEY ("petitionId","visitorId")
);

-- CreateTable
CREATE TABLE "CenterMeeting" (
    "id" TEXT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "kind" "MeetingKind" NOT NULL,
    "title" VARCHAR(100) NOT NULL,
    "scheduledAt" TIMESTAMP(3) NOT NULL,
    "place" VARCHAR(100) NOT NULL,
    "agenda" VARCHAR(2000),
    "status" "MeetingStatus" NOT NULL DEFAULT 'SCHEDULED',
    "minutes" VARCHAR(4000),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT NOT NULL,
    "requestKey" VARCHAR(64) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CenterMeeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingInvite" (
    "meetingId" TEXT NOT NULL,
    "departmentId" INTEGER NOT NULL,

    CONSTRAINT "MeetingInvite_pkey" PRIMARY KEY ("meetingId","departmentId")
);

-- CreateTable
CREATE TABLE "MeetingCase" (
    "meetingId" TEXT NOT NULL,
    "kind" VARCHAR(12) NOT NULL,
    "targetId" VARCHAR(40) NOT NULL,

    CONSTRAINT "MeetingCase_pkey" PRIMARY KEY ("meetingId","kind","targetId")
);

-- CreateTable
CREATE TABLE "MeetingDecision" (
    "id" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "text" VARCHAR(2000) NOT NULL,
    "departmentId" INTEGER,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "eventId" VARCHAR(40),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeetingDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OpenDay" (
    "id" TEXT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "heldOn" TIMESTAMP(3) NOT NULL,
    "place" VARCHAR(100) NOT NULL,
    "officials" VARCHAR(500) NOT NULL,
    "residentsHeard" INTEGER NOT NULL DEFAULT 0,
    "summary" VARCHAR(2000),
    "status" "OpenDayStatus" NOT NULL DEFAULT 'SCHEDULED',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT NOT NULL,
    "requestKey" VARCHAR(64) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OpenDay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OpenDayProblem" (
    "id" TEXT NOT NULL,
    "openDayId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "content" VARCHAR(2000) NOT NULL,
    "raisedBy" VARCHAR(64),
    "sentimentId" VARCHAR(40),
    "eventId" VARCHAR(40),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OpenDayProblem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CenterPost" (
    "unitId" INTEGER NOT NULL,
    "departmentId" INTEGER NOT NULL,
    "mode" "StationMode" NOT NULL,
    "note" VARCHAR(200),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CenterPost_pkey" PRIMARY KEY ("unitId","departmentId")
);

-- CreateTable
CREATE TABLE "CenterWhistle" (
    "id" TEXT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "departmentId" INTEGER NOT NULL,
    "caseKind" VARCHAR(12) NOT NULL,
    "caseId" VARCHAR(40) NOT NULL,
    "caseLabel" VARCHAR(200) NOT NULL,
    "reason" VARCHAR(1000) NOT NULL,
    "blownAt" TIMESTAMP(3) NOT NULL,
    "blownById" TEXT NOT NULL,
    "reportDueAt" TIMESTAMP(3) NOT NULL,
    "status" "WhistleStatus" NOT NULL DEFAULT 'SUMMONED',
    "reportedAt" TIMESTAMP(3),
    "reportedById" TEXT,
    "reportNote" VARCHAR(2000),
    "version" INTEGER NOT NULL DEFAULT 1,
    "requestKey" VARCHAR(64) NOT NULL,

    CONSTRAINT "CenterWhistle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CenterSettings" (
    "countyId" INTEGER NOT NULL,
    "acceptAmount" INTEGER NOT NULL DEFAULT 15,
    "acceptUnit" "CenterDeadlineUnit" NOT NULL DEFAULT 'DAY',
    "handleAmount" INTEGER NOT NULL DEFAULT 60,
    "handleUnit" "CenterDeadlineUnit" NOT NULL DEFAULT 'DAY',
    "extensionMaxDays" INTEGER NOT NULL DEFAULT 30,
    "judicialDays" INTEGER NOT NULL DEFAULT 30,
    "whistleAmount" INTEGER NOT NULL DEFAULT 2,
    "whistleUnit" "CenterDeadlineUnit" NOT NULL DEFAULT 'WORKHOUR',
    "nearDays" INTEGER NOT NULL DEFAULT 3,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CenterSettings_pkey" PRIMARY KEY ("countyId")
);

-- CreateIndex
CREATE UNIQUE INDEX "CenterVisitor_residentId_key" ON "CenterVisitor"("residentId");

-- CreateIndex
CREATE INDEX "CenterVisitor_countyId_name_idx" ON "CenterVisitor"("countyId", "name");

-- CreateIndex
CREATE INDEX "CenterVisitor_countyId_phone_idx" ON "CenterVisitor"("countyId", "phone");

-- CreateIndex
CREATE UNIQUE INDEX "CenterVisitor_countyId_idHash_key" ON "CenterVisitor"("countyId", "idHash");

-- CreateIndex
CREATE INDEX "CenterIntake_unitId_receivedAt_idx" ON "CenterIntake"("unitId", "receivedAt");

-- CreateIndex
CREATE INDEX "CenterIntake_visitorId_receivedAt_idx" ON "CenterIntake"("visitorId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CenterIntake_createdById_requestKey_key" ON "CenterIntake"("createdById", "requestKey");

-- CreateIndex
CREATE UNIQUE INDEX "MediationCommittee_unitId_name_key" ON "MediationCommittee"("unitId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Dispute_no_key" ON "Dispute"("no");

-- CreateIndex
CREATE INDEX "Dispute_unitId_status_risk_idx" ON "Dispute"("unitId", "status", "risk");

-- CreateIndex
CREATE INDEX "Dispute_unitId_registeredAt_idx" ON "Dispute"("unitId", "registeredAt");

-- CreateIndex
CREATE INDEX "Dispute_gridId_idx" ON "Dispute"("gridId");

-- CreateIndex
CREATE UNIQUE INDEX "Dispute_createdById_requestKey_key" ON "Dispute"("createdById", "requestKey");

-- CreateIndex
CREATE INDEX "DisputeParty_visitorId_idx" ON "DisputeParty"("visitorId");

-- CreateIndex
CREATE UNIQUE INDEX "DisputeParty_disputeId_position_key" ON "DisputeParty"("disputeId", "position");

-- CreateIndex
CREATE INDEX "MediationSession_disputeId_heldAt_idx" ON "MediationSession"("disputeId", "heldAt");

-- CreateIndex
CREATE UNIQUE INDEX "MediationAgreement_disputeId_key" ON "MediationAgreement"("disputeId");

-- CreateIndex
CREATE UNIQUE INDEX "MediationAgreement_no_key" ON "MediationAgreement"("no");

-- CreateIndex
CREATE INDEX "DisputeFollowUp_disputeId_visitedAt_idx" ON "DisputeFollowUp"("disputeId", "visitedAt");

-- CreateIndex
CREATE INDEX "DisputeScreening_unitId_screenedOn_idx" ON "DisputeScreening"("unitId", "screenedOn");

-- CreateIndex
CREATE INDEX "DisputeScreening_gridId_screenedOn_idx" ON "DisputeScreening"("gridId", "screenedOn");

-- CreateIndex
CREATE UNIQUE INDEX "DisputeScreening_createdById_requestKey_key" ON "DisputeScreening"("createdById", "requestKey");

-- CreateIndex
CREATE UNIQUE INDEX "Petition_no_key" ON "Petition"("no");

-- CreateIndex
CREATE UNIQUE INDEX "Petition_regNo_key" ON "Petition"("regNo");

-- CreateIndex
CREATE INDEX "Petition_unitId_status_idx" ON "Petition"("unitId", "status");

-- CreateIndex
CREATE INDEX "Petition_unitId_registeredAt_idx" ON "Petition"("unitId", "registeredAt");

-- CreateIndex
CREATE UNIQUE INDEX "Petition_createdById_requestKey_key" ON "Petition"("createdById", "requestKey");

-- CreateIndex
CREATE INDEX "PetitionPetitioner_visitorId_idx" ON "PetitionPetitioner"("visitorId");

-- CreateIndex
CREATE INDEX "CenterMeeting_unitId_scheduledAt_idx" ON "CenterMeeting"("unitId", "scheduledAt");

-- CreateIndex
CREATE UNIQUE INDEX "CenterMeeting_createdById_requestKey_key" ON "CenterMeeting"("createdById", "requestKey");

-- CreateIndex
CREATE UNIQUE INDEX "MeetingDecision_meetingId_position_key" ON "MeetingDecision"("meetingId", "position");

-- CreateIndex
CREATE INDEX "OpenDay_unitId_heldOn_idx" ON "OpenDay"("unitId", "heldOn");

-- CreateIndex
CREATE UNIQUE INDEX "OpenDay_createdById_requestKey_key" ON "OpenDay"("createdById", "requestKey");

-- CreateIndex
CREATE UNIQUE INDEX "OpenDayProblem_openDayId_position_key" ON "OpenDayProblem"("openDayId", "position");

-- CreateIndex
CREATE INDEX "CenterWhistle_unitId_status_idx" ON "CenterWhistle"("unitId", "status");

-- CreateIndex
CREATE INDEX "CenterWhistle_departmentId_status_idx" ON "CenterWhistle"("departmentId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CenterWhistle_blownById_requestKey_key" ON "CenterWhistle"("blownById", "requestKey");

-- AddForeignKey
ALTER TABLE "CenterVisitor" ADD CONSTRAINT "CenterVisitor_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CenterIntake" ADD CONSTRAINT "CenterIntake_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CenterIntake" ADD CONSTRAINT "CenterIntake_visitorId_fkey" FOREIGN KEY ("visitorId") REFERENCES "CenterVisitor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CenterIntake" ADD CONSTRAINT "CenterIntake_disputeId_fkey" FOREIGN KEY ("disputeId") REFERENCES "Dispute"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CenterIntake" ADD CONSTRAINT "CenterIntake_petitionId_fkey" FOREIGN KEY ("petitionId") REFERENCES "Petition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediationCommittee" ADD CONSTRAINT "MediationCommittee_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_gridId_fkey" FOREIGN KEY ("gridId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_screeningId_fkey" FOREIGN KEY ("screeningId") REFERENCES "DisputeScreening"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_committeeId_fkey" FOREIGN KEY ("committeeId") REFERENCES "MediationCommittee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisputeParty" ADD CONSTRAINT "DisputeParty_disputeId_fkey" FOREIGN KEY ("disputeId") REFERENCES "Dispute"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisputeParty" ADD CONSTRAINT "DisputeParty_visitorId_fkey" FOREIGN KEY ("visitorId") REFERENCES "CenterVisitor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediationSession" ADD CONSTRAINT "MediationSession_disputeId_fkey" FOREIGN KEY ("disputeId") REFERENCES "Dispute"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediationAgreement" ADD CONSTRAINT "MediationAgreement_disputeId_fkey" FOREIGN KEY ("disputeId") REFERENCES "Dispute"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisputeFollowUp" ADD CONSTRAINT "DisputeFollowUp_disputeId_fkey" FOREIGN KEY ("disputeId") REFERENCES "Dispute"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisputeScreening" ADD CONSTRAINT "DisputeScreening_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisputeScreening" ADD CONSTRAINT "DisputeScreening_gridId_fkey" FOREIGN KEY ("gridId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Petition" ADD CONSTRAINT "Petition_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Petition" ADD CONSTRAINT "Petition_responsibleDepartmentId_fkey" FOREIGN KEY ("responsibleDepartmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PetitionPetitioner" ADD CONSTRAINT "PetitionPetitioner_petitionId_fkey" FOREIGN KEY ("petitionId") REFERENCES "Petition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PetitionPetitioner" ADD CONSTRAINT "PetitionPetitioner_visitorId_fkey" FOREIGN KEY ("visitorId") REFERENCES "CenterVisitor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CenterMeeting" ADD CONSTRAINT "CenterMeeting_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingInvite" ADD CONSTRAINT "MeetingInvite_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "CenterMeeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingInvite" ADD CONSTRAINT "MeetingInvite_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingCase" ADD CONSTRAINT "MeetingCase_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "CenterMeeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingDecision" ADD CONSTRAINT "MeetingDecision_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "CenterMeeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingDecision" ADD CONSTRAINT "MeetingDecision_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenDay" ADD CONSTRAINT "OpenDay_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenDayProblem" ADD CONSTRAINT "OpenDayProblem_openDayId_fkey" FOREIGN KEY ("openDayId") REFERENCES "OpenDay"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CenterPost" ADD CONSTRAINT "CenterPost_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CenterPost" ADD CONSTRAINT "CenterPost_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CenterWhistle" ADD CONSTRAINT "CenterWhistle_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CenterWhistle" ADD CONSTRAINT "CenterWhistle_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CenterSettings" ADD CONSTRAINT "CenterSettings_countyId_fkey" FOREIGN KEY ("countyId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
