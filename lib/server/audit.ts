import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import type { Db, Tx } from "./prisma";

// The one way to write the audit log. The table is append-only and hash-chained by the
// database itself (triggers of the admin migration): an insert links to the row before
// it, and UPDATE, DELETE and TRUNCATE are refused. `npm run audit:verify` checks the chain.
//
// What to record: every sign-in (success and failure), every denied action (authorize()
// does it), every write, every reveal of a full ID number or phone, every export, every
// settings change: who (userId, username, role), from where (ip), what (action,
// targetType/targetId, and in details the fields changed as { field: [old, new] }, with
// "***" for secret values; diffFields() in history.ts builds that), and the result.
// `at` is set by the database in UTC; pages show it in local time.

export interface AuditEntry {
  action: string;
  result: "success" | "failure" | "denied" | string;
  userId?: string | null;
  username?: string | null;
  role?: string | null;
  ip?: string | null;
  targetType?: string;
  targetId?: string | number | null;
  details?: Prisma.InputJsonValue;
}

// Resident ID numbers (18 characters: 17 digits and a digit or X). Whatever a caller puts
// into details, the log keeps only the masked form the pages show (first 6, last 4).
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g;

/** Masks full ID numbers anywhere in a JSON value. */
export function maskIdNumbers<T>(value: T): T {
  if (typeof value === "string") return value.replace(ID_NUMBER, "$1********$2") as T;
  if (Array.isArray(value)) return value.map(maskIdNumbers) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskIdNumbers(v)])) as T;
  }
  return value;
}

const cut = (value: string | null | undefined, max: number) => (value == null ? null : String(value).slice(0, max));

/** Appends one audit row; pass the transaction client so the entry commits with the change. */
export async function writeAudit(client: Db | Tx, entry: AuditEntry): Promise<void> {
  await client.auditLog.create({
    data: {
      action: cut(entry.action, 64)!,
      result: cut(entry.result, 16)!,
      userId: entry.userId ?? null,
      username: cut(entry.username, 64),
      role: cut(entry.role, 40),
      ip: cut(entry.ip, 64),
      targetType: cut(entry.targetType, 40),
      targetId: entry.targetId == null ? null : cut(String(entry.targetId), 64),
      details: entry.details === undefined ? undefined : maskIdNumbers(entry.details),
    },
    select: { id: true },
  });
}
