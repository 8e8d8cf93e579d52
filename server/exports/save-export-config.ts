import { withTenant, type TTx } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import { diffRecords } from "../audit/mask-secrets";
import type { TActor } from "../tenancy/roles";
import { getExporter } from "./catalog";
import { nextRunAt, validateSchedule, type TSchedule } from "./schedule";

export type TExportConfigInput = {
  exporter: string;
  enabled: boolean;
  sheetName: string;
  strategy: "append" | "upsert" | "replace";
  incremental: boolean;
  columns: string[];
  schedule: TSchedule;
};

const SHEET_NAME_RE = /^[^[\]*?:/\\]{1,100}$/;

export async function companyTimezone(tx: TTx, companyId: string): Promise<string> {
  return (await tx.company.findUnique({ where: { id: companyId }, select: { timezone: true } }))?.timezone ?? "Europe/Moscow";
}

/** Creates or updates one exporter's settings (validated; next run computed in the company's timezone). */
export async function saveExportConfig(opts: { companyId: string; actor: TActor } & TExportConfigInput) {
  const exporter = getExporter(opts.exporter);
  if (!exporter) throw new AppError("NOT_FOUND", "Такой выгрузки нет");
  const sheetName = opts.sheetName.trim();
  if (!SHEET_NAME_RE.test(sheetName)) {
    throw new AppError("BAD_REQUEST", "Название листа: до 100 символов, без [ ] * ? : / \\", { fieldErrors: { sheetName: "Недопустимое название листа" } });
  }
  if (opts.strategy === "append" && !opts.incremental) {
    // Append without incremental would add every row again on each run.
    throw new AppError("BAD_REQUEST", "Дозапись работает только с инкрементальной выгрузкой: иначе строки будут повторяться");
  }
  const known = new Set(exporter.columns.map((c) => c.key));
  const columns = [...new Set(opts.columns)].filter((k) => known.has(k) || k.startsWith("attr:"));
  return withTenant(opts.companyId, async (tx) => {
    const timezone = await companyTimezone(tx, opts.companyId);
    validateSchedule(opts.schedule, timezone);
    const clash = await tx.exportConfig.findFirst({ where: { sheetName, exporter: { not: opts.exporter } } });
    if (clash) throw new AppError("CONFLICT", `Лист «${sheetName}» уже занят выгрузкой «${getExporter(clash.exporter)?.title ?? clash.exporter}»`);
    const data = {
      enabled: opts.enabled, sheetName, strategy: opts.strategy, incremental: opts.incremental, columns,
      scheduleKind: opts.schedule.kind, scheduleTime: opts.schedule.kind === "daily" ? opts.schedule.time ?? null : null,
      scheduleCron: opts.schedule.kind === "cron" ? opts.schedule.cron?.trim() ?? null : null,
      nextRunAt: opts.enabled ? nextRunAt(opts.schedule, timezone) : null,
    };
    const before = await tx.exportConfig.findUnique({ where: { companyId_exporter: { companyId: opts.companyId, exporter: opts.exporter } } });
    const row = await tx.exportConfig.upsert({
      where: { companyId_exporter: { companyId: opts.companyId, exporter: opts.exporter } },
      create: { companyId: opts.companyId, exporter: opts.exporter, ...data },
      // A different strategy or column set starts over: the next incremental run reads everything again.
      update: { ...data, ...(before && (before.strategy !== opts.strategy || before.columns.join() !== columns.join()) ? { cursor: null } : {}) },
    });
    const pick = (c: typeof row) => ({ enabled: c.enabled, sheetName: c.sheetName, strategy: c.strategy, incremental: c.incremental, columns: c.columns, scheduleKind: c.scheduleKind, scheduleTime: c.scheduleTime, scheduleCron: c.scheduleCron });
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: before ? "exports.config_updated" : "exports.config_created", entity: "ExportConfig", entityId: row.id,
      changes: { exporter: opts.exporter, ...diffRecords(before ? pick(before) : null, pick(row)) },
    });
    return { id: row.id, nextRunAt: row.nextRunAt };
  });
}

/** The checkbox list: ticked exporters get a config with defaults (or are switched back on), unticked ones are switched off. */
export async function setEnabledExporters(opts: { companyId: string; actor: TActor; exporters: string[] }) {
  const wanted = new Set(opts.exporters);
  for (const slug of wanted) if (!getExporter(slug)) throw new AppError("BAD_REQUEST", `Неизвестная выгрузка: ${slug}`);
  return withTenant(opts.companyId, async (tx) => {
    const timezone = await companyTimezone(tx, opts.companyId);
    const existing = await tx.exportConfig.findMany();
    const changed: string[] = [];
    for (const slug of wanted) {
      const c = existing.find((x) => x.exporter === slug);
      if (!c) {
        const title = getExporter(slug)!.title;
        await tx.exportConfig.create({
          data: { companyId: opts.companyId, exporter: slug, sheetName: title.slice(0, 100), strategy: "upsert", incremental: true, scheduleKind: "hourly", nextRunAt: nextRunAt({ kind: "hourly" }, timezone) },
        });
        changed.push(`+${slug}`);
      } else if (!c.enabled) {
        await tx.exportConfig.update({ where: { id: c.id }, data: { enabled: true, nextRunAt: nextRunAt({ kind: c.scheduleKind as TSchedule["kind"], time: c.scheduleTime, cron: c.scheduleCron }, timezone) } });
        changed.push(`+${slug}`);
      }
    }
    for (const c of existing) {
      if (c.enabled && !wanted.has(c.exporter)) {
        await tx.exportConfig.update({ where: { id: c.id }, data: { enabled: false, nextRunAt: null } });
        changed.push(`-${c.exporter}`);
      }
    }
    if (changed.length) {
      await writeAudit(tx, opts.companyId, opts.actor, { action: "exports.exporters_selected", entity: "ExportConfig", changes: { changed } });
    }
    return { changed };
  });
}
