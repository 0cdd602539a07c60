// Re-encrypts every secret not written with the current data key (`npm run keys:rotate`):
// residents' ID numbers and users' two-factor secrets. In batches, each its own
// transaction, and every row updated only if it still holds the ciphertext that was read,
// so the command can be stopped and run again (it resumes with what is left) and can run
// while the app writes. Set DATA_ENCRYPTION_KEY / DATA_ENCRYPTION_KEY_ID to the new key
// and list the old ones in DATA_ENCRYPTION_OLD_KEYS until this has finished.
import { currentKeyId, decryptSecret, encryptSecret } from "@/lib/server/crypto";

interface Client {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $transaction<T>(fn: (tx: Client) => Promise<T>): Promise<T>;
}

/** Tables and columns holding ciphertexts of lib/server/crypto.ts, with their key column. */
export const ENCRYPTED_COLUMNS = [
  { table: "Resident", column: "idCipher", key: "id" },
  { table: "User", column: "totpCipher", key: "id" },
  { table: "User", column: "totpPendingCipher", key: "id" },
] as const;

export interface RotationReport {
  keyId: string;
  rotated: Record<string, number>;
}

export async function rotateKeys(client: Client, opts: { batch?: number; log?: (msg: string) => void } = {}): Promise<RotationReport> {
  const batch = opts.batch ?? 500;
  const keyId = currentKeyId();
  const prefix = `v1:${keyId}:`;
  const rotated: Record<string, number> = {};
  for (const c of ENCRYPTED_COLUMNS) {
    const name = `${c.table}.${c.column}`;
    rotated[name] = 0;
    let after = "";
    for (;;) {
      const rows = await client.$queryRawUnsafe<{ k: string; v: string }[]>(
        `SELECT "${c.key}" AS k, "${c.column}" AS v FROM "${c.table}"
         WHERE "${c.column}" IS NOT NULL AND left("${c.column}", ${prefix.length}) <> $1 AND "${c.key}" > $2
         ORDER BY "${c.key}" LIMIT ${batch}`,
        prefix,
        after,
      );
      if (rows.length === 0) break;
      const fresh = rows.map((r) => ({ k: r.k, old: r.v, next: encryptSecret(decryptSecret(r.v)) }));
      const changed = await client.$transaction(async (tx) => {
        let n = 0;
        for (const r of fresh) {
          n += await tx.$executeRawUnsafe(`UPDATE "${c.table}" SET "${c.column}" = $1 WHERE "${c.key}" = $2 AND "${c.column}" = $3`, r.next, r.k, r.old);
        }
        return n;
      });
      rotated[name] += changed;
      after = rows[rows.length - 1].k;
      opts.log?.(`${name}: ${rotated[name]} re-encrypted`);
    }
  }
  return { keyId, rotated };
}
