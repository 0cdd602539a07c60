import "server-only";
import ExcelJS from "exceljs";
import { authorize, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { unitsWithin } from "@/lib/server/scope";
import { monthOf, monthRange } from "./deadlines";
import { CENTER_LEVELS } from "./permissions";
import { TOPICS, type ReportQuery } from "./schemas";
import { audit } from "./shared";

// Monthly dispute and petition statistics per unit: the unit's own center, then each unit
// directly below it with everything under it, with counts by type per unit and in total.
// Counted from the month's rows (a county's month is some hundreds), in one pass each.

export interface ReportRow {
  unitId: number;
  name: string;
  own: boolean;
  disputes: number;
  highRisk: number;
  agreed: number;
  referred: number;
  /** Agreements among mediations concluded in the month, 0..1; null when none concluded. */
  successRate: number | null;
  petitions: number;
  joint: number;
  repeat: number;
  decided: number;
  decidedOnTime: number;
  replied: number;
  repliedOnTime: number;
  /** Replies within the handling deadline among the month's replies, 0..1. */
  onTimeRate: number | null;
  /** The month's disputes and petitions of this row by type. */
  types: Record<(typeof TOPICS)[number], { disputes: number; petitions: number }>;
}

export interface MonthlyReport {
  month: string;
  unit: { id: number; name: string };
  rows: ReportRow[];
  total: ReportRow;
  byType: { type: (typeof TOPICS)[number]; disputes: number; petitions: number }[];
  units: { id: number; name: string }[];
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

function emptyRow(unitId: number, name: string, own: boolean): ReportRow {
  const types = Object.fromEntries(TOPICS.map((t) => [t, { disputes: 0, petitions: 0 }])) as ReportRow["types"];
  return { unitId, name, own, disputes: 0, highRisk: 0, agreed: 0, referred: 0, successRate: null, petitions: 0, joint: 0, repeat: 0, decided: 0, decidedOnTime: 0, replied: 0, repliedOnTime: 0, onTimeRate: null, types };
}

export async function monthlyReport(viewer: Viewer, q: ReportQuery): Promise<MonthlyReport> {
  await authorize(viewer, "center.reports");
  const month = q.month ?? monthOf(new Date());
  const { from, to } = monthRange(month);
  const rootId = q.unitId ?? viewer.unitId;
  const root = await db.unit.findFirst({ where: { id: rootId, ...unitsWithin(viewer), retiredAt: null }, select: { id: true, name: true, level: true } });
  if (!root) throw notFound();
  const [children, units] = await Promise.all([
    db.unit.findMany({ where: { parentId: root.id, retiredAt: null, level: { in: [...CENTER_LEVELS] as ("COUNTY" | "TOWNSHIP" | "VILLAGE")[] } }, select: { id: true, name: true }, orderBy: { code: "asc" } }),
    db.unit.findMany({ where: { ...unitsWithin(viewer), retiredAt: null, level: { in: ["COUNTY", "TOWNSHIP"] } }, select: { id: true, name: true }, orderBy: [{ depth: "asc" }, { code: "asc" }] }),
  ]);
  const inRoot = { unit: { pathIds: { has: root.id } } };
  const [disputes, concluded, petitions, decided, replied] = await Promise.all([
    db.dispute.findMany({ where: { ...inRoot, registeredAt: { gte: from, lt: to } }, select: { type: true, risk: true, unit: { select: { pathIds: true } } } }),
    db.dispute.findMany({ where: { ...inRoot, concludedAt: { gte: from, lt: to } }, select: { referral: true, agreement: { select: { id: true } }, unit: { select: { pathIds: true } } } }),
    db.petition.findMany({ where: { ...inRoot, registeredAt: { gte: from, lt: to } }, select: { topic: true, isJoint: true, isRepeat: true, unit: { select: { pathIds: true } } } }),
    db.petition.findMany({ where: { ...inRoot, decidedAt: { gte: from, lt: to } }, select: { decidedAt: true, acceptDueAt: true, unit: { select: { pathIds: true } } } }),
    db.petition.findMany({ where: { ...inRoot, repliedAt: { gte: from, lt: to } }, select: { repliedOnTime: true, unit: { select: { pathIds: true } } } }),
  ]);
  const own = emptyRow(root.id, root.name, true);
  const rows = [own, ...children.map((c) => emptyRow(c.id, c.name, false))];
  const childRow = new Map(rows.slice(1).map((r) => [r.unitId, r]));
  // A record of the root's own center counts in the first row; one below, in its child's row.
  const rowOf = (path: number[]) => {
    const i = path.indexOf(root.id);
    return i === path.length - 1 ? own : (childRow.get(path[i + 1]) ?? own);
  };
  const total = emptyRow(root.id, root.name, false);
  const add = (path: number[], f: (r: ReportRow) => void) => {
    f(rowOf(path));
    f(total);
  };
  const byType = new Map(TOPICS.map((t) => [t, { type: t, disputes: 0, petitions: 0 }]));
  for (const d of disputes) {
    add(d.unit.pathIds, (r) => {
      r.disputes++;
      r.types[d.type].disputes++;
      if (d.risk === "RED" || d.risk === "ORANGE") r.highRisk++;
    });
    byType.get(d.type)!.disputes++;
  }
  for (const d of concluded) add(d.unit.pathIds, (r) => (d.agreement ? r.agreed++ : d.referral ? r.referred++ : undefined));
  for (const p of petitions) {
    add(p.unit.pathIds, (r) => {
      r.petitions++;
      r.types[p.topic].petitions++;
      if (p.isJoint) r.joint++;
      if (p.isRepeat) r.repeat++;
    });
    byType.get(p.topic)!.petitions++;
  }
  for (const p of decided)
    add(p.unit.pathIds, (r) => {
      r.decided++;
      if (p.decidedAt! <= p.acceptDueAt) r.decidedOnTime++;
    });
  for (const p of replied)
    add(p.unit.pathIds, (r) => {
      r.replied++;
      if (p.repliedOnTime) r.repliedOnTime++;
    });
  for (const r of [...rows, total]) {
    r.successRate = ratio(r.agreed, r.agreed + r.referred);
    r.onTimeRate = ratio(r.repliedOnTime, r.replied);
  }
  return { month, unit: { id: root.id, name: root.name }, rows, total, byType: [...byType.values()], units };
}

/** The same tables as a spreadsheet; the export is audited. */
export async function monthlyReportXlsx(viewer: Viewer, q: ReportQuery, labels: { columns: string[]; typeColumns: string[]; types: Record<string, string>; total: string; own: string; sheet: string; typeSheet: string }) {
  const report = await monthlyReport(viewer, q);
  const wb = new ExcelJS.Workbook();
  wb.creator = "VitalGrid";
  const sheet = wb.addWorksheet(labels.sheet);
  sheet.addRow([`${report.unit.name} ${report.month}`]);
  sheet.addRow(labels.columns).font = { bold: true };
  const pct = (v: number | null) => (v === null ? "" : Math.round(v * 1000) / 10);
  const line = (r: ReportRow, name: string) => [name, r.disputes, r.highRisk, r.agreed, r.referred, pct(r.successRate), r.petitions, r.joint, r.repeat, r.decided, r.decidedOnTime, r.replied, r.repliedOnTime, pct(r.onTimeRate)];
  for (const r of report.rows) sheet.addRow(line(r, r.own ? `${r.name}${labels.own}` : r.name));
  sheet.addRow(line(report.total, labels.total)).font = { bold: true };
  sheet.columns.forEach((c, i) => (c.width = i === 0 ? 28 : 12));
  // By type: the totals, then each unit's disputes and petitions side by side.
  const types = wb.addWorksheet(labels.typeSheet);
  const [typeLabel, disputesLabel, petitionsLabel] = labels.typeColumns;
  const unitName = (r: ReportRow) => (r.own ? `${r.name}${labels.own}` : r.name);
  types.addRow([typeLabel, disputesLabel, petitionsLabel, ...report.rows.flatMap((r) => [`${unitName(r)} ${disputesLabel}`, `${unitName(r)} ${petitionsLabel}`])]).font = { bold: true };
  for (const t of report.byType) types.addRow([labels.types[t.type] ?? t.type, t.disputes, t.petitions, ...report.rows.flatMap((r) => [r.types[t.type].disputes, r.types[t.type].petitions])]);
  types.columns.forEach((c, i) => (c.width = i === 0 ? 20 : 12));
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await audit(db, viewer, "report.export", "unit", report.unit.id, { month: report.month, rows: report.rows.length });
  return { buffer, fileName: `center-report-${report.unit.id}-${report.month}.xlsx` };
}
