-- DropIndex
DROP INDEX "CrmDealParticipant_companyId_userId_idx";

-- DropIndex
DROP INDEX "CrmTask_companyId_assigneeId_status_dueDate_idx";

-- CreateIndex
CREATE INDEX "CrmCalculation_companyId_insurerId_dealId_idx" ON "CrmCalculation"("companyId", "insurerId", "dealId");

-- CreateIndex
CREATE INDEX "CrmDeal_companyId_title_idx" ON "CrmDeal"("companyId", "title");

-- CreateIndex
CREATE INDEX "CrmDealParticipant_companyId_userId_dealId_idx" ON "CrmDealParticipant"("companyId", "userId", "dealId");

-- CreateIndex
CREATE INDEX "CrmInstallment_companyId_paidAt_dueDate_amount_paidAmount_d_idx" ON "CrmInstallment"("companyId", "paidAt", "dueDate", "amount", "paidAmount", "dealId");

-- CreateIndex
CREATE INDEX "CrmPolicy_companyId_insurerId_dealId_idx" ON "CrmPolicy"("companyId", "insurerId", "dealId");

-- CreateIndex
CREATE INDEX "CrmTask_companyId_assigneeId_status_dueDate_createdAt_idx" ON "CrmTask"("companyId", "assigneeId", "status", "dueDate", "createdAt" DESC);
