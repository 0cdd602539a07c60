import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, link, mkdir, readdir, stat, unlink, writeFile, constants as fsConstants } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { fileTypeFromBuffer } from "file-type/core";
import { db } from "./db";
import { AppError } from "./errors";
import type { Db, Tx } from "./prisma";

// Attachment storage. Files live under UPLOAD_DIR (default .data/uploads), named by the
// SHA-256 of their content, so the same photo uploaded twice is stored once and a stored
// file never changes. An Attachment row says who owns a file; the row is the truth and a
// file without one is garbage.
//
// The one rule callers rely on: a failed action leaves no orphan row and no orphan file.
//
//   return withUploads(input.photos, "photo", "photos", async (staged) =>
//     db.$transaction(async (tx) => {
//       ...the action's own writes...
//       await attachStaged(tx, staged, { ownerType: "event-entry", ownerId }, viewer.id);
//     }),
//   );
//
// 1. stageFiles (before any transaction): limits, the real type sniffed from the bytes
//    (the browser's claim is ignored), hash, and a private temp copy.
// 2. attachStaged (inside the caller's transaction): takes a shared advisory lock on each
//    hash, links the temp copy to its final name, and inserts the rows. A rollback
//    removes the rows.
// 3. withUploads' finally: removes the temp copies; when the action failed it deletes each
//    final file that no committed row references, under an exclusive lock on the hash.
//    The shared lock held by any concurrent writer of the same content until its commit
//    means the check can never delete a file that another action is about to reference,
//    and a writer that comes later links its own temp copy again.
// A process killed between steps can leave a temp file or an unreferenced final file;
// sweepOrphanUploads (run hourly by the dispatch timer) deletes those after a grace period.

/** Largest single file accepted. Photos are downscaled in the browser before upload. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Most files one action may carry. */
export const MAX_FILES = 9;

/** What an upload field accepts: photos only where photos are expected. */
export type FileKind = "photo" | "document" | "spreadsheet";

const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
const ACCEPTED: Record<FileKind, readonly string[]> = {
  photo: PHOTO_TYPES,
  document: [...PHOTO_TYPES, "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
  spreadsheet: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv"],
};

/** For `<input accept>`: the same lists, so the picker offers what the server takes. */
export const ACCEPT_ATTRIBUTE: Record<FileKind, string> = {
  photo: PHOTO_TYPES.join(","),
  document: `${PHOTO_TYPES.join(",")},application/pdf,.docx,.xlsx`,
  spreadsheet: ".xlsx,.csv,text/csv",
};

export interface StagedFile {
  sha256: string;
  size: number;
  mimeType: string;
  fileName: string;
  /** Private copy written by stageFiles; removed by releaseStaged. */
  tempPath: string;
}

export interface StoredAttachment {
  id: string;
  fileName: string;
  mimeType: string;
  size: number;
}

export function uploadDir(): string {
  // The ignore comments keep the bundler from tracing the whole project for these paths.
  return path.resolve(/*turbopackIgnore: true*/ process.env.UPLOAD_DIR || path.join(".data", "uploads"));
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Where the file with this content lives: two levels of fan-out keep directories small. */
export function storedPath(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error("not a sha256");
  return path.join(/*turbopackIgnore: true*/ uploadDir(), sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

function tempDir(): string {
  return path.join(/*turbopackIgnore: true*/ uploadDir(), "tmp");
}

/** Keeps a file name displayable and harmless: no paths, no control characters, bounded. */
export function cleanFileName(name: string, mimeType: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "")
    .replace(/[\u0000-\u001f\u007f"<>|?*:]/g, "")
    .trim()
    .slice(-120);
  if (base && base !== "." && base !== "..") return base;
  const ext = mimeType === "image/jpeg" ? "jpg" : (mimeType.split("/")[1] ?? "bin").replace(/[^a-z0-9]/g, "").slice(0, 8);
  return `file.${ext}`;
}

function looksLikeCsv(bytes: Uint8Array): boolean {
  // No magic number: accept UTF-8 text without NUL bytes.
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, 64 * 1024));
    return true;
  } catch {
    // A multi-byte character cut at the 64 KiB boundary is not an error.
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, 64 * 1024 - 3));
      return true;
    } catch {
      return false;
    }
  }
}

/** The type the bytes really are, or null when it is not one `kind` accepts. */
export async function sniffType(bytes: Uint8Array, kind: FileKind): Promise<string | null> {
  const detected = await fileTypeFromBuffer(bytes);
  const accepted = ACCEPTED[kind];
  if (detected && accepted.includes(detected.mime)) return detected.mime;
  if (!detected && accepted.includes("text/csv") && looksLikeCsv(bytes)) return "text/csv";
  return null;
}

