import "server-only";
import path from "node:path";
import { createRequire } from "node:module";
import ExcelJS from "exceljs";
import PDFDocument from "pdfkit";
import type { Locale } from "@/lib/i18n/config";
import { translatorFor } from "@/lib/i18n/messages";
import { authorize, type Viewer } from "@/lib/server/auth";
import { cardsOf, formatValue } from "./cards";
import { auditExport, dashboardView, type DashboardView } from "./data";
import { periodLabel } from "./periods";
import type { Filters } from "./schemas";

// The current dashboard view as a file: a workbook with the figures and every table, or an
// A4 landscape PDF of the same. The PDF embeds a CJK font from the npm package
// @embedpdf/fonts-sc (Noto Sans SC, OFL), subset to the characters used, so the server
// needs no system fonts.

type T = ReturnType<typeof translatorFor>;


function figureRows(t: T, view: DashboardView) {
  return cardsOf(view.figures).map((c) => ({
    label: t(`dashboard.cards.${c.key}`),
    value: formatValue(c) ?? t("dashboard.cards.noData"),
    num: c.num ?? null,
    den: c.den ?? null,
    definition: t(`dashboard.cards.hint.${c.key}`),
  }));
}

const pct = (x: number | null) => (x === null ? "" : `${(x * 100).toFixed(1)}%`);

