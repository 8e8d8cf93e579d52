-- CreateEnum
CREATE TYPE "ProcOrderStatus" AS ENUM ('new', 'needs_review', 'rfq_sent', 'quoted', 'offer_sent', 'won', 'lost', 'cancelled');

-- CreateEnum
CREATE TYPE "ProcRfqStatus" AS ENUM ('queued', 'sent', 'answered', 'no_answer', 'failed');

-- CreateEnum
CREATE TYPE "ProcMailDirection" AS ENUM ('inbound', 'outbound');

-- CreateTable
CREATE TABLE "ProcSettings" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "legalName" TEXT NOT NULL DEFAULT '',
    "inn" TEXT NOT NULL DEFAULT '',
    "kpp" TEXT NOT NULL DEFAULT '',
    "address" TEXT NOT NULL DEFAULT '',
    "phone" TEXT NOT NULL DEFAULT '',
    "email" TEXT NOT NULL DEFAULT '',
    "bankDetails" TEXT NOT NULL DEFAULT '',
    "rfqSubject" TEXT NOT NULL DEFAULT 'Запрос цены {{token}} по заявке {{order}}',
    "rfqBody" TEXT NOT NULL DEFAULT '',
    "rfqTimeoutHours" INTEGER NOT NULL DEFAULT 48,
    "rfqReminderHours" INTEGER DEFAULT 24,
    "offerValidityDays" INTEGER NOT NULL DEFAULT 10,
    "defaultMarkupPct" DECIMAL(6,2) NOT NULL DEFAULT 15,
    "vatRatePct" DECIMAL(5,2) NOT NULL DEFAULT 20,
    "mailUidValidity" BIGINT,
    "mailLastUid" INTEGER NOT NULL DEFAULT 0,
    "mailLastPollAt" TIMESTAMP(3),
    "mailLastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProcSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcCounter" (
    "companyId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "value" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ProcCounter_pkey" PRIMARY KEY ("companyId","kind","year")
);

-- CreateTable
CREATE TABLE "ProcClient" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "inn" TEXT,
    "notes" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProcClient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcSupplier" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT,
    "categories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "brands" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "notes" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProcSupplier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcMailMessage" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "direction" "ProcMailDirection" NOT NULL,
    "messageId" TEXT NOT NULL,
    "uidValidity" BIGINT,
    "uid" INTEGER,
    "inReplyTo" TEXT,
    "references" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "fromAddress" TEXT NOT NULL DEFAULT '',
    "fromName" TEXT NOT NULL DEFAULT '',
    "toAddresses" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "subject" TEXT NOT NULL DEFAULT '',
    "sentAt" TIMESTAMP(3),
    "text" TEXT NOT NULL DEFAULT '',
    "html" TEXT,
    "raw" BYTEA NOT NULL,
    "kind" TEXT,
    "processedAt" TIMESTAMP(3),
    "processError" TEXT,
    "orderId" UUID,
    "rfqId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcMailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcAttachment" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "mailMessageId" UUID NOT NULL,
    "filename" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "content" BYTEA,
    "skippedReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcOrder" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "status" "ProcOrderStatus" NOT NULL DEFAULT 'new',
    "clientId" UUID,
    "sourceMessageId" UUID,
    "subject" TEXT NOT NULL DEFAULT '',
    "aiStatus" TEXT NOT NULL DEFAULT 'manual',
    "reviewReason" TEXT,
    "markupPct" DECIMAL(6,2) NOT NULL DEFAULT 15,
    "notes" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProcOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcOrderItem" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "brand" TEXT,
    "article" TEXT,
    "quantity" DECIMAL(14,3) NOT NULL DEFAULT 1,
    "unit" TEXT NOT NULL DEFAULT 'шт',
    "notes" TEXT,
    "selectedQuoteItemId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProcOrderItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcRfq" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "supplierId" UUID NOT NULL,
    "token" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "status" "ProcRfqStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "sentAt" TIMESTAMP(3),
    "remindedAt" TIMESTAMP(3),
    "answeredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProcRfq_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcQuote" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "rfqId" UUID NOT NULL,
    "supplierId" UUID NOT NULL,
    "mailMessageId" UUID,
    "currency" TEXT NOT NULL DEFAULT 'RUB',
    "validUntil" TEXT,
    "terms" TEXT,
    "aiStatus" TEXT NOT NULL DEFAULT 'manual',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcQuote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcQuoteItem" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "quoteId" UUID NOT NULL,
    "orderItemId" UUID,
    "name" TEXT NOT NULL,
    "price" DECIMAL(14,2),
    "currency" TEXT NOT NULL DEFAULT 'RUB',
    "vatIncluded" BOOLEAN,
    "leadTimeDays" INTEGER,
    "availability" TEXT,
    "notes" TEXT,

    CONSTRAINT "ProcQuoteItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcOffer" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "markupPct" DECIMAL(6,2) NOT NULL,
    "vatRatePct" DECIMAL(5,2) NOT NULL,
    "total" DECIMAL(14,2) NOT NULL,
    "validUntil" TIMESTAMP(3) NOT NULL,
    "lines" JSONB NOT NULL,
    "pdf" BYTEA NOT NULL,
    "sentAt" TIMESTAMP(3),
    "sentTo" TEXT,
    "sendError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcOffer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcAiUsage" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "purpose" TEXT NOT NULL,
    "promptVersion" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "promptTokens" INTEGER NOT NULL DEFAULT 0,
    "completionTokens" INTEGER NOT NULL DEFAULT 0,
    "totalTokens" INTEGER NOT NULL DEFAULT 0,
    "ok" BOOLEAN NOT NULL,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcAiUsage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ProcSettings_companyId_key" ON "ProcSettings"("companyId");

