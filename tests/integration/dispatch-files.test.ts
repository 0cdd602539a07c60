import { existsSync } from "node:fs";
import { mkdtemp, readdir, utimes, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import * as dispatch from "@/lib/dispatch/data";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { attachStaged, storedPath, sweepOrphanUploads, uploadDir, withUploads } from "@/lib/server/files";
import { viewerFor } from "../support/fixtures";
import { acceptedEvent, failure, key, leadTask, report, setupDispatch, type DispatchFixture } from "../support/dispatch";

// Attachments: content-addressed files under UPLOAD_DIR, and the rule that a failed action
// leaves no orphan row and no orphan file.

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");
/** A PNG with different bytes (and so a different hash): data after IEND is ignored by viewers. */
const png = (tag: string) => new File([PNG, Buffer.from(tag)], `${tag}.png`, { type: "image/png" });
const sha = async (file: File) => (await import("node:crypto")).createHash("sha256").update(Buffer.from(await file.arrayBuffer())).digest("hex");

let f: DispatchFixture;
beforeEach(async () => {
  process.env.UPLOAD_DIR = await mkdtemp(path.join(tmpdir(), "vg-uploads-"));
  f = await setupDispatch();
});

async function filesOnDisk(): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(path.join(dir, e.name));
      else out.push(path.relative(uploadDir(), path.join(dir, e.name)));
    }
  };
  await walk(uploadDir());
  return out.sort();
}

