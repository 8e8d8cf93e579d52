/**
 * The 29 exporters (seed 000's list): each a small declarative module on the shared engine.
 * `sources` are MoySklad endpoints (see server/integrations/moysklad/README.md for why each was chosen);
 * `rows` says how a fetched object becomes sheet rows: the object itself, its positions, or its payment
 * operations. `key` gives the value of the hidden `external_id` column used by upsert.
 */
import { col, documentColumns, positionColumns, type TColumn, type TMsRow } from "./columns";

export type TExportArea = "sales" | "purchasing" | "warehouse" | "production" | "finance" | "directories";

export const AREA_LABELS: Record<TExportArea, string> = {
  sales: "Продажи",
  purchasing: "Закупки",
  warehouse: "Склад",
  production: "Производство",
  finance: "Финансы",
  directories: "Справочники",
};

export type TSource = { entity: string; label: string };

export type TExporter = {
  slug: string;
  title: string;
  area: TExportArea;
  sources: TSource[];
  rows: "self" | "positions" | "operations";
  columns: TColumn[];
  /** Whether the entity has custom attributes worth adding as columns. */
  attributes: boolean;
};

const { field, ref } = col;

const SOURCE_LABELS: Record<string, string> = {
  customerorder: "Заказ покупателя", demand: "Отгрузка", invoiceout: "Счёт покупателю", paymentin: "Входящий платёж",
  paymentout: "Исходящий платёж", cashin: "Приходный ордер", cashout: "Расходный ордер", purchaseorder: "Заказ поставщику",
  invoicein: "Счёт поставщика", supply: "Приёмка", salesreturn: "Возврат покупателя", purchasereturn: "Возврат поставщику",
  move: "Перемещение", loss: "Списание", enter: "Оприходование", productiontask: "Производственное задание",
  processingplan: "Техкарта", commissionreportin: "Полученный отчёт комиссионера", retaildrawercashout: "Выплата",
  retaildrawercashin: "Внесение", counterparty: "Контрагент", assortment: "Ассортимент",
};

const src = (...entities: string[]): TSource[] => entities.map((entity) => ({ entity, label: SOURCE_LABELS[entity] ?? entity }));
const sourceType: TColumn = { key: "sourceType", header: "Тип документа", type: "string", get: (_r, ctx) => SOURCE_LABELS[ctx.source] ?? ctx.source };

function documents(slug: string, title: string, area: TExportArea, entities: string[], extra: TColumn[] = [], opts: { store?: boolean; agent?: boolean } = {}): TExporter {
  return {
    slug, title, area, sources: src(...entities), rows: "self", attributes: true,
    columns: [...(entities.length > 1 ? [sourceType] : []), ...documentColumns(extra, opts)],
  };
}

function positions(slug: string, title: string, area: TExportArea, entities: string[], opts: { agent?: boolean; extra?: TColumn[] } = {}): TExporter {
  return {
    slug, title, area, sources: src(...entities), rows: "positions", attributes: false,
    columns: [...(entities.length > 1 ? [sourceType] : []), ...positionColumns(opts)],
  };
}

const payedSum = field("payedSum", "Оплачено, ₽", "money");
const shippedSum = field("shippedSum", "Отгружено, ₽", "money");
const invoicedSum = field("invoicedSum", "Выставлено счетов, ₽", "money");
const reservedSum = field("reservedSum", "Зарезервировано, ₽", "money");
const plannedShipment = field("deliveryPlannedMoment", "Плановая дата отгрузки", "datetime");

