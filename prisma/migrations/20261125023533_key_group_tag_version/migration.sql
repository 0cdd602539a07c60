-- AlterTable
ALTER TABLE "KeyGroupTag" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;
