-- CreateEnum
CREATE TYPE "ResidentMoveStatus" AS ENUM ('PENDING', 'APPROVED', 'REFUSED', 'WITHDRAWN');

-- CreateTable
CREATE TABLE "ResidentMoveRequest" (
    "id" TEXT NOT NULL,
    "residentId" TEXT NOT NULL,
    "fromGridId" INTEGER NOT NULL,
    "toGridId" INTEGER NOT NULL,
    "status" "ResidentMoveStatus" NOT NULL DEFAULT 'PENDING',
    "note" VARCHAR(200) NOT NULL,
    "requestedById" TEXT NOT NULL,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionReason" VARCHAR(200),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ResidentMoveRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ResidentMoveRequest_fromGridId_status_createdAt_idx" ON "ResidentMoveRequest"("fromGridId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "ResidentMoveRequest_toGridId_status_createdAt_idx" ON "ResidentMoveRequest"("toGridId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "ResidentMoveRequest_residentId_idx" ON "ResidentMoveRequest"("residentId");

-- AddForeignKey
ALTER TABLE "ResidentMoveRequest" ADD CONSTRAINT "ResidentMoveRequest_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResidentMoveRequest" ADD CONSTRAINT "ResidentMoveRequest_fromGridId_fkey" FOREIGN KEY ("fromGridId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResidentMoveRequest" ADD CONSTRAINT "ResidentMoveRequest_toGridId_fkey" FOREIGN KEY ("toGridId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- At most one pending move request per resident: two grids asking for the same person at
-- once cannot both be approved, and a double submit files one request.
CREATE UNIQUE INDEX "ResidentMoveRequest_pending_key" ON "ResidentMoveRequest" ("residentId") WHERE "status" = 'PENDING';
