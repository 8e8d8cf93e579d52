-- CreateEnum
CREATE TYPE "ExportStrategy" AS ENUM ('append', 'upsert', 'replace');

-- CreateTable
CREATE TABLE "ExportSettings" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "spreadsheetId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExportSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExportConfig" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "exporter" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "sheetName" TEXT NOT NULL,
    "strategy" "ExportStrategy" NOT NULL DEFAULT 'upsert',
    "incremental" BOOLEAN NOT NULL DEFAULT true,
    "columns" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "scheduleKind" TEXT NOT NULL DEFAULT 'hourly',
    "scheduleTime" TEXT,
    "scheduleCron" TEXT,
    "nextRunAt" TIMESTAMP(3),
    "cursor" TIMESTAMP(3),
    "lastRunAt" TIMESTAMP(3),
    "lastStatus" TEXT,
    "lastError" TEXT,
    "lastJobRunId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExportConfig_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ExportSettings_companyId_key" ON "ExportSettings"("companyId");

-- CreateIndex
CREATE INDEX "ExportConfig_enabled_nextRunAt_idx" ON "ExportConfig"("enabled", "nextRunAt");

-- CreateIndex
CREATE UNIQUE INDEX "ExportConfig_companyId_exporter_key" ON "ExportConfig"("companyId", "exporter");

-- AddForeignKey
ALTER TABLE "ExportSettings" ADD CONSTRAINT "ExportSettings_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExportConfig" ADD CONSTRAINT "ExportConfig_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant isolation (see the init migration for pult_tenant_visible and the pult_app role).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['ExportSettings', 'ExportConfig'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (pult_tenant_visible("companyId")) WITH CHECK (pult_tenant_visible("companyId"))', t);
  END LOOP;
END
$$;