describe("attachments", () => {
  it("stores photos by content hash and records who owns them", async () => {
    const a = png("a");
    const { id } = await report("grid", f.categoryId, "G111", { photos: [a, png("b"), png("a")] });
    const rows = await db.attachment.findMany({ where: { ownerType: "event-entry" }, select: { sha256: true, mimeType: true, fileName: true, size: true } });
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.mimeType === "image/png")).toBe(true);
    // Two distinct contents: two files, the duplicate stored once.
    expect((await filesOnDisk()).filter((p) => !p.startsWith("tmp"))).toHaveLength(2);
    expect(existsSync(storedPath(await sha(a)))).toBe(true);
    const detail = await dispatch.getEvent(await viewerFor("grid"), id);
    expect(detail.timeline[0].files.map((x) => x.fileName).sort()).toEqual(["a.png", "a.png", "b.png"]);
  });

  it("leaves no row and no file behind when the action fails inside its transaction", async () => {
    const { id } = await report("grid", f.categoryId);
    await dispatch.escalateEvent(await viewerFor("grid"), { id, version: 1, comment: "上报" });
    const photo = png("stale");
    // Version 1 is stale by now: the photo was staged, then the transaction failed.
    const err = await failure(dispatch.closeLocally(await viewerFor("grid"), { id, version: 1, reply: "已处理", photos: [photo] }));
    expect(err.code).toBe("STALE");
    expect(await db.attachment.count()).toBe(0);
    expect(existsSync(storedPath(await sha(photo)))).toBe(false);
    expect((await filesOnDisk()).filter((p) => !p.endsWith(".gitkeep"))).toEqual([]);
  });

  it("removes a file it had already put in place when the transaction then fails", async () => {
    const photo = png("placed");
    let placed = false;
    const err = await failure(
      withUploads([photo], "photo", "photos", (staged) =>
        db.$transaction(async (tx) => {
          await attachStaged(tx, staged, { ownerType: "event-entry", ownerId: "1" }, null);
          placed = existsSync(storedPath(staged[0].sha256));
          throw new AppError("CONFLICT");
        }),
      ),
    );
    expect(err.code).toBe("CONFLICT");
    expect(placed).toBe(true);
    expect(existsSync(storedPath(await sha(photo)))).toBe(false);
    expect(await db.attachment.count()).toBe(0);
    expect((await filesOnDisk()).filter((p) => !p.endsWith(".gitkeep"))).toEqual([]);
  });

  it("keeps a file another committed attachment shares when an action with the same bytes fails", async () => {
    const shared = png("shared");
    const { id } = await report("grid", f.categoryId, "G111", { photos: [shared] });
    const err = await failure(dispatch.escalateEvent(await viewerFor("grid"), { id, version: 9, comment: "x" }));
    expect(err.code).toBe("STALE");
    const failed = await failure(dispatch.closeLocally(await viewerFor("grid"), { id, version: 9, reply: "x", photos: [png("shared")] }));
    expect(failed.code).toBe("STALE");
    expect(existsSync(storedPath(await sha(shared)))).toBe(true);
    expect(await db.attachment.count()).toBe(1);
  });

  it("keeps the file when a failing and a succeeding action with the same bytes race", async () => {
    const { id } = await report("grid", f.categoryId);
    const other = await report("grid", f.categoryId);
    const grid = await viewerFor("grid");
    const same = () => png("race");
    const results = await Promise.allSettled([
      dispatch.closeLocally(grid, { id, version: 1, reply: "已处理", photos: [same()] }),
      dispatch.closeLocally(grid, { id: other.id, version: 5, reply: "已处理", photos: [same()] }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    expect(await db.attachment.count()).toBe(1);
    expect(existsSync(storedPath(await sha(same())))).toBe(true);
  });

  it("takes photos only where photos are expected, and writes nothing otherwise", async () => {
    const text = new File(["not a picture"], "note.png", { type: "image/png" });
    const err = await failure(report("grid", f.categoryId, "G111", { photos: [text] }));
    expect(err).toMatchObject({ code: "VALIDATION", fieldErrors: { photos: "validation.filePhotoOnly" } });
    const pdf = new File([Buffer.from("%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")], "a.pdf", { type: "application/pdf" });
    expect((await failure(report("grid", f.categoryId, "G111", { photos: [pdf] }))).code).toBe("VALIDATION");
    expect(await db.event.count()).toBe(0);
    expect(await db.attachment.count()).toBe(0);
    expect((await filesOnDisk()).filter((p) => !p.startsWith("tmp"))).toEqual([]);
  });

  it("serves an attachment only to those who may see its entry", async () => {
    const id = await acceptedEvent(f.categoryId);
    await dispatch.dispatchEvent(await viewerFor("center"), { id, version: 5, leadDepartmentId: f.police });
    const task = await leadTask(id);
    const police = await viewerFor("dept");
    await dispatch.acceptTask(police, { taskId: task.id, version: 1 });
    await dispatch.addProgress(police, { taskId: task.id, requestKey: key(), comment: "现场照片", photos: [png("scene")] });
    const att = await db.attachment.findFirstOrThrow();
    expect((await dispatch.getEventAttachment(await viewerFor("center"), att.id)).id).toBe(att.id);
    expect((await dispatch.getEventAttachment(police, att.id)).id).toBe(att.id);
    // A progress note is the handlers' working material: not for the reporter's side.
    expect((await failure(dispatch.getEventAttachment(await viewerFor("grid"), att.id))).code).toBe("NOT_FOUND");
    expect((await failure(dispatch.getEventAttachment(await viewerFor("gridB"), att.id))).code).toBe("NOT_FOUND");
  });

  it("sweeps files no row references once they are old enough, and nothing else", async () => {
    const kept = png("kept");
    await report("grid", f.categoryId, "G111", { photos: [kept] });
    const orphan = "f".repeat(64);
    await mkdir(path.dirname(storedPath(orphan)), { recursive: true });
    await writeFile(storedPath(orphan), PNG);
    const old = new Date(Date.now() - 3 * 3_600_000);
    await utimes(storedPath(orphan), old, old);
    await utimes(storedPath(await sha(kept)), old, old);
    const fresh = "e".repeat(64);
    await mkdir(path.dirname(storedPath(fresh)), { recursive: true });
    await writeFile(storedPath(fresh), PNG);
    expect(await sweepOrphanUploads(60 * 60 * 1000)).toBe(1);
    expect(existsSync(storedPath(orphan))).toBe(false);
    expect(existsSync(storedPath(fresh))).toBe(true);
    expect(existsSync(storedPath(await sha(kept)))).toBe(true);
  });
});
