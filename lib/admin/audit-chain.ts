// Verifies the audit log's hash chain (`npm run audit:verify`). Each row must link to the
// row before it (prevHash = that row's hash) and carry hash = sha256(prevHash ||
// canonical row). The canonical row is rendered here with the same expression the insert
// trigger uses (vitalgrid_audit_canonical in the admin migration), written out again so
// that a tampered function in the database does not vouch for itself.
import { createHash } from "node:crypto";

export interface ChainReport {
  ok: boolean;
  rows: number;
  /** The first row that does not fit, and why. */
  broken: { id: string; reason: "content" | "link" | "missing-hash" } | null;
  /** Id of the first row checked (older rows may have been purged after their retention). */
  firstId: string | null;
  lastHash: string | null;
}

interface Queryable {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

const BATCH = 5000;

const SELECT = `
  SELECT a.id::text AS key, a."prevHash", a.hash,
    json_build_array(a.id, to_char(a.at, 'YYYY-MM-DD"T"HH24:MI:SS.US'), a."userId", a.username, a.role, a.ip, a.action,
                     a."targetType", a."targetId", a.result, a.details)::text AS canonical
  FROM "AuditLog" a WHERE a.id > $1::bigint ORDER BY a.id LIMIT ${BATCH}`;

export function chainHash(prevHash: string, canonical: string): string {
  return createHash("sha256").update(prevHash + canonical, "utf8").digest("hex");
}

export async function verifyAuditChain(client: Queryable, onProgress?: (rows: number) => void): Promise<ChainReport> {
  let after = "0";
  let previous: string | null = null;
  let rows = 0;
  let firstId: string | null = null;
  for (;;) {
    const batch = await client.$queryRawUnsafe<{ key: string; prevHash: string | null; hash: string | null; canonical: string }[]>(SELECT, after);
    if (batch.length === 0) break;
    for (const row of batch) {
      const r = { ...row, id: row.key };
      if (firstId === null) firstId = r.id;
      if (r.hash === null || r.prevHash === null) return { ok: false, rows, broken: { id: r.id, reason: "missing-hash" }, firstId, lastHash: previous };
      // The oldest remaining row anchors the chain (its predecessor may have been purged).
      if (previous !== null && r.prevHash !== previous) return { ok: false, rows, broken: { id: r.id, reason: "link" }, firstId, lastHash: previous };
      if (chainHash(r.prevHash, r.canonical) !== r.hash) return { ok: false, rows, broken: { id: r.id, reason: "content" }, firstId, lastHash: previous };
      previous = r.hash;
      rows++;
    }
    after = batch[batch.length - 1].key;
    onProgress?.(rows);
  }
  return { ok: true, rows, broken: null, firstId, lastHash: previous };
}
