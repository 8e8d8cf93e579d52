-- CreateTable
CREATE TABLE "TelegramPollCursor" (
    "companyId" UUID NOT NULL,
    "botId" TEXT NOT NULL,
    "offset" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TelegramPollCursor_pkey" PRIMARY KEY ("companyId")
);

-- AddForeignKey
ALTER TABLE "TelegramPollCursor" ADD CONSTRAINT "TelegramPollCursor_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant isolation (see the init migration for pult_tenant_visible and the pult_app role).
ALTER TABLE "TelegramPollCursor" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "TelegramPollCursor" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "TelegramPollCursor" USING (pult_tenant_visible("companyId")) WITH CHECK (pult_tenant_visible("companyId"));
