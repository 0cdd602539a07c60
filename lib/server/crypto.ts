import "server-only";
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

// Sensitive values at rest (ID numbers): AES-256-GCM with a key from configuration, and a
// keyed hash for exact lookups and duplicate checks. Ciphertext format:
// "v1:<keyId>:<iv b64>:<tag b64>:<data b64>", so keys can be rotated while old rows
// remain readable. Development falls back to fixed keys; production refuses to start
// without DATA_ENCRYPTION_KEY and DATA_LOOKUP_KEY (lib/server/startup.ts).

const DEV_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");
const DEV_LOOKUP_KEY = Buffer.alloc(32, 11).toString("base64");

interface KeyRing {
  current: { id: string; key: Buffer };
  all: Map<string, Buffer>;
  lookup: Buffer;
}

function decodeKey(value: string, name: string): Buffer {
  const key = Buffer.from(value, "base64");
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded`);
  return key;
}

let ring: KeyRing | undefined;

/**
 * DATA_ENCRYPTION_KEY is the current key; DATA_ENCRYPTION_OLD_KEYS ("id:base64,…")
 * keeps retired keys readable until `npm run keys:rotate` has re-encrypted every row.
 */
function keyRing(): KeyRing {
  if (ring) return ring;
  const current = decodeKey(process.env.DATA_ENCRYPTION_KEY || DEV_ENCRYPTION_KEY, "DATA_ENCRYPTION_KEY");
  const currentId = process.env.DATA_ENCRYPTION_KEY_ID || "k1";
  const all = new Map<string, Buffer>([[currentId, current]]);
  for (const entry of (process.env.DATA_ENCRYPTION_OLD_KEYS ?? "").split(",").filter(Boolean)) {
    const [id, value] = entry.split(":");
    all.set(id, decodeKey(value, `DATA_ENCRYPTION_OLD_KEYS[${id}]`));
  }
  ring = { current: { id: currentId, key: current }, all, lookup: decodeKey(process.env.DATA_LOOKUP_KEY || DEV_LOOKUP_KEY, "DATA_LOOKUP_KEY") };
  return ring;
}

/** For tests and the rotation command: forget the cached keys after changing the environment. */
export function resetKeyRing() {
  ring = undefined;
}

export function encryptSecret(plain: string): string {
  const { id, key } = keyRing().current;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", id, iv.toString("base64"), cipher.getAuthTag().toString("base64"), data.toString("base64")].join(":");
}

export function decryptSecret(stored: string): string {
  const [version, id, iv, tag, data] = stored.split(":");
  const key = keyRing().all.get(id);
  if (version !== "v1" || !key) throw new Error(`cannot decrypt: unknown key ${id}`);
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
}

/** The key id a ciphertext was written with (rotation re-encrypts the others). */
export function keyIdOf(stored: string): string {
  return stored.split(":")[1];
}

export function currentKeyId(): string {
  return keyRing().current.id;
}

/** Keyed hash for exact lookup; normalise (upper-case X) before hashing. */
export function lookupHash(value: string): string {
  return createHmac("sha256", keyRing().lookup).update(value.trim().toUpperCase()).digest("hex");
}
