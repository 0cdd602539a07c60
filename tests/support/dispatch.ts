// Dispatch fixtures on top of tests/support/fixtures.ts: the reference data (categories,
// deadline rules, holiday calendar), a second department with its own staff member, and
// helpers to report events and move them along the workflow.
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { invalidateDispatchConfig } from "@/lib/dispatch/config";
import * as dispatch from "@/lib/dispatch/data";
import { replay, type EntryLike } from "@/lib/dispatch/workflow";
import { db } from "@/lib/server/db";
import { hashPassword } from "@/lib/server/passwords";
import { seedDispatchReference } from "@/prisma/seed/dispatch";
import { fixture, FIXTURE_PASSWORD, viewerFor, type UnitKey } from "./fixtures";

const GRID_INDEX: Partial<Record<UnitKey, number>> = { G111: 3, G112: 4, G121: 6, G211: 9, GB: 13 };

/** The middle of a fixture grid's square (see fixtures.ts), as [lat, lng]. */
export function pointIn(grid: UnitKey): { lat: number; lng: number } {
  const i = GRID_INDEX[grid];
  if (i === undefined) throw new Error(`${grid} is not a fixture grid`);
  return { lat: 30.005, lng: 100 + i * 0.01 + 0.005 };
}

export interface DispatchFixture {
  categoryId: number;
  otherCategoryId: number;
  police: number;
  emergency: number;
}

let passwordHash: string | undefined;

/** Reference data plus department "emergency" with user dept2; call in beforeEach. */
export async function setupDispatch(): Promise<DispatchFixture> {
  await seedDispatchReference(db);
  invalidateDispatchConfig();
  const police = (await db.department.findUniqueOrThrow({ where: { code: "public-security" } })).id;
  const emergency = (await db.department.create({ data: { code: "emergency", name: "应急管理局", nameEn: "Emergency Management Bureau" } })).id;
  passwordHash ??= await hashPassword(FIXTURE_PASSWORD);
  await db.user.create({ data: { username: "dept2", displayName: "dept2", role: "DEPARTMENT_STAFF", unitId: fixture().units.A, departmentId: emergency, passwordHash } });
  const categoryId = (await db.eventCategory.findUniqueOrThrow({ where: { code: "safety-disorder" } })).id;
  const otherCategoryId = (await db.eventCategory.findUniqueOrThrow({ where: { code: "fire-exit" } })).id;
  return { categoryId, otherCategoryId, police, emergency };
}

export const key = () => randomUUID().replaceAll("-", "");

export async function report(username: string, categoryId: number, grid: UnitKey = "G111", extra: Partial<Parameters<typeof dispatch.reportEvent>[1]> = {}) {
  const viewer = await viewerFor(username);
  return dispatch.reportEvent(viewer, {
    requestKey: key(),
    categoryId,
    urgency: "NORMAL",
    title: "夜间有人聚集饮酒滋事",
    description: "群众反映近期夜间常有人员聚集饮酒喧哗。",
    ...pointIn(grid),
    ...extra,
  });
}

export async function version(id: string): Promise<number> {
  return (await db.event.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
}

export async function stateOf(id: string) {
  return (await db.event.findUniqueOrThrow({ where: { id }, select: { state: true } })).state;
}

/** Reports in G111 and walks the event up to the center's "to dispatch" desk. */
export async function acceptedEvent(categoryId: number, extra: Partial<Parameters<typeof dispatch.reportEvent>[1]> = {}) {
  const { id } = await report("grid", categoryId, "G111", extra);
  await dispatch.escalateEvent(await viewerFor("grid"), { id, version: await version(id), comment: "超出网格处置能力" });
  await dispatch.escalateEvent(await viewerFor("community"), { id, version: await version(id), comment: "需乡镇协调" });
  await dispatch.escalateEvent(await viewerFor("township"), { id, version: await version(id), comment: "需部门处置" });
  await dispatch.acceptEvent(await viewerFor("center"), { id, version: await version(id) });
  return id;
}

export async function leadTask(eventId: string) {
  return db.dispatchTask.findFirstOrThrow({ where: { eventId, isLead: true, state: { in: ["PENDING", "IN_PROGRESS", "COMPLETED"] } }, orderBy: { round: "desc" } });
}

/** The timeline must replay to the event row and its tasks. */
export async function expectReplays(eventId: string) {
  const [event, entries, tasks] = await Promise.all([
    db.event.findUniqueOrThrow({ where: { id: eventId }, select: { state: true, version: true, superviseGrade: true, reopenCount: true, rating: true } }),
    db.eventTimelineEntry.findMany({ where: { eventId }, orderBy: { id: "asc" } }),
    db.dispatchTask.findMany({ where: { eventId }, select: { id: true, state: true, version: true } }),
  ]);
  const r = replay(entries as unknown as EntryLike[]);
  expect(r.errors).toEqual([]);
  expect({ state: r.state, version: r.version, superviseGrade: r.superviseGrade, reopenCount: r.reopenCount }).toEqual({
    state: event.state,
    version: event.version,
    superviseGrade: event.superviseGrade,
    reopenCount: event.reopenCount,
  });
  for (const t of tasks) expect(r.tasks[t.id], `task ${t.id}`).toMatchObject({ state: t.state, version: t.version });
  expect(Object.keys(r.tasks).sort()).toEqual(tasks.map((t) => t.id).sort());
}

/** The AppError a promise rejects with. */
export async function failure(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, "expected a rejection").not.toBeNull();
  return err as { code: string; detail?: { key: string; values?: Record<string, unknown> }; fieldErrors?: Record<string, string> };
}
