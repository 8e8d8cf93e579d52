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

-- Row-level security, same rule as pult_tenant_visible() but with the settings read once per query (InitPlans)
-- instead of once per row: on 100k deals the per-row current_setting() calls cost ~6× the scan itself.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['CrmClient', 'CrmDeal', 'CrmDealParticipant', 'CrmJournalEntry', 'CrmDocument', 'CrmTask',
                           'CrmInsurer', 'CrmProduct', 'CrmCalculation', 'CrmPolicy', 'CrmInstallment', 'CrmPayment',
                           'CrmIncome', 'CrmExpense', 'CrmNotification'] LOOP
    EXECUTE format($p$ALTER POLICY tenant_isolation ON %I
      USING ("companyId" = (SELECT nullif(current_setting('app.company_id', true), '')::uuid)
             OR (SELECT coalesce(current_setting('app.bypass_rls', true), '')) = 'on')
      WITH CHECK (pult_tenant_visible("companyId"))$p$, t);
  END LOOP;
END
$$;
