import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import type { Tx } from "./prisma";

export type HistoryAction = "CREATE" | "UPDATE" | "DELETE" | "MOVE" | "VERIFY" | "RESTORE";

/**
 * Field-by-field differences between two versions of a record, as { field: [old, new] }.
 * Secret fields are reported as changed without their values.
 */
export function diffFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  secret: readonly string[] = [],
): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after)) {
    const a = before[key];
    const b = after[key];
    const same = a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : JSON.stringify(a) === JSON.stringify(b);
    if (same) continue;
    out[key] = secret.includes(key) ? ["***", "***"] : [a ?? null, b ?? null];
  }
  return out;
}

/** Appends one history entry in the caller's transaction. */
export async function recordHistory(
  tx: Tx,
  entry: {
    entityType: string;
    entityId: string;
    action: HistoryAction;
    gridId: number;
    actorId: string | null;
    changes?: Record<string, unknown>;
    reason?: string | null;
  },
): Promise<void> {
  await tx.recordHistory.create({
    data: {
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: entry.action,
      gridId: entry.gridId,
      actorId: entry.actorId,
      changes: (entry.changes ?? undefined) as Prisma.InputJsonValue | undefined,
      reason: entry.reason ?? null,
    },
  });
}
