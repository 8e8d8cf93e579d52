-- CreateEnum
CREATE TYPE "CompanyLinkStatus" AS ENUM ('pending', 'active', 'paused', 'revoked');

-- CreateEnum
CREATE TYPE "CrossCompanyJobStatus" AS ENUM ('queued', 'running', 'retrying', 'succeeded', 'failed', 'cancelled', 'blocked');

-- CreateEnum
CREATE TYPE "DealerStatus" AS ENUM ('pending', 'active', 'paused', 'blocked');

-- CreateEnum
CREATE TYPE "DealerDeliveryStatus" AS ENUM ('queued', 'sent', 'failed', 'blocked', 'skipped');

-- CreateTable
CREATE TABLE "CompanyLink" (
    "id" UUID NOT NULL,
    "companyAId" UUID NOT NULL,
    "companyBId" UUID NOT NULL,
    "aEnabled" BOOLEAN NOT NULL DEFAULT false,
    "bEnabled" BOOLEAN NOT NULL DEFAULT false,
    "aEnabledById" UUID,
    "bEnabledById" UUID,
    "aEnabledAt" TIMESTAMP(3),
    "bEnabledAt" TIMESTAMP(3),
    "status" "CompanyLinkStatus" NOT NULL DEFAULT 'pending',
    "statusChangedAt" TIMESTAMP(3),
    "statusChangedById" UUID,
    "statusChangedBy" TEXT,
    "statusCompanyId" UUID,
    "createdByCompanyId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CompanyLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AutomationRule" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "linkId" UUID NOT NULL,
    "sourceCompanyId" UUID NOT NULL,
    "sourceEvent" TEXT NOT NULL,
    "targetCompanyId" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "mapping" JSONB NOT NULL DEFAULT '{}',
    "filters" JSONB NOT NULL DEFAULT '[]',
    "idempotencyTemplate" TEXT NOT NULL DEFAULT '{{event.type}}:{{event.id}}',
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AutomationRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SourceEvent" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "origin" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "href" TEXT NOT NULL,
    "accountId" TEXT,
    "payload" JSONB NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SourceEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AutomationEndpoint" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "secret" TEXT NOT NULL,
    "webhooks" JSONB NOT NULL DEFAULT '{}',
    "pollCursor" TIMESTAMP(3),
    "lastPolledAt" TIMESTAMP(3),
    "lastWebhookAt" TIMESTAMP(3),
    "maxRules" INTEGER NOT NULL DEFAULT 20,
    "maxRunsPerDay" INTEGER NOT NULL DEFAULT 1000,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AutomationEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrossCompanyJob" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "ruleId" UUID NOT NULL,
    "sourceEventId" UUID NOT NULL,
    "targetCompanyId" UUID NOT NULL,
    "status" "CrossCompanyJobStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "idempotencyKey" TEXT NOT NULL,
    "sourceEntityType" TEXT NOT NULL,
    "sourceEntityId" TEXT NOT NULL,
    "sourceName" TEXT,
    "targetEntityType" TEXT NOT NULL,
    "targetEntityId" TEXT,
    "targetHref" TEXT,
    "targetName" TEXT,
    "payload" JSONB,
    "response" JSONB,
    "error" TEXT,
    "nextAttemptAt" TIMESTAMP(3),
    "jobRunId" UUID,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrossCompanyJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dealer" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "phone" TEXT,
    "telegramChatId" TEXT,
    "telegramUsername" TEXT,
    "status" "DealerStatus" NOT NULL DEFAULT 'pending',
    "pausedBy" TEXT,
    "counterpartyIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "salesPointIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "subscribeCodeHash" TEXT,
    "subscribeCodeExp" TIMESTAMP(3),
    "subscribedAt" TIMESTAMP(3),
    "blockedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Dealer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DealerTemplate" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DealerTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DealerDelivery" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "dealerId" UUID NOT NULL,
    "sourceEventId" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" "DealerDeliveryStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "text" TEXT NOT NULL,
    "error" TEXT,
    "telegramMessageId" INTEGER,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DealerDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CompanyLink_companyBId_idx" ON "CompanyLink"("companyBId");

-- CreateIndex
CREATE UNIQUE INDEX "CompanyLink_companyAId_companyBId_key" ON "CompanyLink"("companyAId", "companyBId");

-- CreateIndex
CREATE INDEX "AutomationRule_companyId_sourceEvent_idx" ON "AutomationRule"("companyId", "sourceEvent");

-- CreateIndex
CREATE INDEX "SourceEvent_companyId_receivedAt_idx" ON "SourceEvent"("companyId", "receivedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "SourceEvent_companyId_dedupeKey_key" ON "SourceEvent"("companyId", "dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "AutomationEndpoint_companyId_key" ON "AutomationEndpoint"("companyId");

-- CreateIndex
CREATE INDEX "CrossCompanyJob_companyId_createdAt_idx" ON "CrossCompanyJob"("companyId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "CrossCompanyJob_companyId_status_idx" ON "CrossCompanyJob"("companyId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CrossCompanyJob_companyId_idempotencyKey_key" ON "CrossCompanyJob"("companyId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "Dealer_subscribeCodeHash_key" ON "Dealer"("subscribeCodeHash");

-- CreateIndex
CREATE INDEX "Dealer_companyId_status_idx" ON "Dealer"("companyId", "status");

-- CreateIndex
CREATE INDEX "Dealer_companyId_telegramChatId_idx" ON "Dealer"("companyId", "telegramChatId");

-- CreateIndex
CREATE UNIQUE INDEX "DealerTemplate_companyId_trigger_key" ON "DealerTemplate"("companyId", "trigger");

-- CreateIndex
CREATE INDEX "DealerDelivery_companyId_createdAt_idx" ON "DealerDelivery"("companyId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "DealerDelivery_companyId_sourceEventId_dealerId_key" ON "DealerDelivery"("companyId", "sourceEventId", "dealerId");

-- AddForeignKey
ALTER TABLE "CompanyLink" ADD CONSTRAINT "CompanyLink_companyAId_fkey" FOREIGN KEY ("companyAId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompanyLink" ADD CONSTRAINT "CompanyLink_companyBId_fkey" FOREIGN KEY ("companyBId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AutomationRule" ADD CONSTRAINT "AutomationRule_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AutomationRule" ADD CONSTRAINT "AutomationRule_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "CompanyLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourceEvent" ADD CONSTRAINT "SourceEvent_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AutomationEndpoint" ADD CONSTRAINT "AutomationEndpoint_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrossCompanyJob" ADD CONSTRAINT "CrossCompanyJob_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrossCompanyJob" ADD CONSTRAINT "CrossCompanyJob_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AutomationRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dealer" ADD CONSTRAINT "Dealer_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealerTemplate" ADD CONSTRAINT "DealerTemplate_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealerDelivery" ADD CONSTRAINT "DealerDelivery_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DealerDelivery" ADD CONSTRAINT "DealerDelivery_dealerId_fkey" FOREIGN KEY ("dealerId") REFERENCES "Dealer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant isolation (see the init migration for pult_tenant_visible and the pult_app role).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['AutomationRule', 'SourceEvent', 'AutomationEndpoint', 'CrossCompanyJob', 'Dealer', 'DealerTemplate', 'DealerDelivery'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (pult_tenant_visible("companyId")) WITH CHECK (pult_tenant_visible("companyId"))', t);
  END LOOP;
END
$$;

-- A company link is one row shared by its two companies: visible to (and changeable by) either side only.
ALTER TABLE "CompanyLink" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CompanyLink" FORCE ROW LEVEL SECURITY;
CREATE POLICY link_sides ON "CompanyLink"
  USING (pult_tenant_visible("companyAId") OR pult_tenant_visible("companyBId"))
  WITH CHECK (pult_tenant_visible("companyAId") OR pult_tenant_visible("companyBId"));
ALTER TABLE "CompanyLink" ADD CONSTRAINT "CompanyLink_sides_ordered" CHECK ("companyAId" < "companyBId");
