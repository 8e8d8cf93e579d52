-- CreateTable
CREATE TABLE "ProcTelegramLink" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "chatId" TEXT,
    "telegramUsername" TEXT,
    "codeHash" TEXT,
    "codeExpiresAt" TIMESTAMP(3),
    "linkedAt" TIMESTAMP(3),
    "blockedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProcTelegramLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcTelegramNotice" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "linkId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "orderId" UUID,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "telegramMessageId" INTEGER,
    "error" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcTelegramNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProcTelegramLink_codeHash_idx" ON "ProcTelegramLink"("codeHash");

-- CreateIndex
CREATE UNIQUE INDEX "ProcTelegramLink_companyId_userId_key" ON "ProcTelegramLink"("companyId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "ProcTelegramLink_companyId_chatId_key" ON "ProcTelegramLink"("companyId", "chatId");

-- CreateIndex
CREATE INDEX "ProcTelegramNotice_companyId_createdAt_idx" ON "ProcTelegramNotice"("companyId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProcTelegramNotice_linkId_eventKey_key" ON "ProcTelegramNotice"("linkId", "eventKey");

-- AddForeignKey
ALTER TABLE "ProcTelegramLink" ADD CONSTRAINT "ProcTelegramLink_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcTelegramLink" ADD CONSTRAINT "ProcTelegramLink_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcTelegramNotice" ADD CONSTRAINT "ProcTelegramNotice_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcTelegramNotice" ADD CONSTRAINT "ProcTelegramNotice_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "ProcTelegramLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant isolation (see the init migration for pult_tenant_visible and the pult_app role).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['ProcTelegramLink', 'ProcTelegramNotice'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (pult_tenant_visible("companyId")) WITH CHECK (pult_tenant_visible("companyId"))', t);
  END LOOP;
END
$$;
