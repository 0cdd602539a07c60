import "server-only";
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import { auditActor, authorize, type Viewer } from "@/lib/server/auth";
import { writeAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db";

// Reading the audit log: the audit administrator's only business. Scoped like everything
// else: entries of users inside the viewer's territory, and entries without a user
// (sign-in attempts with unknown names). Searchable by user, record, action, result,
// address and period; exported as .xlsx.

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_MAX = 100_000;

export interface AuditFilter {
  user?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  result?: string;
  ip?: string;
  /** ISO dates (inclusive day range, UTC). */
  from?: string;
  to?: string;
  /** Keyset: entries older than this id. */
  before?: string;
}

export interface AuditRow {
  id: string;
  at: Date;
  userId: string | null;
  username: string | null;
  role: string | null;
  ip: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  result: string;
  details: Prisma.JsonValue;
}

const day = (s: string | undefined) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T00:00:00Z`) : null);

function whereOf(viewer: Viewer, f: AuditFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [
    Prisma.sql`(a."userId" IS NULL OR a."userId" IN (SELECT u.id FROM "User" u JOIN "Unit" n ON n.id = u."unitId" WHERE n."pathIds" @> ARRAY[${viewer.unitId}]::int[]))`,
  ];
  const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  if (f.user?.trim()) parts.push(Prisma.sql`a.username ILIKE ${like(f.user.trim().slice(0, 64))}`);
  if (f.action?.trim()) parts.push(Prisma.sql`a.action LIKE ${`${f.action.trim().slice(0, 64).replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (f.targetType?.trim()) parts.push(Prisma.sql`a."targetType" = ${f.targetType.trim().slice(0, 40)}`);
  if (f.targetId?.trim()) parts.push(Prisma.sql`a."targetId" = ${f.targetId.trim().slice(0, 64)}`);
  if (f.result?.trim()) parts.push(Prisma.sql`a.result = ${f.result.trim().slice(0, 16)}`);
  if (f.ip?.trim()) parts.push(Prisma.sql`a.ip = ${f.ip.trim().slice(0, 64)}`);
  const from = day(f.from);
  const to = day(f.to);
  if (from) parts.push(Prisma.sql`a.at >= ${from}`);
  if (to) parts.push(Prisma.sql`a.at < ${new Date(to.getTime() + 86_400_000)}`);
  if (f.before && /^\d+$/.test(f.before)) parts.push(Prisma.sql`a.id < ${BigInt(f.before)}`);
  return Prisma.join(parts, " AND ");
}

type RawRow = Omit<AuditRow, "id"> & { id: bigint };

async function select(viewer: Viewer, filter: AuditFilter, limit: number): Promise<AuditRow[]> {
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT a.id, a.at, a."userId", a.username, a.role, a.ip, a.action, a."targetType", a."targetId", a.result, a.details
    FROM "AuditLog" a WHERE ${whereOf(viewer, filter)} ORDER BY a.id DESC LIMIT ${limit}`;
  return rows.map((r) => ({ ...r, id: String(r.id) }));
}

/** One page of matching entries, newest first, with the cursor of the next page. */
export async function searchAudit(viewer: Viewer, filter: AuditFilter = {}) {
  await authorize(viewer, "audit.view");
  const rows = await select(viewer, filter, AUDIT_PAGE_SIZE + 1);
  const more = rows.length > AUDIT_PAGE_SIZE;
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  return { rows: page, next: more ? page[page.length - 1].id : null };
}

const COLUMNS = [
  { header: "ID", key: "id", width: 10 },
  { header: "时间 (UTC)", key: "at", width: 22 },
  { header: "用户", key: "username", width: 16 },
  { header: "角色", key: "role", width: 18 },
  { header: "地址", key: "ip", width: 16 },
  { header: "操作", key: "action", width: 26 },
  { header: "对象类型", key: "targetType", width: 14 },
  { header: "对象", key: "targetId", width: 28 },
  { header: "结果", key: "result", width: 10 },
  { header: "详情", key: "details", width: 80 },
];

/**
 * The matching entries as an .xlsx stream (at most AUDIT_EXPORT_MAX, newest first). The
 * export itself is audited before the first byte leaves.
 */
export async function exportAudit(viewer: Viewer, filter: AuditFilter = {}): Promise<{ stream: ReadableStream<Uint8Array>; filename: string }> {
  await authorize(viewer, "audit.export");
  const { before: _ignored, ...criteria } = filter;
  await writeAudit(db, { ...auditActor(viewer), action: "audit.export", result: "success", targetType: "audit", details: { filter: { ...criteria } } });
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet("audit");
  ws.columns = COLUMNS;
  void (async () => {
    try {
      let cursor: string | undefined;
      let written = 0;
      while (written < AUDIT_EXPORT_MAX) {
        const rows = await select(viewer, { ...criteria, before: cursor }, Math.min(2000, AUDIT_EXPORT_MAX - written));
        if (rows.length === 0) break;
        for (const r of rows) {
          ws.addRow({ ...r, at: r.at.toISOString().replace("T", " ").slice(0, 23), details: r.details == null ? "" : JSON.stringify(r.details) }).commit();
        }
        written += rows.length;
        cursor = rows[rows.length - 1].id;
      }
      ws.commit();
      await wb.commit();
    } catch (err) {
      console.error("[audit] export failed:", err instanceof Error ? err.message : err);
      out.destroy(err as Error);
    }
  })();
  const stamp = new Date().toISOString().slice(0, 10);
  return { stream: Readable.toWeb(out) as ReadableStream<Uint8Array>, filename: `audit-${stamp}.xlsx` };
}
