import { withSystem } from "../db";
import type { TIntegrationKind } from "./catalog";

/** System operation for the scheduled re-check: every configured integration of every company. */
export function listConfiguredIntegrations(): Promise<{ companyId: string; kind: TIntegrationKind }[]> {
  return withSystem((tx) => tx.integrationConfig.findMany({ select: { companyId: true, kind: true }, orderBy: { companyId: "asc" } }));
}
