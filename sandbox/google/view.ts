import { columnLetters } from "./a1";
import { normalizeSheet, numberFormatAt, renderCell, type TGoogleSimSpreadsheet } from "./model";

/** A read-only HTML look at the simulated spreadsheets (for the demo): tabs per sheet, a table of values. */

export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:16px;color:#202124}
h1{font-size:18px;margin:0 0 12px}
nav{display:flex;gap:4px;flex-wrap:wrap;margin-bottom:8px}
nav a{padding:4px 10px;border:1px solid #dadce0;border-radius:4px 4px 0 0;text-decoration:none;color:#202124;background:#f8f9fa}
nav a.active{background:#fff;border-bottom-color:#fff;font-weight:600}
nav a.hidden{color:#80868b;font-style:italic}
table{border-collapse:collapse}
th,td{border:1px solid #dadce0;padding:2px 6px;white-space:pre;max-width:320px;overflow:hidden;text-overflow:ellipsis}
th{background:#f1f3f4;font-weight:500;color:#5f6368}
th.hidden-col,td.hidden-col{background:#fafafa;color:#9aa0a6}
td.num{text-align:right}
p.note{color:#5f6368}`;

function page(title: string, body: string): string {
  const head = `<meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style>`;
  return `<!doctype html><html lang="ru"><head>${head}</head><body>${body}</body></html>`;
}

export function renderIndex(spreadsheets: TGoogleSimSpreadsheet[]): string {
  const items = spreadsheets
    .map((s) => {
      const href = `/__sandbox/view/${encodeURIComponent(s.spreadsheetId)}`;
      return `<li><a href="${href}">${escapeHtml(s.title)}</a> <code>${escapeHtml(s.spreadsheetId)}</code></li>`;
    })
    .join("");
  return page("Google Таблицы (песочница)", `<h1>Google Таблицы (песочница)</h1><ul>${items || "<li>Таблиц нет</li>"}</ul>`);
}

export function renderSpreadsheet(spreadsheet: TGoogleSimSpreadsheet, options: { sheetId?: number; limit?: number } = {}): string {
  const limit = options.limit ?? 500;
  const locale = spreadsheet.locale ?? "ru_RU";
  const sheets = spreadsheet.sheets.map((s) => normalizeSheet(s));
  const current = sheets.find((s) => s.sheetId === options.sheetId) ?? sheets.find((s) => !s.hidden) ?? sheets[0];
  const base = `/__sandbox/view/${encodeURIComponent(spreadsheet.spreadsheetId)}`;
  const tabs = sheets
    .map((s) => {
      const classes = [s === current ? "active" : "", s.hidden ? "hidden" : ""].filter(Boolean).join(" ");
      const label = `${escapeHtml(s.title)}${s.hidden ? " (скрыт)" : ""}`;
      return `<a class="${classes}" href="${base}?sheet=${s.sheetId}">${label}</a>`;
    })
    .join("");
  let table = "<p class=\"note\">В таблице нет листов</p>";
  if (current) {
    const rows = current.values.slice(0, limit);
    const width = Math.max(1, ...rows.map((r) => r?.length ?? 0));
    const hidden = new Set(current.hiddenColumns);
    const cls = (c: number) => (hidden.has(c) ? ' class="hidden-col"' : "");
    const head = Array.from({ length: width }, (_, c) => `<th${cls(c)}>${columnLetters(c)}${hidden.has(c) ? " (скрыт)" : ""}</th>`).join("");
    const body = rows
      .map((row, r) => {
        const cells = Array.from({ length: width }, (_, c) => {
          const cell = row?.[c];
          const text = renderCell(cell, "FORMATTED_VALUE", locale, numberFormatAt(current, r, c));
          const numeric = typeof cell === "number" ? ' class="num"' : cls(c);
          return `<td${numeric}>${escapeHtml(text)}</td>`;
        }).join("");
        return `<tr><th>${r + 1}</th>${cells}</tr>`;
      })
      .join("");
    const more =
      current.values.length > limit
        ? `<p class="note">Показаны первые ${limit} строк из ${current.values.length} (параметр ?limit=)</p>`
        : "";
    table =
      `<p class="note">Сетка: ${current.rowCount} × ${current.columnCount}, заполнено строк: ${current.values.length}</p>` +
      `<table><thead><tr><th></th>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
  }
  return page(spreadsheet.title, `<h1>${escapeHtml(spreadsheet.title)}</h1><nav>${tabs}</nav>${table}`);
}
