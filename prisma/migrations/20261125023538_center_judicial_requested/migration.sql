-- AlterTable
ALTER TABLE "MediationAgreement" ADD COLUMN     "judicialRequested" BOOLEAN NOT NULL DEFAULT false;