export const EXPORTERS: readonly TExporter[] = [
  documents("orders", "Заказы покупателей", "sales", ["customerorder"], [payedSum, shippedSum, invoicedSum, reservedSum, plannedShipment]),
  positions("order_positions", "Заказы покупателей (позиции)", "sales", ["customerorder"], { extra: [field("reserve", "Резерв", "number"), field("shipped", "Отгружено", "number")] }),
  documents("sales", "Продажи", "sales", ["demand"], [payedSum]),
  positions("sales_positions", "Продажи (позиции)", "sales", ["demand"]),
  documents("customer_invoices", "Счета покупателям", "sales", ["invoiceout"], [payedSum, shippedSum, field("paymentPlannedMoment", "Плановая дата оплаты", "datetime")], { store: false }),
  positions("customer_invoice_positions", "Счета покупателям (позиции)", "sales", ["invoiceout"]),
  documents("payments", "Платежи", "finance", ["paymentin", "paymentout", "cashin", "cashout"], [field("paymentPurpose", "Назначение платежа"), ref("expenseItem", "Статья расходов")], { store: false }),
  {
    slug: "paid_documents", title: "Платежи (оплаченные документы)", area: "finance", rows: "operations", attributes: false,
    sources: src("paymentin", "paymentout", "cashin", "cashout"),
    columns: [
      sourceType,
      col.parentField("paymentName", "Номер платежа", "string", "name"),
      col.parentField("paymentMoment", "Дата платежа", "datetime", "moment"),
      col.parentRef("paymentAgent", "Контрагент", "agent"),
      { key: "documentType", header: "Оплаченный документ", type: "string", get: (row) => SOURCE_LABELS[String((row.meta as { type?: string } | undefined)?.type)] ?? (row.meta as { type?: string } | undefined)?.type ?? null },
      { key: "documentName", header: "Номер оплаченного документа", type: "string", get: (row, ctx) => ctx.refName(row) },
      field("linkedSum", "Сумма оплаты, ₽", "money"),
    ],
  },
  documents("supplier_orders", "Заказы поставщикам", "purchasing", ["purchaseorder"], [payedSum, shippedSum, invoicedSum, plannedShipment]),
  positions("supplier_order_positions", "Заказы поставщикам (позиции)", "purchasing", ["purchaseorder"]),
  documents("supplier_invoices", "Счета поставщиков", "purchasing", ["invoicein"], [payedSum, field("incomingNumber", "Входящий номер"), field("incomingDate", "Входящая дата", "datetime")], { store: false }),
  positions("supplier_invoice_positions", "Счета поставщиков (позиции)", "purchasing", ["invoicein"]),
  documents("receipts", "Приемки", "purchasing", ["supply"], [payedSum, field("incomingNumber", "Входящий номер"), field("incomingDate", "Входящая дата", "datetime")]),
  positions("receipt_positions", "Приемки (позиции)", "purchasing", ["supply"]),
  documents("returns", "Возвраты", "sales", ["salesreturn"], [payedSum]),
  positions("return_positions", "Возвраты (позиции)", "sales", ["salesreturn"]),
  documents("supplier_returns", "Возвраты поставщикам", "purchasing", ["purchasereturn"], [payedSum]),
  positions("supplier_return_positions", "Возвраты поставщикам (позиции)", "purchasing", ["purchasereturn"]),
  {
    ...documents("moves", "Перемещения", "warehouse", ["move"], [ref("sourceStore", "Со склада"), ref("targetStore", "На склад")], { store: false, agent: false }),
  },
  positions("move_positions", "Перемещения (позиции)", "warehouse", ["move"], { agent: false }),
  documents("writeoffs_inventory", "Списания/оприходования", "warehouse", ["loss", "enter"], [], { agent: false }),
  positions("writeoff_inventory_positions", "Списания/оприходования (позиции)", "warehouse", ["loss", "enter"], { agent: false }),
  {
    slug: "production_tasks", title: "Производственные задания", area: "production", sources: src("productiontask"), rows: "self", attributes: true,
    columns: [
      field("name", "Номер"), field("moment", "Дата", "datetime"), ref("organization", "Организация"),
      ref("productsStore", "Склад продукции"), ref("materialsStore", "Склад материалов"), ref("state", "Статус"), ref("owner", "Ответственный"),
      field("deliveryPlannedMoment", "Плановая дата", "datetime"), field("productionStart", "Начало производства", "datetime"),
      field("productionEnd", "Окончание производства", "datetime"), field("applicable", "Проведено", "bool"),
      field("description", "Комментарий"), field("updated", "Изменено", "datetime"),
    ],
  },
  {
    slug: "production_techmaps", title: "Производственные задания (техкарты)", area: "production", sources: src("processingplan"), rows: "self", attributes: false,
    columns: [
      field("name", "Техкарта"), field("code", "Код"), field("externalCode", "Внешний код"), field("pathName", "Группа"),
      field("cost", "Стоимость производства, ₽", "money"), field("archived", "В архиве", "bool"), field("updated", "Изменена", "datetime"),
    ],
  },
  documents("contractor_reports", "Полученные отчеты комиссионеров", "sales", ["commissionreportin"], [
    payedSum, field("commitentSum", "Сумма комитента, ₽", "money"), field("commissionPeriodStart", "Начало периода", "datetime"), field("commissionPeriodEnd", "Конец периода", "datetime"),
  ], { store: false }),
  positions("contractor_report_positions", "Полученные отчеты комиссионеров (позиции)", "sales", ["commissionreportin"], { extra: [field("reward", "Вознаграждение, ₽", "money")] }),
  documents("payouts_deposits", "Выплаты/внесения", "finance", ["retaildrawercashout", "retaildrawercashin"], [], { store: false, agent: false }),
  {
    slug: "counterparties", title: "Контрагенты", area: "directories", sources: src("counterparty"), rows: "self", attributes: true,
    columns: [
      field("name", "Наименование"), field("legalTitle", "Полное наименование"), field("companyType", "Тип"),
      field("inn", "ИНН"), field("kpp", "КПП"), field("ogrn", "ОГРН"), field("phone", "Телефон"), field("email", "Email"),
      field("actualAddress", "Фактический адрес"), field("legalAddress", "Юридический адрес"),
      { key: "tags", header: "Группы", type: "string", get: (row) => (Array.isArray(row.tags) ? row.tags.join(", ") : null) },
      ref("state", "Статус"), ref("owner", "Ответственный"), field("archived", "В архиве", "bool"),
      field("created", "Создан", "datetime"), field("updated", "Изменён", "datetime"),
    ],
  },
  {
    slug: "assortment", title: "Ассортимент", area: "directories", sources: src("assortment"), rows: "self", attributes: false,
    columns: [
      field("name", "Наименование"),
      { key: "kind", header: "Тип", type: "string", get: (row) => ({ product: "Товар", service: "Услуга", variant: "Модификация", bundle: "Комплект" } as Record<string, string>)[String(row.meta?.type)] ?? row.meta?.type ?? null },
      field("code", "Код"), field("article", "Артикул"), field("pathName", "Группа"),
      { key: "salePrice", header: "Цена продажи, ₽", type: "money", get: (row) => (Array.isArray(row.salePrices) ? (row.salePrices[0] as { value?: number } | undefined)?.value : null) },
      field("buyPrice", "Закупочная цена, ₽", "money", "buyPrice.value"),
      field("stock", "Остаток", "number"), field("reserve", "Резерв", "number"),
      field("archived", "В архиве", "bool"), field("updated", "Изменён", "datetime"),
    ],
  },
];

