-- Trigram search over client names and deal titles (pg_trgm ships with PostgreSQL contrib; trusted since PG 13).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "CrmClientKind" AS ENUM ('person', 'company');

-- CreateEnum
CREATE TYPE "CrmDealStage" AS ENUM ('new', 'calculation', 'negotiation', 'issuing', 'active', 'closed', 'lost');

-- CreateEnum
CREATE TYPE "CrmTaskType" AS ENUM ('calculation', 'issuing', 'other');

-- CreateEnum
CREATE TYPE "CrmTaskStatus" AS ENUM ('open', 'done', 'cancelled');

-- CreateTable
CREATE TABLE "CrmClient" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "kind" "CrmClientKind" NOT NULL DEFAULT 'person',
    "name" TEXT NOT NULL,
    "inn" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "contactPerson" TEXT,
    "notes" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrmClient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmDeal" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "clientId" UUID NOT NULL,
    "stage" "CrmDealStage" NOT NULL DEFAULT 'new',
    "sellerId" UUID NOT NULL,
    "reviewDate" DATE,
    "reviewDateAuto" DATE,
    "reviewDateManual" DATE,
    "reviewDateReason" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrmDeal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmDealParticipant" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "dealId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CrmDealParticipant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmJournalEntry" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "dealId" UUID NOT NULL,
    "authorId" UUID,
    "authorName" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CrmJournalEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmDocument" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "dealId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "mimeType" TEXT NOT NULL,
    "uploadedById" UUID,
    "uploadedByName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrmDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmTask" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "dealId" UUID NOT NULL,
    "type" "CrmTaskType" NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "assigneeId" UUID NOT NULL,
    "createdById" UUID,
    "dueDate" DATE,
    "status" "CrmTaskStatus" NOT NULL DEFAULT 'open',
    "calculationId" UUID,
    "completedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrmTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmInsurer" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CrmInsurer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmProduct" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "insurerId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "commissionRateBp" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CrmProduct_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmCalculation" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "dealId" UUID NOT NULL,
    "taskId" UUID,
    "insurerId" UUID NOT NULL,
    "productId" UUID,
    "premium" BIGINT NOT NULL,
    "sumInsured" BIGINT NOT NULL,
    "deductible" BIGINT NOT NULL DEFAULT 0,
    "conditions" TEXT,
    "validUntil" DATE,
    "documentId" UUID,
    "chosen" BOOLEAN NOT NULL DEFAULT false,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrmCalculation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmPolicy" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "dealId" UUID NOT NULL,
    "calculationId" UUID,
    "insurerId" UUID NOT NULL,
    "productId" UUID,
    "number" TEXT NOT NULL,
    "startDate" DATE NOT NULL,
    "endDate" DATE NOT NULL,
    "premium" BIGINT NOT NULL,
    "commissionRateBp" INTEGER,
    "expectedCommission" BIGINT NOT NULL,
    "commissionManual" BOOLEAN NOT NULL DEFAULT false,
    "expectedExpenses" BIGINT NOT NULL DEFAULT 0,
    "documentId" UUID,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrmPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmInstallment" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "policyId" UUID NOT NULL,
    "dealId" UUID NOT NULL,
    "dueDate" DATE NOT NULL,
    "amount" BIGINT NOT NULL,
    "paidAmount" BIGINT NOT NULL DEFAULT 0,
    "paidAt" DATE,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrmInstallment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmPayment" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "policyId" UUID NOT NULL,
    "installmentId" UUID NOT NULL,
    "amount" BIGINT NOT NULL,
    "paidOn" DATE NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CrmPayment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmIncome" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "policyId" UUID NOT NULL,
    "dealId" UUID NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'commission',
    "amount" BIGINT NOT NULL,
    "receivedOn" DATE NOT NULL,
    "note" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CrmIncome_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmExpense" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "policyId" UUID NOT NULL,
    "dealId" UUID NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'other',
    "amount" BIGINT NOT NULL,
    "paidOn" DATE NOT NULL,
    "note" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CrmExpense_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmNotification" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "companyId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT,
    "link" TEXT,
    "dealId" UUID,
    "idempotencyKey" TEXT NOT NULL,
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CrmNotification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CrmClient_companyId_name_idx" ON "CrmClient"("companyId", "name");

-- CreateIndex
CREATE INDEX "CrmClient_name_idx" ON "CrmClient" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "CrmDeal_companyId_updatedAt_idx" ON "CrmDeal"("companyId", "updatedAt" DESC);

