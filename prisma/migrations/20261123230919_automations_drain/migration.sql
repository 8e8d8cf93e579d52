-- AlterTable
ALTER TABLE "AutomationEndpoint" DROP COLUMN "lastWebhookAt",
ADD COLUMN     "drainSeq" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "SourceEvent" ADD COLUMN     "processedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "SourceEvent_companyId_processedAt_receivedAt_idx" ON "SourceEvent"("companyId", "processedAt", "receivedAt");

-- Events stored before the batch processor existed were handled one by one already.
UPDATE "SourceEvent" SET "processedAt" = "receivedAt" WHERE "processedAt" IS NULL;
