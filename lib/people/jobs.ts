import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { authorize, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { deleteUnreferenced } from "@/lib/server/files";
import type { Db } from "@/lib/server/prisma";

// The viewer's own imports and exports, for the imports page: a job and its file belong
// to whoever started it.

const SELECT = {
  id: true,
  kind: true,
  status: true,
  progress: true,
  total: true,
  result: true,
  error: true,
  fileId: true,
  createdAt: true,
  finishedAt: true,
  input: true,
} satisfies Prisma.JobSelect;

function present(j: Prisma.JobGetPayload<{ select: typeof SELECT }>) {
  const { input, ...rest } = j;
  const i = (input ?? {}) as { registry?: string; fileName?: string; phase?: string; request?: { registry?: string } };
  // Only what the screen needs: the stored file's hash and the uploader's address stay on the server.
  return { ...rest, registry: i.registry ?? i.request?.registry ?? null, fileName: i.fileName ?? null, phase: i.phase ?? null };
}
export type PeopleJob = ReturnType<typeof present>;

export async function listMyJobs(viewer: Viewer, take = 20) {
  await authorize(viewer, "people.view");
  const jobs = await db.job.findMany({
    where: { createdById: viewer.id, kind: { in: ["people.import", "people.export"] } },
    select: SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
  return jobs.map(present);
}

export async function getMyJob(viewer: Viewer, id: string) {
  await authorize(viewer, "people.view");
  const job = await db.job.findFirst({ where: { id, createdById: viewer.id, kind: { in: ["people.import", "people.export"] } }, select: SELECT });
  if (!job) throw new AppError("NOT_FOUND");
  return present(job);
}

/**
 * A file the viewer may download: one produced by their own job (an export or an error
 * report). Anything else, including another user's export, is NOT_FOUND.
 */
export async function downloadableFile(viewer: Viewer, id: string) {
  await authorize(viewer, "people.view");
  const att = await db.attachment.findFirst({
    where: { id, ownerType: "job", createdById: viewer.id },
    select: { id: true, ownerId: true, fileName: true, mimeType: true, size: true, sha256: true },
  });
  if (!att) throw new AppError("NOT_FOUND");
  const job = await db.job.count({ where: { id: att.ownerId, createdById: viewer.id, kind: { in: ["people.import", "people.export"] } } });
  if (!job) throw new AppError("NOT_FOUND");
  return att;
}

/** How long uploads waiting for a decision, exports and error reports are kept. */
export const KEEP_JOB_FILES_DAYS = 7;

/**
 * Uploaded spreadsheets and generated files hold personal data: an import nobody decided
 * on is cancelled after a week (its upload deleted), and the files of jobs that ended a
 * week ago are deleted. Run by the job worker about once an hour.
 */
export async function expirePeopleJobFiles(client: Db = db): Promise<void> {
  const cutoff = new Date(Date.now() - KEEP_JOB_FILES_DAYS * 86_400_000);
  const kinds = ["people.import", "people.export"];
  const undecided = await client.job.findMany({ where: { kind: "people.import", status: "WAITING", createdAt: { lt: cutoff } }, select: { id: true }, take: 1000 });
  if (undecided.length)
    await client.job.updateMany({
      where: { id: { in: undecided.map((j) => j.id) }, status: "WAITING" },
      data: { status: "CANCELLED", finishedAt: new Date(), error: "expired" },
    });
  const old = await client.job.findMany({
    where: { kind: { in: kinds }, status: { in: ["DONE", "CANCELLED", "FAILED"] }, OR: [{ finishedAt: { lt: cutoff } }, { finishedAt: null, createdAt: { lt: cutoff } }] },
    select: { id: true },
    take: 1000,
  });
  const ids = [...undecided, ...old].map((j) => j.id);
  if (!ids.length) return;
  const where = { ownerType: { in: ["job", "people-import"] }, ownerId: { in: ids } };
  const files = await client.attachment.findMany({ where, select: { sha256: true } });
  if (!files.length) return;
  await client.attachment.deleteMany({ where });
  await client.job.updateMany({ where: { id: { in: ids } }, data: { fileId: null } });
  await deleteUnreferenced(files.map((f) => f.sha256), client);
}