-- CreateIndex
CREATE INDEX "CrmDeal_companyId_reviewDate_idx" ON "CrmDeal"("companyId", "reviewDate");

-- CreateIndex
CREATE INDEX "CrmDeal_companyId_stage_reviewDate_idx" ON "CrmDeal"("companyId", "stage", "reviewDate");

-- CreateIndex
CREATE INDEX "CrmDeal_companyId_sellerId_reviewDate_idx" ON "CrmDeal"("companyId", "sellerId", "reviewDate");

-- CreateIndex
CREATE INDEX "CrmDeal_companyId_clientId_idx" ON "CrmDeal"("companyId", "clientId");

-- CreateIndex
CREATE INDEX "CrmDeal_title_idx" ON "CrmDeal" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "CrmDealParticipant_companyId_userId_idx" ON "CrmDealParticipant"("companyId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "CrmDealParticipant_dealId_userId_key" ON "CrmDealParticipant"("dealId", "userId");

-- CreateIndex
CREATE INDEX "CrmJournalEntry_companyId_dealId_createdAt_idx" ON "CrmJournalEntry"("companyId", "dealId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "CrmDocument_companyId_dealId_createdAt_idx" ON "CrmDocument"("companyId", "dealId", "createdAt");

-- CreateIndex
CREATE INDEX "CrmTask_companyId_assigneeId_status_dueDate_idx" ON "CrmTask"("companyId", "assigneeId", "status", "dueDate");

-- CreateIndex
CREATE INDEX "CrmTask_companyId_dealId_idx" ON "CrmTask"("companyId", "dealId");

-- CreateIndex
CREATE UNIQUE INDEX "CrmInsurer_companyId_name_key" ON "CrmInsurer"("companyId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "CrmProduct_companyId_insurerId_name_key" ON "CrmProduct"("companyId", "insurerId", "name");

-- CreateIndex
CREATE INDEX "CrmCalculation_companyId_dealId_idx" ON "CrmCalculation"("companyId", "dealId");

-- CreateIndex
CREATE INDEX "CrmPolicy_companyId_dealId_idx" ON "CrmPolicy"("companyId", "dealId");

-- CreateIndex
CREATE INDEX "CrmPolicy_companyId_endDate_idx" ON "CrmPolicy"("companyId", "endDate");

-- CreateIndex
CREATE UNIQUE INDEX "CrmPolicy_companyId_insurerId_number_key" ON "CrmPolicy"("companyId", "insurerId", "number");

-- CreateIndex
CREATE INDEX "CrmInstallment_companyId_policyId_dueDate_idx" ON "CrmInstallment"("companyId", "policyId", "dueDate");

-- CreateIndex
CREATE INDEX "CrmInstallment_companyId_dueDate_idx" ON "CrmInstallment"("companyId", "dueDate");

-- CreateIndex
CREATE INDEX "CrmPayment_companyId_installmentId_idx" ON "CrmPayment"("companyId", "installmentId");

-- CreateIndex
CREATE INDEX "CrmIncome_companyId_policyId_idx" ON "CrmIncome"("companyId", "policyId");

-- CreateIndex
CREATE INDEX "CrmIncome_companyId_receivedOn_idx" ON "CrmIncome"("companyId", "receivedOn");

-- CreateIndex
CREATE INDEX "CrmExpense_companyId_policyId_idx" ON "CrmExpense"("companyId", "policyId");

-- CreateIndex
CREATE INDEX "CrmExpense_companyId_paidOn_idx" ON "CrmExpense"("companyId", "paidOn");

-- CreateIndex
CREATE INDEX "CrmNotification_companyId_userId_seq_idx" ON "CrmNotification"("companyId", "userId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "CrmNotification_companyId_userId_idempotencyKey_key" ON "CrmNotification"("companyId", "userId", "idempotencyKey");

-- AddForeignKey
ALTER TABLE "CrmClient" ADD CONSTRAINT "CrmClient_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmDeal" ADD CONSTRAINT "CrmDeal_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmDeal" ADD CONSTRAINT "CrmDeal_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "CrmClient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmDeal" ADD CONSTRAINT "CrmDeal_sellerId_fkey" FOREIGN KEY ("sellerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmDealParticipant" ADD CONSTRAINT "CrmDealParticipant_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmDealParticipant" ADD CONSTRAINT "CrmDealParticipant_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "CrmDeal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmDealParticipant" ADD CONSTRAINT "CrmDealParticipant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmJournalEntry" ADD CONSTRAINT "CrmJournalEntry_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmJournalEntry" ADD CONSTRAINT "CrmJournalEntry_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "CrmDeal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmDocument" ADD CONSTRAINT "CrmDocument_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmDocument" ADD CONSTRAINT "CrmDocument_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "CrmDeal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmTask" ADD CONSTRAINT "CrmTask_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmTask" ADD CONSTRAINT "CrmTask_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "CrmDeal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmTask" ADD CONSTRAINT "CrmTask_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmInsurer" ADD CONSTRAINT "CrmInsurer_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmProduct" ADD CONSTRAINT "CrmProduct_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmProduct" ADD CONSTRAINT "CrmProduct_insurerId_fkey" FOREIGN KEY ("insurerId") REFERENCES "CrmInsurer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmCalculation" ADD CONSTRAINT "CrmCalculation_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmCalculation" ADD CONSTRAINT "CrmCalculation_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "CrmDeal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmCalculation" ADD CONSTRAINT "CrmCalculation_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "CrmTask"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmCalculation" ADD CONSTRAINT "CrmCalculation_insurerId_fkey" FOREIGN KEY ("insurerId") REFERENCES "CrmInsurer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmCalculation" ADD CONSTRAINT "CrmCalculation_productId_fkey" FOREIGN KEY ("productId") REFERENCES "CrmProduct"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmCalculation" ADD CONSTRAINT "CrmCalculation_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "CrmDocument"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmPolicy" ADD CONSTRAINT "CrmPolicy_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmPolicy" ADD CONSTRAINT "CrmPolicy_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "CrmDeal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmPolicy" ADD CONSTRAINT "CrmPolicy_insurerId_fkey" FOREIGN KEY ("insurerId") REFERENCES "CrmInsurer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmPolicy" ADD CONSTRAINT "CrmPolicy_productId_fkey" FOREIGN KEY ("productId") REFERENCES "CrmProduct"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmPolicy" ADD CONSTRAINT "CrmPolicy_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "CrmDocument"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmInstallment" ADD CONSTRAINT "CrmInstallment_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmInstallment" ADD CONSTRAINT "CrmInstallment_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "CrmPolicy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmPayment" ADD CONSTRAINT "CrmPayment_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmPayment" ADD CONSTRAINT "CrmPayment_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "CrmPolicy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmPayment" ADD CONSTRAINT "CrmPayment_installmentId_fkey" FOREIGN KEY ("installmentId") REFERENCES "CrmInstallment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmIncome" ADD CONSTRAINT "CrmIncome_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmIncome" ADD CONSTRAINT "CrmIncome_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "CrmPolicy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmExpense" ADD CONSTRAINT "CrmExpense_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmExpense" ADD CONSTRAINT "CrmExpense_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "CrmPolicy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmNotification" ADD CONSTRAINT "CrmNotification_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmNotification" ADD CONSTRAINT "CrmNotification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant isolation (see the init migration for pult_tenant_visible and the pult_app role).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['CrmClient', 'CrmDeal', 'CrmDealParticipant', 'CrmJournalEntry', 'CrmDocument', 'CrmTask',
    'CrmInsurer', 'CrmProduct', 'CrmCalculation', 'CrmPolicy', 'CrmInstallment', 'CrmPayment', 'CrmIncome', 'CrmExpense',
    'CrmNotification'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (pult_tenant_visible("companyId")) WITH CHECK (pult_tenant_visible("companyId"))', t);
  END LOOP;
END
$$;

-- Money sanity at the database level too (the domain validates first, with Russian messages).
ALTER TABLE "CrmCalculation" ADD CONSTRAINT "CrmCalculation_amounts_check" CHECK ("premium" >= 0 AND "sumInsured" >= 0 AND "deductible" >= 0);
ALTER TABLE "CrmPolicy" ADD CONSTRAINT "CrmPolicy_amounts_check" CHECK ("premium" > 0 AND "expectedCommission" >= 0 AND "expectedExpenses" >= 0 AND "endDate" >= "startDate");
ALTER TABLE "CrmInstallment" ADD CONSTRAINT "CrmInstallment_amounts_check" CHECK ("amount" > 0 AND "paidAmount" >= 0 AND "paidAmount" <= "amount");
ALTER TABLE "CrmPayment" ADD CONSTRAINT "CrmPayment_amount_check" CHECK ("amount" > 0);
ALTER TABLE "CrmIncome" ADD CONSTRAINT "CrmIncome_amount_check" CHECK ("amount" > 0);
ALTER TABLE "CrmExpense" ADD CONSTRAINT "CrmExpense_amount_check" CHECK ("amount" > 0);
