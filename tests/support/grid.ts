// Fixture helpers of the grid module's tests (places, objects, sentiments, visits, teams).
// Households and residents are written straight to the database here: the people
// registry's own functions are tested by its own suite.
import { randomBytes } from "node:crypto";
import type { VisitTier } from "@/lib/generated/prisma/client.ts";
import { centroid, type PolygonalGeometry } from "@/lib/geo";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { nextVisitDue } from "@/lib/visit-schedule";
import { fixture, type UnitKey } from "./fixtures";

export function gridOf(key: UnitKey): number {
  return fixture().units[key];
}

/** A point well inside a fixture grid (its centre) and one just outside it. */
export async function pointsOf(key: UnitKey): Promise<{ inside: { lat: number; lng: number }; outside: { lat: number; lng: number } }> {
  const unit = await db.unit.findUniqueOrThrow({ where: { id: gridOf(key) }, select: { boundary: true } });
  const [lng, lat] = centroid(unit.boundary as unknown as PolygonalGeometry);
  return { inside: { lat, lng }, outside: { lat: lat + 0.02, lng } };
}

/** The error a promise fails with (and fails the test when it does not fail). */
export async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${err === null ? "success" : String(err)}`);
  return err;
}

let serial = 0;

/**
 * A household with a house and members in a fixture grid. `lastVisitAt` and the tier set
 * nextVisitDue the way the registry would (lib/visit-schedule.ts).
 */
export async function makeHousehold(
  key: UnitKey,
  opts: { tier?: VisitTier; createdAt?: Date; lastVisitAt?: Date | null; members?: string[] } = {},
) {
  const gridId = gridOf(key);
  const n = ++serial;
  const tier = opts.tier ?? "ORDINARY";
  const createdAt = opts.createdAt ?? new Date(Date.now() - 400 * 24 * 3600_000);
  const lastVisitAt = opts.lastVisitAt ?? null;
  const house = await db.house.create({
    data: { gridId, building: `${n}栋`, unitNo: "1", room: "101", address: `测试小区 ${n}栋 1单元 101` },
    select: { id: true },
  });
  const household = await db.household.create({
    data: { gridId, houseId: house.id, visitTier: tier, createdAt, lastVisitAt, nextVisitDue: nextVisitDue(tier, lastVisitAt, createdAt) },
    select: { id: true },
  });
  const members = [];
  for (const [i, name] of (opts.members ?? [`户主${n}`]).entries()) {
    const hash = randomBytes(16).toString("hex");
    members.push(
      await db.resident.create({
        data: {
          gridId,
          householdId: household.id,
          houseId: house.id,
          relationToHead: i === 0 ? "HEAD" : "SPOUSE",
          name,
          idCipher: "v1:test:x:x:x",
          idHash: hash,
          idMasked: "620981********0000",
          birthDate: new Date("1970-01-01"),
          sex: i % 2 ? "FEMALE" : "MALE",
          ethnicity: "01",
        },
        select: { id: true, name: true },
      }),
    );
  }
  return { id: household.id, houseId: house.id, gridId, members };
}

/** Visits written directly (history for the rate tests), keeping the household's schedule right. */
export async function addVisits(householdId: string, visitorId: string, dates: Date[]) {
  const h = await db.household.findUniqueOrThrow({ where: { id: householdId }, select: { gridId: true, visitTier: true, createdAt: true, lastVisitAt: true } });
  await db.visit.createMany({
    data: dates.map((visitedAt) => ({ householdId, gridId: h.gridId, visitorId, visitedAt, method: "IN_PERSON" as const })),
  });
  const last = [h.lastVisitAt, ...dates].filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
  await db.household.update({
    where: { id: householdId },
    data: { lastVisitAt: last, nextVisitDue: nextVisitDue(h.visitTier, last, h.createdAt) },
  });
}

/** Rows of every table the grid module writes, to show that a refused action wrote nothing. */
export async function gridRowCounts() {
  const [places, facilities, sentiments, visits, history, attachments, households] = await Promise.all([
    db.place.count(),
    db.facility.count(),
    db.sentimentEntry.count(),
    db.visit.count(),
    db.recordHistory.count(),
    db.attachment.count(),
    db.household.findMany({ select: { id: true, version: true, lastVisitAt: true, nextVisitDue: true }, orderBy: { id: "asc" } }),
  ]);
  return { places, facilities, sentiments, visits, history, attachments, households };
}