function isBlob(value: unknown): value is Blob {
  return typeof Blob !== "undefined" && value instanceof Blob;
}

async function removeQuietly(file: string) {
  await unlink(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "ENOENT") console.error("[files] cannot remove", file, err.message);
  });
}

/**
 * Checks and stages uploaded files, before any transaction. `field` names the form field
 * in the error, so the form can show it beside the picker. Empty blobs (an untouched file
 * input) are skipped. Writes nothing when any file is refused.
 */
export async function stageFiles(files: readonly unknown[] | undefined, kind: FileKind, field = "files"): Promise<StagedFile[]> {
  const blobs = (files ?? []).filter((f): f is Blob => isBlob(f) && f.size > 0);
  if ((files ?? []).some((f) => !isBlob(f))) throw new AppError("VALIDATION", undefined, { [field]: "validation.fileUnreadable" });
  if (blobs.length > MAX_FILES)
    throw new AppError("VALIDATION", { key: "filesTooMany", values: { max: MAX_FILES } }, { [field]: "validation.filesTooMany" });
  for (const blob of blobs) {
    if (blob.size > MAX_FILE_BYTES)
      throw new AppError("PAYLOAD_TOO_LARGE", { key: "fileTooLarge", values: { max: MAX_FILE_BYTES / 1024 / 1024 } }, { [field]: "validation.fileTooLarge" });
  }
  const checked: { bytes: Uint8Array; mimeType: string; name: string }[] = [];
  for (const blob of blobs) {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const mimeType = await sniffType(bytes, kind);
    if (!mimeType)
      throw new AppError("VALIDATION", { key: kind === "photo" ? "filePhotoOnly" : "fileType" }, { [field]: kind === "photo" ? "validation.filePhotoOnly" : "validation.fileType" });
    checked.push({ bytes, mimeType, name: "name" in blob && typeof blob.name === "string" ? blob.name : "" });
  }
  if (!checked.length) return [];
  await mkdir(tempDir(), { recursive: true });
  const staged: StagedFile[] = [];
  try {
    for (const file of checked) {
      const sha256 = createHash("sha256").update(file.bytes).digest("hex");
      const tempPath = path.join(tempDir(), `${Date.now()}-${randomBytes(8).toString("hex")}.part`);
      await writeFile(tempPath, file.bytes, { mode: 0o640, flag: "wx" });
      staged.push({ sha256, size: file.bytes.byteLength, mimeType: file.mimeType, fileName: cleanFileName(file.name, file.mimeType), tempPath });
    }
  } catch (err) {
    await Promise.all(staged.map((s) => removeQuietly(s.tempPath)));
    throw err;
  }
  return staged;
}

// Advisory lock keys: a namespace and the first 31 bits of the hash.
const LOCK_NAMESPACE = 0x5646; // "VF"
function lockKey(sha256: string): number {
  return parseInt(sha256.slice(0, 8), 16) & 0x7fffffff;
}

async function placeFile(staged: StagedFile) {
  const target = storedPath(staged.sha256);
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await link(staged.tempPath, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return;
    // Filesystems without hard links: copy, never overwriting a stored file.
    if (code === "EPERM" || code === "EXDEV" || code === "ENOTSUP") {
      await copyFile(staged.tempPath, target, fsConstants.COPYFILE_EXCL).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== "EEXIST") throw e;
      });
      return;
    }
    throw err;
  }
}

/**
 * Inside the caller's transaction: puts the staged files in place and records who owns
 * them. Returns the new rows in the order of `staged`.
 */
export async function attachStaged(
  tx: Tx,
  staged: readonly StagedFile[],
  owner: { ownerType: string; ownerId: string },
  createdById: string | null,
): Promise<StoredAttachment[]> {
  if (!staged.length) return [];
  const hashes = [...new Set(staged.map((s) => s.sha256))].sort();
  for (const sha of hashes) await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${LOCK_NAMESPACE}::int, ${lockKey(sha)}::int)`;
  for (const s of staged) await placeFile(s);
  return tx.attachment.createManyAndReturn({
    data: staged.map((s) => ({
      ownerType: owner.ownerType,
      ownerId: owner.ownerId,
      fileName: s.fileName,
      mimeType: s.mimeType,
      size: s.size,
      sha256: s.sha256,
      createdById,
    })),
    select: { id: true, fileName: true, mimeType: true, size: true },
  });
}

/** Deletes each stored file that no Attachment row references any more. */
export async function deleteUnreferenced(hashes: Iterable<string>, client: Db = db): Promise<number> {
  let deleted = 0;
  for (const sha of new Set(hashes)) {
    if (!SHA256.test(sha)) continue;
    await client.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}::int, ${lockKey(sha)}::int)`;
      const refs = await tx.attachment.count({ where: { sha256: sha } });
      if (refs === 0) {
        const existed = await stat(storedPath(sha)).then(() => true, () => false);
        await removeQuietly(storedPath(sha));
        if (existed) deleted++;
      }
    });
  }
  return deleted;
}

