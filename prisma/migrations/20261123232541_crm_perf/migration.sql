-- DropIndex
DROP INDEX "CrmDeal_companyId_reviewDate_idx";

-- DropIndex
DROP INDEX "CrmDeal_companyId_title_idx";

-- DropIndex
DROP INDEX "CrmDeal_companyId_updatedAt_idx";

-- DropIndex
DROP INDEX "CrmInstallment_companyId_paidAt_dueDate_id_amount_paidAmoun_idx";

-- AlterTable
ALTER TABLE "CrmDeal" ADD COLUMN     "insurerIds" UUID[] DEFAULT ARRAY[]::UUID[],
ADD COLUMN     "participantIds" UUID[] DEFAULT ARRAY[]::UUID[];

-- AlterTable
ALTER TABLE "CrmInstallment" ADD COLUMN     "insurerId" UUID,
ADD COLUMN     "sellerId" UUID;

-- CreateIndex
CREATE INDEX "CrmDeal_companyId_updatedAt_id_idx" ON "CrmDeal"("companyId", "updatedAt" DESC, "id");

-- CreateIndex
CREATE INDEX "CrmDeal_companyId_reviewDate_id_idx" ON "CrmDeal"("companyId", "reviewDate", "id");

-- CreateIndex
CREATE INDEX "CrmDeal_companyId_title_id_idx" ON "CrmDeal"("companyId", "title", "id");

-- CreateIndex
CREATE INDEX "CrmInstallment_companyId_paidAt_dueDate_id_amount_paidAmoun_idx" ON "CrmInstallment"("companyId", "paidAt", "dueDate", "id", "amount", "paidAmount", "dealId", "policyId", "sellerId", "insurerId");

-- The deals list filters and orders one table: the participants and insurers of a deal are copied onto it
-- ("participantIds", "insurerIds"), kept here by triggers in the same transaction as the change. Visibility (seller:
-- own or participant; executor: participant) and the executor/insurer filters become plain per-row conditions, so the
-- planner walks the sort's index ("CrmDeal_companyId_<sort>_id_idx") and stops at the page instead of joining
-- every deal of the company against the participants or policies.
CREATE OR REPLACE FUNCTION crm_refresh_deal_participants(p_deal uuid) RETURNS void LANGUAGE sql AS $$
  UPDATE "CrmDeal" d
     SET "participantIds" = coalesce((SELECT array_agg(DISTINCT p."userId" ORDER BY p."userId")
                                        FROM "CrmDealParticipant" p WHERE p."dealId" = p_deal), ARRAY[]::uuid[])
   WHERE d.id = p_deal;
$$;

CREATE OR REPLACE FUNCTION crm_refresh_deal_insurers(p_deal uuid) RETURNS void LANGUAGE sql AS $$
  UPDATE "CrmDeal" d
     SET "insurerIds" = coalesce((SELECT array_agg(DISTINCT s.ins ORDER BY s.ins)
                                    FROM (SELECT "insurerId" AS ins FROM "CrmPolicy" WHERE "dealId" = p_deal
                                          UNION SELECT "insurerId" FROM "CrmCalculation" WHERE "dealId" = p_deal) s), ARRAY[]::uuid[])
   WHERE d.id = p_deal;
$$;

CREATE OR REPLACE FUNCTION crm_deal_participants_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM crm_refresh_deal_participants(OLD."dealId"); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW."dealId" IS DISTINCT FROM OLD."dealId") THEN
    PERFORM crm_refresh_deal_participants(NEW."dealId");
  END IF;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION crm_deal_insurers_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM crm_refresh_deal_insurers(OLD."dealId"); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW."dealId" IS DISTINCT FROM OLD."dealId") THEN
    PERFORM crm_refresh_deal_insurers(NEW."dealId");
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER crm_deal_participants AFTER INSERT OR DELETE OR UPDATE OF "dealId", "userId" ON "CrmDealParticipant"
  FOR EACH ROW EXECUTE FUNCTION crm_deal_participants_trigger();
CREATE TRIGGER crm_deal_insurers AFTER INSERT OR DELETE OR UPDATE OF "dealId", "insurerId" ON "CrmPolicy"
  FOR EACH ROW EXECUTE FUNCTION crm_deal_insurers_trigger();
CREATE TRIGGER crm_deal_insurers AFTER INSERT OR DELETE OR UPDATE OF "dealId", "insurerId" ON "CrmCalculation"
  FOR EACH ROW EXECUTE FUNCTION crm_deal_insurers_trigger();

-- Existing deals.
UPDATE "CrmDeal" d SET "participantIds" = s.ids
  FROM (SELECT "dealId", array_agg(DISTINCT "userId" ORDER BY "userId") AS ids FROM "CrmDealParticipant" GROUP BY "dealId") s
 WHERE s."dealId" = d.id;
UPDATE "CrmDeal" d SET "insurerIds" = s.ids
  FROM (SELECT "dealId", array_agg(DISTINCT ins ORDER BY ins) AS ids
          FROM (SELECT "dealId", "insurerId" AS ins FROM "CrmPolicy" UNION SELECT "dealId", "insurerId" FROM "CrmCalculation") u
         GROUP BY "dealId") s
 WHERE s."dealId" = d.id;

-- The receivables report filters unpaid installments by the deal's seller and the policy's insurer: both are copied
-- onto the installment (set before every insert, followed when a deal changes seller or a policy changes insurer) and
-- carried by the covering index, so the report's totals and pages come from that index alone.
CREATE OR REPLACE FUNCTION crm_installment_denorm_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."sellerId" := (SELECT d."sellerId" FROM "CrmDeal" d WHERE d.id = NEW."dealId");
  NEW."insurerId" := (SELECT p."insurerId" FROM "CrmPolicy" p WHERE p.id = NEW."policyId");
  RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION crm_deal_seller_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "CrmInstallment" SET "sellerId" = NEW."sellerId" WHERE "dealId" = NEW.id AND "sellerId" IS DISTINCT FROM NEW."sellerId";
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION crm_policy_insurer_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "CrmInstallment" SET "insurerId" = NEW."insurerId" WHERE "policyId" = NEW.id AND "insurerId" IS DISTINCT FROM NEW."insurerId";
  RETURN NULL;
END
$$;

CREATE TRIGGER crm_installment_denorm BEFORE INSERT OR UPDATE OF "dealId", "policyId", "sellerId", "insurerId" ON "CrmInstallment"
  FOR EACH ROW EXECUTE FUNCTION crm_installment_denorm_trigger();
CREATE TRIGGER crm_deal_seller AFTER UPDATE OF "sellerId" ON "CrmDeal"
  FOR EACH ROW WHEN (OLD."sellerId" IS DISTINCT FROM NEW."sellerId") EXECUTE FUNCTION crm_deal_seller_trigger();
CREATE TRIGGER crm_policy_insurer AFTER UPDATE OF "insurerId" ON "CrmPolicy"
  FOR EACH ROW WHEN (OLD."insurerId" IS DISTINCT FROM NEW."insurerId") EXECUTE FUNCTION crm_policy_insurer_trigger();

-- Existing installments.
UPDATE "CrmInstallment" i SET "sellerId" = d."sellerId", "insurerId" = p."insurerId"
  FROM "CrmDeal" d, "CrmPolicy" p WHERE d.id = i."dealId" AND p.id = i."policyId";
