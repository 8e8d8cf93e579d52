import { moyskladFor } from "../automations/moysklad-port";
import { AppError } from "../errors";
import type { TMoyskladEntity } from "../integrations/moysklad/schemas";

/** Counterparties (or stores = sales points) of the company's MoySklad for binding dealers, by search. */
export async function listCounterparties(opts: { companyId: string; search?: string | null; kind: "counterparty" | "store" }) {
  const ms = await moyskladFor(opts.companyId).catch(() => {
    throw new AppError("PRECONDITION_FAILED", "Подключите МойСклад в «Настройки → Интеграции», чтобы выбрать контрагентов");
  });
  const page = await ms.client.listPages({ entity: opts.kind, limit: 50, search: opts.search || undefined, order: "name" }).next();
  const rows: TMoyskladEntity[] = page.value?.rows ?? [];
  return rows.map((r) => ({ id: r.id, name: r.name ?? r.id, inn: (r as { inn?: string }).inn ?? null }));
}