/** After an action: drop the temp copies, and when it failed, the files it placed. */
export async function releaseStaged(staged: readonly StagedFile[], committed: boolean, client: Db = db): Promise<void> {
  await Promise.all(staged.map((s) => removeQuietly(s.tempPath)));
  if (!committed && staged.length) {
    try {
      await deleteUnreferenced(staged.map((s) => s.sha256), client);
    } catch (err) {
      // The sweep will get them; the action's own error is what the caller must see.
      console.error("[files] cleanup after a failed action failed:", (err as Error).message);
    }
  }
}

/** Stages `files`, runs the action with them, and cleans up whatever the outcome. */
export async function withUploads<T>(
  files: readonly unknown[] | undefined,
  kind: FileKind,
  field: string,
  run: (staged: StagedFile[]) => Promise<T>,
): Promise<T> {
  const staged = await stageFiles(files, kind, field);
  let committed = false;
  try {
    const result = await run(staged);
    committed = true;
    return result;
  } finally {
    await releaseStaged(staged, committed);
  }
}

/** Deletes attachment rows (in the caller's transaction); call deleteUnreferenced after commit. */
export async function detachAttachments(tx: Tx, where: { ownerType: string; ownerId: string | { in: string[] } }): Promise<string[]> {
  const rows = await tx.attachment.findMany({ where, select: { sha256: true } });
  await tx.attachment.deleteMany({ where });
  return rows.map((r) => r.sha256);
}

/** The stored bytes of an attachment as a web stream, or null when the file is missing. */
export async function openStored(sha256: string): Promise<{ stream: ReadableStream<Uint8Array>; size: number } | null> {
  const file = storedPath(sha256);
  const info = await stat(file).catch(() => null);
  if (!info) return null;
  return { stream: Readable.toWeb(createReadStream(/*turbopackIgnore: true*/ file)) as ReadableStream<Uint8Array>, size: info.size };
}

/** Headers for sending a stored file: never sniffed, never run as a page. */
export function downloadHeaders(att: { fileName: string; mimeType: string; size: number }, inline: boolean): Headers {
  const disposition = `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(att.fileName)}`;
  return new Headers({
    "Content-Type": att.mimeType,
    "Content-Length": String(att.size),
    "Content-Disposition": disposition,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    // Content-addressed: the bytes behind an attachment id never change.
    "Cache-Control": "private, max-age=86400, immutable",
  });
}

/**
 * Removes files no row references and temp files, both older than `graceMs` (so an
 * action in flight is never touched). Returns how many files were removed.
 */
export async function sweepOrphanUploads(graceMs = 60 * 60 * 1000, client: Db = db): Promise<number> {
  const root = uploadDir();
  const cutoff = Date.now() - graceMs;
  let removed = 0;
  const temps = await readdir(tempDir()).catch(() => [] as string[]);
  for (const name of temps) {
    const file = path.join(tempDir(), name);
    const info = await stat(file).catch(() => null);
    if (info && info.mtimeMs < cutoff) {
      await removeQuietly(file);
      removed++;
    }
  }
  const candidates: string[] = [];
  for (const a of await readdir(root).catch(() => [] as string[])) {
    if (!/^[0-9a-f]{2}$/.test(a)) continue;
    for (const b of await readdir(path.join(root, a)).catch(() => [] as string[])) {
      if (!/^[0-9a-f]{2}$/.test(b)) continue;
      for (const name of await readdir(path.join(root, a, b)).catch(() => [] as string[])) {
        if (!SHA256.test(name)) continue;
        const info = await stat(path.join(root, a, b, name)).catch(() => null);
        if (info && info.mtimeMs < cutoff) candidates.push(name);
      }
    }
  }
  if (candidates.length) {
    const referenced = new Set(
      (await client.attachment.findMany({ where: { sha256: { in: candidates } }, select: { sha256: true }, distinct: ["sha256"] })).map((r) => r.sha256),
    );
    removed += await deleteUnreferenced(candidates.filter((c) => !referenced.has(c)), client);
  }
  return removed;
}
