-- AlterTable
ALTER TABLE "CrmNotificationPreference" ADD COLUMN     "telegramDisabledKinds" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "CrmTelegramNotice" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT,
    "dealId" UUID,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "telegramMessageId" INTEGER,
    "error" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CrmTelegramNotice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmSavedFilter" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "filters" JSONB NOT NULL,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrmSavedFilter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CrmTelegramNotice_companyId_createdAt_idx" ON "CrmTelegramNotice"("companyId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CrmTelegramNotice_companyId_userId_idempotencyKey_key" ON "CrmTelegramNotice"("companyId", "userId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "CrmSavedFilter_companyId_shared_idx" ON "CrmSavedFilter"("companyId", "shared");

-- CreateIndex
CREATE UNIQUE INDEX "CrmSavedFilter_companyId_userId_name_key" ON "CrmSavedFilter"("companyId", "userId", "name");

-- AddForeignKey
ALTER TABLE "CrmTelegramNotice" ADD CONSTRAINT "CrmTelegramNotice_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmSavedFilter" ADD CONSTRAINT "CrmSavedFilter_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrmSavedFilter" ADD CONSTRAINT "CrmSavedFilter_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant isolation (see the init migration for pult_tenant_visible and the pult_app role).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['CrmTelegramNotice', 'CrmSavedFilter'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (pult_tenant_visible("companyId")) WITH CHECK (pult_tenant_visible("companyId"))', t);
  END LOOP;
END
$$;