-- CreateIndex
CREATE INDEX "ProcClient_companyId_name_idx" ON "ProcClient"("companyId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ProcClient_companyId_email_key" ON "ProcClient"("companyId", "email");

-- CreateIndex
CREATE INDEX "ProcSupplier_companyId_name_idx" ON "ProcSupplier"("companyId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ProcSupplier_companyId_email_key" ON "ProcSupplier"("companyId", "email");

-- CreateIndex
CREATE INDEX "ProcMailMessage_companyId_orderId_idx" ON "ProcMailMessage"("companyId", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "ProcMailMessage_companyId_messageId_key" ON "ProcMailMessage"("companyId", "messageId");

-- CreateIndex
CREATE UNIQUE INDEX "ProcMailMessage_companyId_uidValidity_uid_key" ON "ProcMailMessage"("companyId", "uidValidity", "uid");

-- CreateIndex
CREATE INDEX "ProcAttachment_companyId_mailMessageId_idx" ON "ProcAttachment"("companyId", "mailMessageId");

-- CreateIndex
CREATE INDEX "ProcOrder_companyId_status_createdAt_idx" ON "ProcOrder"("companyId", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProcOrder_companyId_number_key" ON "ProcOrder"("companyId", "number");

-- CreateIndex
CREATE INDEX "ProcOrderItem_companyId_orderId_position_idx" ON "ProcOrderItem"("companyId", "orderId", "position");

-- CreateIndex
CREATE INDEX "ProcRfq_companyId_status_sentAt_idx" ON "ProcRfq"("companyId", "status", "sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProcRfq_companyId_token_key" ON "ProcRfq"("companyId", "token");

-- CreateIndex
CREATE UNIQUE INDEX "ProcRfq_companyId_messageId_key" ON "ProcRfq"("companyId", "messageId");

-- CreateIndex
CREATE INDEX "ProcQuote_companyId_orderId_idx" ON "ProcQuote"("companyId", "orderId");

-- CreateIndex
CREATE INDEX "ProcQuoteItem_companyId_quoteId_idx" ON "ProcQuoteItem"("companyId", "quoteId");

-- CreateIndex
CREATE INDEX "ProcOffer_companyId_orderId_idx" ON "ProcOffer"("companyId", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "ProcOffer_companyId_number_key" ON "ProcOffer"("companyId", "number");

-- CreateIndex
CREATE INDEX "ProcAiUsage_companyId_createdAt_idx" ON "ProcAiUsage"("companyId", "createdAt");

-- AddForeignKey
ALTER TABLE "ProcSettings" ADD CONSTRAINT "ProcSettings_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcCounter" ADD CONSTRAINT "ProcCounter_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcClient" ADD CONSTRAINT "ProcClient_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcSupplier" ADD CONSTRAINT "ProcSupplier_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcMailMessage" ADD CONSTRAINT "ProcMailMessage_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcAttachment" ADD CONSTRAINT "ProcAttachment_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcAttachment" ADD CONSTRAINT "ProcAttachment_mailMessageId_fkey" FOREIGN KEY ("mailMessageId") REFERENCES "ProcMailMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcOrder" ADD CONSTRAINT "ProcOrder_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcOrder" ADD CONSTRAINT "ProcOrder_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "ProcClient"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcOrderItem" ADD CONSTRAINT "ProcOrderItem_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcOrderItem" ADD CONSTRAINT "ProcOrderItem_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "ProcOrder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcRfq" ADD CONSTRAINT "ProcRfq_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcRfq" ADD CONSTRAINT "ProcRfq_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "ProcOrder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcRfq" ADD CONSTRAINT "ProcRfq_supplierId_fkey" FOREIGN KEY ("supplierId") REFERENCES "ProcSupplier"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcQuote" ADD CONSTRAINT "ProcQuote_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcQuote" ADD CONSTRAINT "ProcQuote_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "ProcOrder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcQuote" ADD CONSTRAINT "ProcQuote_rfqId_fkey" FOREIGN KEY ("rfqId") REFERENCES "ProcRfq"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcQuote" ADD CONSTRAINT "ProcQuote_supplierId_fkey" FOREIGN KEY ("supplierId") REFERENCES "ProcSupplier"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcQuoteItem" ADD CONSTRAINT "ProcQuoteItem_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcQuoteItem" ADD CONSTRAINT "ProcQuoteItem_quoteId_fkey" FOREIGN KEY ("quoteId") REFERENCES "ProcQuote"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcQuoteItem" ADD CONSTRAINT "ProcQuoteItem_orderItemId_fkey" FOREIGN KEY ("orderItemId") REFERENCES "ProcOrderItem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcOffer" ADD CONSTRAINT "ProcOffer_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcOffer" ADD CONSTRAINT "ProcOffer_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "ProcOrder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcAiUsage" ADD CONSTRAINT "ProcAiUsage_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant isolation (see the init migration for pult_tenant_visible and the pult_app role).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['ProcSettings', 'ProcCounter', 'ProcClient', 'ProcSupplier', 'ProcMailMessage', 'ProcAttachment',
    'ProcOrder', 'ProcOrderItem', 'ProcRfq', 'ProcQuote', 'ProcQuoteItem', 'ProcOffer', 'ProcAiUsage'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (pult_tenant_visible("companyId")) WITH CHECK (pult_tenant_visible("companyId"))', t);
  END LOOP;
END
$$;
