import { describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/server/prisma";
import { db } from "@/lib/server/db";
import { expirePeopleJobFiles } from "@/lib/people/jobs";
import { claimJob, enqueueJob, runClaimed, transitionJob } from "@/lib/server/jobs";
import { fixture } from "../support/fixtures";

// The job queue itself: claims that never collide, leases that run out, fenced writes.

async function queue(n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await enqueueJob(db, { kind: "people.export", input: { n: i }, createdById: fixture().users.grid })).id);
  return ids;
}

describe("job queue", () => {
  it("never gives one job to two workers, even claiming at the same moment", async () => {
    await queue(6);
    // Separate clients stand for separate app instances.
    const instances = [createPrisma(process.env.DATABASE_URL!, { max: 2 }), createPrisma(process.env.DATABASE_URL!, { max: 2 }), createPrisma(process.env.DATABASE_URL!, { max: 2 })];
    try {
      const claims = await Promise.all(instances.flatMap((c) => [claimJob(c), claimJob(c)]));
      const ids = claims.filter(Boolean).map((j) => j!.id);
      expect(ids).toHaveLength(6);
      expect(new Set(ids).size).toBe(6);
      expect(await claimJob(instances[0])).toBeNull();
      expect(await db.job.count({ where: { status: "RUNNING", attempts: 1 } })).toBe(6);
    } finally {
      await Promise.all(instances.map((c) => c.$disconnect()));
    }
  });

  it("takes a job over from a worker whose lease ran out, and ignores the late worker's writes", async () => {
    const [id] = await queue(1);
    const first = (await claimJob(db))!;
    expect(first.id).toBe(id);
    await db.job.update({ where: { id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    const second = (await claimJob(db))!;
    expect(second).toMatchObject({ id, attempts: 2 });
    // The first worker wakes up and reports an outcome: fenced out by the attempt number.
    await db.job.update({ where: { id }, data: { status: "RUNNING" } });
    const stale = await db.job.updateMany({ where: { id, status: "RUNNING", attempts: first.attempts }, data: { status: "DONE" } });
    expect(stale.count).toBe(0);
  });

  it("gives up after three lost leases", async () => {
    const [id] = await queue(1);
    for (let i = 0; i < 3; i++) {
      expect(await claimJob(db)).not.toBeNull();
      await db.job.update({ where: { id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    }
    expect(await claimJob(db)).toBeNull();
    expect(await db.job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "FAILED" });
  });

  it("records a handler's failure instead of crashing the worker", async () => {
    // An export job whose user no longer exists cannot run: the job fails, the worker goes on.
    const job = await enqueueJob(db, { kind: "people.export", input: { request: { registry: "residents", filter: {} }, locale: "zh-CN", ip: "x" }, createdById: "nobody" });
    await runClaimed((await claimJob(db))!);
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "FAILED", error: "FORBIDDEN" });
  });

  it("moves a waiting job only from the state it is in", async () => {
    const [id] = await queue(1);
    await db.job.update({ where: { id }, data: { status: "WAITING" } });
    expect(await transitionJob(db, id, "WAITING", "CANCELLED")).not.toBeNull();
    expect(await transitionJob(db, id, "WAITING", "QUEUED")).toBeNull();
  });
});

describe("housekeeping", () => {
  it("cancels imports nobody decided on and deletes old jobs' files after a week", async () => {
    const old = new Date(Date.now() - 8 * 86_400_000);
    const user = fixture().users.grid;
    const waiting = await db.job.create({ data: { kind: "people.import", status: "WAITING", input: {}, createdById: user, createdAt: old } });
    const done = await db.job.create({ data: { kind: "people.export", status: "DONE", input: {}, createdById: user, createdAt: old, finishedAt: old } });
    const fresh = await db.job.create({ data: { kind: "people.export", status: "DONE", input: {}, createdById: user, finishedAt: new Date() } });
    for (const [ownerType, ownerId, sha] of [["people-import", waiting.id, "a"], ["job", done.id, "b"], ["job", fresh.id, "c"]] as const)
      await db.attachment.create({ data: { ownerType, ownerId, fileName: "f.xlsx", mimeType: "x", size: 1, sha256: sha.repeat(64), createdById: user } });
    await db.job.update({ where: { id: done.id }, data: { fileId: (await db.attachment.findFirstOrThrow({ where: { ownerId: done.id } })).id } });

    await expirePeopleJobFiles(db);
    expect((await db.job.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("CANCELLED");
    expect((await db.job.findUniqueOrThrow({ where: { id: done.id } })).fileId).toBeNull();
    expect((await db.attachment.findMany({ select: { ownerId: true } })).map((a) => a.ownerId)).toEqual([fresh.id]);
  });
});
