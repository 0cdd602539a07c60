import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "@/lib/server/action";
import { db } from "@/lib/server/db";
import { withUploads, type StagedFile } from "@/lib/server/files";
import { nextVisitDue } from "@/lib/visit-schedule";
import { dueList, householdVisits, logVisit, visitPhoto } from "@/lib/visits/data";
import { logVisitFormSchema, logVisitSchema } from "@/lib/visits/schemas";
import { fixture, viewerFor } from "../support/fixtures";
import { gridOf, gridRowCounts, makeHousehold, pointsOf, rejection } from "../support/grid";

const DAY = 24 * 3600_000;
let uploads: string;

beforeAll(async () => {
  uploads = await mkdtemp(path.join(tmpdir(), "vitalgrid-visits-"));
  process.env.UPLOAD_DIR = uploads;
});
afterAll(async () => {
  await rm(uploads, { recursive: true, force: true });
});

function visit(householdId: string, extra: object = {}) {
  return {
    householdId,
    visitedAt: new Date(Date.now() - 3600_000).toISOString(),
    method: "IN_PERSON",
    metNames: "户主",
    findings: "家中一切正常，老人身体尚可。",
    lat: null,
    lng: null,
    needsFollowUp: false,
    ...extra,
  };
}

/** A 1×1 PNG: real image bytes, so the server's type sniffing accepts it. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

describe("logging a visit", () => {
  it("moves the household's schedule on from the visit and out of the overdue list", async () => {
    const grid = await viewerFor("grid");
    const h = await makeHousehold("G111", { tier: "KEY", lastVisitAt: new Date(Date.now() - 20 * DAY) });
    const before = await dueList(grid, gridOf("G111"));
    expect(before.overdue.map((x) => x.id)).toEqual([h.id]);

    const r = await runAction(grid, logVisitSchema, logVisit, visit(h.id));
    expect(r.ok).toBe(true);
    const stored = await db.household.findUniqueOrThrow({ where: { id: h.id } });
    const v = await db.visit.findFirstOrThrow({ where: { householdId: h.id } });
    expect(stored.lastVisitAt).toEqual(v.visitedAt);
    expect(stored.nextVisitDue).toEqual(nextVisitDue("KEY", v.visitedAt, stored.createdAt));
    expect(v).toMatchObject({ visitorId: fixture().users.grid, gridId: gridOf("G111"), method: "IN_PERSON", needsFollowUp: false, sentimentId: null });

    const after = await dueList(grid, gridOf("G111"));
    expect(after.overdue).toEqual([]);
    expect([...after.thisWeek, ...after.later].map((x) => x.id)).toContain(h.id);
  });

  it("does not move the schedule back for a visit logged late, older than the last one", async () => {
    const grid = await viewerFor("grid");
    const last = new Date(Date.now() - 2 * DAY);
    const h = await makeHousehold("G111", { lastVisitAt: last });
    await logVisit(grid, logVisitSchema.parse(visit(h.id, { visitedAt: new Date(Date.now() - 10 * DAY).toISOString() })));
    const stored = await db.household.findUniqueOrThrow({ where: { id: h.id } });
    expect(stored.lastVisitAt).toEqual(last);
    expect(await db.visit.count({ where: { householdId: h.id } })).toBe(1);
  });

  it("keeps the latest of two visits logged at the same time, and refuses neither", async () => {
    const h = await makeHousehold("G111", { tier: "KEY", lastVisitAt: new Date(Date.now() - 20 * DAY) });
    const earlier = new Date(Date.now() - 5 * 3600_000).toISOString();
    const later = new Date(Date.now() - 1 * 3600_000).toISOString();
    await Promise.all([
      logVisit(await viewerFor("grid"), logVisitSchema.parse(visit(h.id, { visitedAt: later }))),
      logVisit(await viewerFor("community"), logVisitSchema.parse(visit(h.id, { visitedAt: earlier }))),
    ]);
    const stored = await db.household.findUniqueOrThrow({ where: { id: h.id } });
    expect(stored.lastVisitAt?.toISOString()).toBe(later);
    expect(stored.nextVisitDue).toEqual(nextVisitDue("KEY", new Date(later), stored.createdAt));
    expect(await db.visit.count({ where: { householdId: h.id } })).toBe(2);
  });

  it("writes the follow-up sentiment entry with the visit, linked to the member concerned", async () => {
    const grid = await viewerFor("grid");
    const h = await makeHousehold("G111", { members: ["刘奶奶", "刘爷爷"] });
    const visitedAt = new Date(Date.now() - 2 * 3600_000).toISOString();
    const r = await runAction(grid, logVisitSchema, logVisit, visit(h.id, {
      visitedAt,
      needsFollowUp: true,
      followUpKind: "REQUEST",
      followUpContent: "刘爷爷行动不便，希望社区协助办理高龄补贴。",
      followUpResidentId: h.members[1].id,
    }));
    expect(r.ok).toBe(true);
    const v = await db.visit.findFirstOrThrow({ where: { householdId: h.id } });
    const s = await db.sentimentEntry.findUniqueOrThrow({ where: { id: v.sentimentId! } });
    expect(s).toMatchObject({ gridId: gridOf("G111"), kind: "REQUEST", residentId: h.members[1].id, followUpStatus: "OPEN", recordedById: fixture().users.grid });
    expect(s.recordedAt.toISOString()).toBe(new Date(visitedAt).toISOString());
    expect(v.needsFollowUp).toBe(true);
    expect(await db.recordHistory.count({ where: { entityType: "sentiment", entityId: s.id, action: "CREATE" } })).toBe(1);
  });

  it("rolls back the visit and its follow-up entry together when a later step fails", async () => {
    const grid = await viewerFor("grid");
    const h = await makeHousehold("G111");
    const before = await gridRowCounts();
    const broken: StagedFile = { sha256: "a".repeat(64), size: 3, mimeType: "image/png", fileName: "x.png", tempPath: path.join(uploads, "missing.part") };
    await expect(
      logVisit(grid, logVisitSchema.parse(visit(h.id, { needsFollowUp: true, followUpContent: "需要跟进" })), [broken]),
    ).rejects.toThrow();
    expect(await gridRowCounts()).toEqual(before);
  });

  it("refuses bad input with clear messages and changes nothing", async () => {
    const grid = await viewerFor("grid");
    const h = await makeHousehold("G111", { members: ["陈一"] });
    const neighbour = await makeHousehold("G112", { members: ["陈二"] });
    const { outside } = await pointsOf("G111");
    const before = await gridRowCounts();
    const cases: [object, string, string | null][] = [
      [visit(h.id, { visitedAt: new Date(Date.now() + 3600_000).toISOString() }), "VALIDATION", "visitedAt"],
      [visit(h.id, { visitedAt: new Date(Date.now() - 200 * DAY).toISOString() }), "VALIDATION", "visitedAt"],
      [visit(h.id, { findings: "很".repeat(2001) }), "VALIDATION", "findings"],
      [visit(h.id, { needsFollowUp: true }), "VALIDATION", "followUpContent"],
      [visit(h.id, { method: "CARRIER_PIGEON" }), "VALIDATION", "method"],
      [visit(h.id, outside), "VALIDATION", "lat"],
      [visit(h.id, { needsFollowUp: true, followUpContent: "跟进", followUpResidentId: neighbour.members[0].id }), "VALIDATION", "residentId"],
      [visit("no-such-household"), "NOT_FOUND", null],
      [visit(neighbour.id), "NOT_FOUND", null],
    ];
    for (const [input, code, field] of cases) {
      const r = await runAction(grid, logVisitSchema, logVisit, input);
      expect(r.ok, JSON.stringify(input).slice(0, 80)).toBe(false);
      if (!r.ok) {
        expect(r.code).toBe(code);
        expect(r.message).not.toMatch(/^errors\./);
        if (field) expect(Object.keys(r.fieldErrors ?? {})).toContain(field);
      }
    }
    const future = await runAction(grid, logVisitSchema, logVisit, visit(h.id, { visitedAt: new Date(Date.now() + 3600_000).toISOString() }));
    expect(!future.ok && future.fieldErrors?.visitedAt).toBe("时间不能晚于现在。");
    const outsideResult = await runAction(grid, logVisitSchema, logVisit, visit(h.id, outside));
    expect(!outsideResult.ok && outsideResult.message).toContain("不在网格");
    expect(await gridRowCounts()).toEqual(before);
  });

  it("is for roles that visit, inside their territory", async () => {
    const h = await makeHousehold("G111");
    expect((await rejection(logVisit(await viewerFor("leader"), logVisitSchema.parse(visit(h.id))))).code).toBe("FORBIDDEN");
    expect((await rejection(logVisit(await viewerFor("gridB"), logVisitSchema.parse(visit(h.id))))).code).toBe("NOT_FOUND");
    await logVisit(await viewerFor("community"), logVisitSchema.parse(visit(h.id)));
    expect(await db.visit.count()).toBe(1);
  });

  it("accepts a GPS point inside the grid", async () => {
    const grid = await viewerFor("grid");
    const h = await makeHousehold("G111");
    const { inside } = await pointsOf("G111");
    await logVisit(grid, logVisitSchema.parse(visit(h.id, inside)));
    expect(await db.visit.findFirstOrThrow()).toMatchObject(inside);
  });
});

describe("visit photos", () => {
  function form(data: object, photos: Blob[]) {
    const f = new FormData();
    f.set("data", JSON.stringify(data));
    for (const p of photos) f.append("photos", p, "photo.png");
    return f;
  }
  const handler = (viewer: Awaited<ReturnType<typeof viewerFor>>, { data, photos }: { data: Parameters<typeof logVisit>[1]; photos: Blob[] }) =>
    withUploads(photos, "photo", "photos", (staged) => logVisit(viewer, data, staged));

  it("stores photos with the visit and shows them only inside the territory", async () => {
    const grid = await viewerFor("grid");
    const h = await makeHousehold("G111");
    const r = await runAction(grid, logVisitFormSchema, handler, form(visit(h.id), [new Blob([PNG], { type: "image/png" })]));
    expect(r.ok).toBe(true);
    const { visits } = await householdVisits(grid, h.id);
    expect(visits[0].photos).toHaveLength(1);
    const photoId = visits[0].photos[0].id;
    expect((await visitPhoto(grid, photoId)).mimeType).toBe("image/png");
    expect((await rejection(visitPhoto(await viewerFor("grid2"), photoId))).code).toBe("NOT_FOUND");
  });

  it("refuses a file that is not a photo, and writes no visit", async () => {
    const grid = await viewerFor("grid");
    const h = await makeHousehold("G111");
    const before = await gridRowCounts();
    const r = await runAction(grid, logVisitFormSchema, handler, form(visit(h.id), [new Blob(["#!/bin/sh\necho hi\n"], { type: "image/png" })]));
    expect(r).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(!r.ok && Object.keys(r.fieldErrors ?? {})).toContain("photos");
    const tooMany = await runAction(grid, logVisitFormSchema, handler, form(visit(h.id), [1, 2, 3, 4].map(() => new Blob([PNG], { type: "image/png" }))));
    expect(tooMany.ok).toBe(false);
    const badJson = new FormData();
    badJson.set("data", "{not json");
    expect((await runAction(grid, logVisitFormSchema, handler, badJson)).ok).toBe(false);
    expect(await gridRowCounts()).toEqual(before);
  });
});

describe("my visits list", () => {
  it("puts overdue households first (longest overdue first), then this week, then later", async () => {
    // Wednesday 25 Nov 2026, 10:00 in Beijing.
    const now = new Date("2026-11-25T02:00:00Z");
    const created = new Date("2025-01-01T00:00:00Z");
    const long = await makeHousehold("G111", { tier: "KEY", createdAt: created, lastVisitAt: new Date("2026-11-01T02:00:00Z") });
    const short = await makeHousehold("G111", { tier: "ORDINARY", createdAt: created, lastVisitAt: new Date("2026-10-20T02:00:00Z") });
    const today = await makeHousehold("G111", { tier: "KEY", createdAt: created, lastVisitAt: new Date("2026-11-18T01:00:00Z") });
    const friday = await makeHousehold("G111", { tier: "ORDINARY", createdAt: created, lastVisitAt: new Date("2026-10-27T02:00:00Z") });
    const later = await makeHousehold("G111", { tier: "REASSURED", createdAt: created, lastVisitAt: new Date("2026-11-01T02:00:00Z") });
    await makeHousehold("G112", { tier: "KEY", createdAt: created, lastVisitAt: new Date("2026-10-01T02:00:00Z") });
    const list = await dueList(await viewerFor("grid"), gridOf("G111"), now);
    expect(list.overdue.map((h) => h.id)).toEqual([long.id, short.id]);
    expect(list.thisWeek.map((h) => h.id)).toEqual([today.id, friday.id]);
    expect(list.later.map((h) => h.id)).toEqual([later.id]);
    expect(list.laterCount).toBe(1);
    expect((await rejection(dueList(await viewerFor("grid"), gridOf("G112"), now))).code).toBe("NOT_FOUND");
  });
});