async function workbook(t: T, view: DashboardView, heading: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "VitalGrid";
  const bold = { font: { bold: true } };
  const figures = wb.addWorksheet(t("dashboard.export.sheetFigures"));
  for (const row of heading) figures.addRow(row);
  figures.addRow([]);
  figures.addRow([t("dashboard.export.figure"), t("dashboard.export.value"), t("dashboard.export.numerator"), t("dashboard.export.denominator"), t("dashboard.export.definition")]).font = bold.font;
  for (const f of figureRows(t, view)) figures.addRow([f.label, f.value, f.num, f.den, f.definition]);
  figures.columns.forEach((c, i) => (c.width = [22, 14, 10, 10, 70][i]));

  const trend = wb.addWorksheet(t("dashboard.export.sheetTrend"));
  trend.addRow([t("dashboard.export.bucket"), t("dashboard.trend.reported"), t("dashboard.trend.closed")]).font = bold.font;
  for (const b of view.trend) trend.addRow([b.key, b.reported, b.closed]);
  trend.getColumn(1).width = 14;

  const cats = wb.addWorksheet(t("dashboard.export.sheetCategories"));
  cats.addRow([t("dashboard.export.category"), t("dashboard.export.count")]).font = bold.font;
  for (const c of view.byCategory) cats.addRow([c.name, c.count]);
  cats.getColumn(1).width = 24;

  const sources = wb.addWorksheet(t("dashboard.export.sheetSources"));
  sources.addRow([t("dashboard.drill.source"), t("dashboard.export.count")]).font = bold.font;
  for (const s of view.bySource) sources.addRow([t(`dispatch.sources.${s.source}` as never), s.count]);
  sources.getColumn(1).width = 24;

  const ranking = wb.addWorksheet(t("dashboard.export.sheetRanking"));
  ranking.addRow(rankingHeader(t)).font = bold.font;
  for (const r of view.ranking) ranking.addRow(rankingCells(r));
  ranking.getColumn(1).width = 24;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function rankingHeader(t: T): string[] {
  return ["unit", "reported", "open", "overdue", "onTime", "resolvedGrid", "satisfaction", "visits", "keyPer1000"].map((k) => t(`dashboard.ranking.${k}` as never));
}

function rankingCells(r: DashboardView["ranking"][number]): (string | number)[] {
  return [
    r.name,
    r.counts.reportedPeriod,
    r.counts.open,
    r.counts.overdue,
    pct(r.rates.onTime.rate),
    pct(r.rates.resolvedGrid.rate),
    pct(r.rates.satisfaction.rate),
    pct(r.visits.rate),
    r.keyPer1000 === null ? "" : r.keyPer1000.toFixed(1),
  ];
}

function fontPath(): string {
  // The package exports only its JS entry; the font files sit beside it.
  const entry = createRequire(path.join(process.cwd(), "package.json")).resolve("@embedpdf/fonts-sc");
  return path.join(path.dirname(entry), "..", "fonts", "NotoSansHans-Regular.otf");
}

async function pdf(t: T, view: DashboardView, heading: string[][]): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", layout: "landscape", margin: 36, info: { Title: heading[0][0], Creator: "VitalGrid" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));
  doc.registerFont("cjk", fontPath());
  doc.font("cjk");
  const width = doc.page.width - 72;
  doc.fontSize(16).text(heading[0][0]);
  doc.fontSize(9).fillColor("#475569").text(heading.slice(1).map((r) => r.join(" ")).join("    "));
  doc.moveDown(0.6).fillColor("#0f172a");

  // Figures: a grid of boxes, four per row.
  const cards = figureRows(t, view);
  const boxW = (width - 3 * 8) / 4;
  const boxH = 44;
  let y = doc.y;
  cards.forEach((c, i) => {
    const col = i % 4;
    if (col === 0 && i > 0) y += boxH + 6;
    const x = 36 + col * (boxW + 8);
    doc.roundedRect(x, y, boxW, boxH, 4).strokeColor("#cbd5e1").stroke();
    doc.fontSize(8).fillColor("#475569").text(c.label, x + 6, y + 5, { width: boxW - 12 });
    doc.fontSize(15).fillColor("#0f172a").text(c.value, x + 6, y + 17, { width: boxW - 12, continued: false });
    if (c.num !== null && c.den !== null) doc.fontSize(7).fillColor("#64748b").text(`${c.num}/${c.den}`, x + boxW - 60, y + 33, { width: 54, align: "right" });
  });
  doc.y = y + boxH + 14;

  const table = (title: string, header: string[], rows: (string | number)[][], widths: number[]) => {
    if (doc.y > doc.page.height - 100) doc.addPage();
    doc.fontSize(11).fillColor("#0f172a").text(title, 36);
    doc.moveDown(0.2);
    const draw = (cells: (string | number)[], boldRow: boolean) => {
      const top = doc.y;
      let x = 36;
      doc.fontSize(8).fillColor(boldRow ? "#334155" : "#0f172a");
      cells.forEach((cell, i) => {
        doc.text(String(cell), x + 2, top, { width: widths[i] - 4, lineBreak: false, ellipsis: true });
        x += widths[i];
      });
      doc.y = top + 13;
      doc.moveTo(36, doc.y - 2).lineTo(36 + widths.reduce((a, b) => a + b, 0), doc.y - 2).strokeColor("#e2e8f0").stroke();
      if (doc.y > doc.page.height - 50) doc.addPage();
    };
    draw(header, true);
    for (const r of rows) draw(r, false);
    doc.moveDown(0.6);
  };
  const unitW = 150;
  const rest = (width - unitW) / 8;
  if (view.ranking.length) table(t("dashboard.ranking.title"), rankingHeader(t), view.ranking.map(rankingCells), [unitW, ...Array(8).fill(rest)]);
  const half = width / 2 - 10;
  table(t("dashboard.breakdown.byCategory"), [t("dashboard.export.category"), t("dashboard.export.count")], view.byCategory.map((c) => [c.name, c.count]), [half - 80, 80]);
  table(t("dashboard.breakdown.bySource"), [t("dashboard.drill.source"), t("dashboard.export.count")], view.bySource.map((s) => [t(`dispatch.sources.${s.source}` as never), s.count]), [half - 80, 80]);
  table(t("dashboard.trend.title"), [t("dashboard.export.bucket"), t("dashboard.trend.reported"), t("dashboard.trend.closed")], view.trend.map((b) => [b.key, b.reported, b.closed]), [120, 80, 80]);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** The view's file, and an audit entry for the download. */
export async function exportDashboard(viewer: Viewer, filters: Filters, format: "xlsx" | "pdf", locale: Locale, now = new Date()): Promise<{ body: Buffer; fileName: string; contentType: string }> {
  await authorize(viewer, "dashboard.export");
  const view = await dashboardView(viewer, filters, now);
  const t = translatorFor(locale);
  const category = view.category ? view.options.categories.find((c) => c.id === view.category) : null;
  const unitLine = view.breadcrumb.map((c) => c.name).join(" / ");
  const heading = [
    [`${t("dashboard.title")} · ${view.unit.name}`],
    [t("dashboard.export.unit"), unitLine],
    [t("dashboard.export.period"), periodLabel((k, v) => t(`dashboard.filters.${k}` as never, v as never), view.period.key)],
    [t("dashboard.export.category"), category ? (locale === "en" ? category.nameEn : category.name) : t("dashboard.filters.allCategories")],
    [t("dashboard.export.generated"), new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ")],
  ];
  const body = format === "xlsx" ? await workbook(t, view, heading) : await pdf(t, view, heading);
  await auditExport(viewer, { format, unit: view.unit.id, period: view.period.key, ...(view.category ? { category: view.category } : {}) });
  const base = `dashboard-${view.unit.id}-${view.period.key}`;
  return format === "xlsx"
    ? { body, fileName: `${base}.xlsx`, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }
    : { body, fileName: `${base}.pdf`, contentType: "application/pdf" };
}