export const EXPORTER_SLUGS = EXPORTERS.map((e) => e.slug);

export function getExporter(slug: string): TExporter | undefined {
  return EXPORTERS.find((e) => e.slug === slug);
}

/** Rows of one fetched object for the exporter, each with its parent and its external id. */
export function explodeRows(exporter: TExporter, obj: TMsRow): { row: TMsRow; parent?: TMsRow; externalId: string }[] {
  if (exporter.rows === "self") return [{ row: obj, externalId: String(obj.id) }];
  if (exporter.rows === "positions") {
    const rows = ((obj.positions as { rows?: TMsRow[] } | undefined)?.rows ?? []);
    return rows.map((p) => ({ row: p, parent: obj, externalId: `${obj.id}:${p.id}` }));
  }
  const ops = (obj.operations as TMsRow[] | undefined) ?? [];
  return ops.map((op, i) => ({ row: op, parent: obj, externalId: `${obj.id}:${hrefId(op) ?? i}` }));
}

export function hrefId(ref: unknown): string | null {
  const href = (ref as { meta?: { href?: string } } | null)?.meta?.href;
  if (!href) return null;
  return href.split("?")[0]!.split("/").pop() ?? null;
}

/** A run's current step id (run-export.ts) in words, for the live progress. */
export function describeExportStep(step: string | null | undefined): string | null {
  if (!step) return null;
  if (step.startsWith("prepare")) return "Подготовка листа";
  if (step.startsWith("finalize")) return "Завершение";
  const chunk = /^chunk-([a-z]+)-(\d+)/.exec(step);
  if (chunk) {
    const label = SOURCE_LABELS[chunk[1]!] ?? chunk[1];
    const from = Number(chunk[2]);
    return `${label}: чтение${from > 0 ? ` с записи ${from.toLocaleString("ru-RU")}` : ""} и запись в таблицу`;
  }
  return step;
}
