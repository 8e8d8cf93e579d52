-- CreateTable
CREATE TABLE "CrmSearchWord" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "dealId" UUID NOT NULL,
    "word" TEXT NOT NULL,

    CONSTRAINT "CrmSearchWord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CrmSearchWord_companyId_word_dealId_idx" ON "CrmSearchWord"("companyId", "word", "dealId");

-- CreateIndex
CREATE INDEX "CrmSearchWord_dealId_idx" ON "CrmSearchWord"("dealId");

-- AddForeignKey
ALTER TABLE "CrmSearchWord" ADD CONSTRAINT "CrmSearchWord_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "CrmDeal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security (same rule as the other CRM tables, settings read once per query).
ALTER TABLE "CrmSearchWord" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CrmSearchWord" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CrmSearchWord"
  USING ("companyId" = (SELECT nullif(current_setting('app.company_id', true), '')::uuid)
         OR (SELECT coalesce(current_setting('app.bypass_rls', true), '')) = 'on')
  WITH CHECK (pult_tenant_visible("companyId"));

-- The words of a deal: its title and its client's name, lower-cased, split on anything but letters and digits.
CREATE OR REPLACE FUNCTION crm_refresh_search_words(p_deal uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "CrmSearchWord" WHERE "dealId" = p_deal;
  INSERT INTO "CrmSearchWord"(id, "companyId", "dealId", word)
  SELECT gen_random_uuid(), s."companyId", s.id, s.w
    FROM (SELECT DISTINCT d."companyId", d.id, w
            FROM "CrmDeal" d JOIN "CrmClient" c ON c.id = d."clientId",
                 regexp_split_to_table(lower(d.title || ' ' || c.name), '[^0-9a-zа-яё]+') w
           WHERE d.id = p_deal AND w <> '') s;
END
$$;

CREATE OR REPLACE FUNCTION crm_deal_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM crm_refresh_search_words(NEW.id);
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION crm_client_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM crm_refresh_search_words(d.id) FROM "CrmDeal" d WHERE d."clientId" = NEW.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER crm_deal_search AFTER INSERT OR UPDATE OF title, "clientId" ON "CrmDeal"
  FOR EACH ROW EXECUTE FUNCTION crm_deal_search_trigger();
CREATE TRIGGER crm_client_search AFTER UPDATE OF name ON "CrmClient"
  FOR EACH ROW EXECUTE FUNCTION crm_client_search_trigger();

-- Existing deals.
INSERT INTO "CrmSearchWord"(id, "companyId", "dealId", word)
SELECT gen_random_uuid(), s."companyId", s.id, s.w
  FROM (SELECT DISTINCT d."companyId", d.id, w
          FROM "CrmDeal" d JOIN "CrmClient" c ON c.id = d."clientId",
               regexp_split_to_table(lower(d.title || ' ' || c.name), '[^0-9a-zа-яё]+') w
         WHERE w <> '') s;
