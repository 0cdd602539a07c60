import "server-only";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import type { RoleKey } from "@/lib/permissions";
import type { Tx } from "@/lib/server/prisma";
import { LOCAL_ROLE, type EventState, type LocalLevel, type UnitLevel } from "./workflow";

// What a transition does besides changing the event: who is told, and what has to happen
// once it has committed.
//
// In-app notifications are written inside the transition's transaction, as one
// INSERT ... SELECT over the recipients, so a committed transition can never lose its
// notifications and a rolled-back one never sends any. Work that must not hold the
// transaction open (waking the deadline timer for a clock shorter than its polling
// interval) runs after the commit through `afterCommit`.

export type NotificationKind =
  | "assigned"
  | "accepted"
  | "rejected"
  | "returned"
  | "completed"
  | "result"
  | "urged"
  | "supervised"
  | "instructed"
  | "overdue"
  | "extension"
  | "extensionDecided";

export interface Recipients {
  /** Users of a role at a unit (a grid's workers, a community's officers, ...). */
  units?: { role: RoleKey; unitId: number }[];
  /** Center staff whose unit lies on the event's path (the county's center). */
  center?: boolean;
  /** Leaders whose unit lies on the event's path. */
  leaders?: boolean;
  /** Staff of these departments whose unit lies on the event's path. */
  departments?: number[];
  users?: string[];
}

export interface NotificationParams {
  no: number;
  title: string;
  actor: string;
  comment?: string | null;
  grade?: number;
}

export function mergeRecipients(...all: Recipients[]): Recipients {
  return {
    units: all.flatMap((r) => r.units ?? []),
    center: all.some((r) => r.center),
    leaders: all.some((r) => r.leaders),
    departments: [...new Set(all.flatMap((r) => r.departments ?? []))],
    users: [...new Set(all.flatMap((r) => r.users ?? []))],
  };
}

/** Who works on the event now: the holder's desk, or the departments with open tasks. */
export function handlersOf(event: { state: EventState; holderUnitId: number | null; holderLevel: UnitLevel | null }, openTaskDepartments: number[]): Recipients {
  switch (event.state) {
    case "DISPATCHED":
    case "PROCESSING":
      return { departments: openTaskDepartments };
    case "AT_CENTER":
    case "ACCEPTED":
    case "REVIEW":
      return { center: true, departments: openTaskDepartments };
    default:
      if (event.holderUnitId === null || event.holderLevel === null) return {};
      if (event.holderLevel === "COUNTY") return { center: true };
      return { units: [{ role: LOCAL_ROLE[event.holderLevel as LocalLevel], unitId: event.holderUnitId }] };
  }
}

/** The desk above a territorial holder: who is told when it runs late. */
export function supervisorOf(level: UnitLevel | null, path: readonly number[]): Recipients {
  // path is the grid's, root first: [..., county, township, village, grid].
  const at = (fromEnd: number) => path[path.length - fromEnd];
  switch (level) {
    case "GRID":
      return { units: [{ role: "COMMUNITY_OFFICER", unitId: at(2) }] };
    case "VILLAGE":
      return { units: [{ role: "TOWNSHIP_OFFICER", unitId: at(3) }] };
    case "TOWNSHIP":
      return { center: true };
    default:
      return { leaders: true };
  }
}

export interface NoticeInput {
  kind: NotificationKind;
  eventId: string;
  gridId: number;
  actorId: string | null;
  params: NotificationParams;
  to: Recipients;
}

/**
 * The INSERT ... SELECT writing one notification per recipient (never to the actor), or
 * null when there is nobody to tell. `gate` is an extra condition (the transition engine
 * makes the insert depend on its conditional update inside one statement).
 */
export function notificationSql(input: NoticeInput, gate: Prisma.Sql = Prisma.sql`TRUE`): Prisma.Sql | null {
  const to = input.to;
  const unitKeys = (to.units ?? []).map((u) => `${u.role}:${u.unitId}`);
  const unitIds = (to.units ?? []).map((u) => u.unitId);
  const departments = to.departments ?? [];
  const users = to.users ?? [];
  if (!unitKeys.length && !to.center && !to.leaders && !departments.length && !users.length) return null;
  // COALESCE makes the scalar subquery an array expression, so ANY() reads its elements.
  const path = Prisma.sql`COALESCE((SELECT "pathIds" FROM "Unit" WHERE "id" = ${input.gridId}), '{}'::int[])`;
  return Prisma.sql`
    INSERT INTO "Notification" ("userId", "kind", "href", "params")
    SELECT u."id", ${`dispatch.${input.kind}`}, ${`/dispatch/${input.eventId}`}, ${JSON.stringify(input.params)}::jsonb
    FROM "User" u
    WHERE u."enabled" AND u."id" <> ${input.actorId ?? ""} AND ${gate}
      AND (
        (u."unitId" = ANY(${unitIds}::int[]) AND (u."role"::text || ':' || u."unitId") = ANY(${unitKeys}::text[]))
        OR (${!!to.center} AND u."role" = 'CENTER_STAFF' AND u."unitId" = ANY(${path}))
        OR (${!!to.leaders} AND u."role" = 'LEADER' AND u."unitId" = ANY(${path}))
        OR (u."role" = 'DEPARTMENT_STAFF' AND u."departmentId" = ANY(${departments}::int[]) AND u."unitId" = ANY(${path}))
        OR u."id" = ANY(${users}::text[])
      )`;
}

/**
 * Writes one notification per recipient (never to the actor), in the caller's
 * transaction, with one statement. Returns how many were written.
 */
export async function notify(tx: Tx, input: NoticeInput): Promise<number> {
  const sql = notificationSql(input);
  return sql ? tx.$executeRaw(sql) : 0;
}

// --- after commit ---------------------------------------------------------------------

type Waker = (at: Date) => void;
let waker: Waker | null = null;

/** The deadline timer registers itself here (timers.ts), so transitions can wake it. */
export function setTimerWaker(fn: Waker | null): void {
  waker = fn;
}

export interface AfterCommit {
  /** The earliest deadline the transition started. */
  earliestDue?: Date | null;
}

/** Runs once the transition has committed; never throws (the change is already made). */
export function afterCommit(work: AfterCommit): void {
  try {
    if (work.earliestDue && waker) waker(work.earliestDue);
  } catch (err) {
    console.error("[dispatch] after-commit work failed:", (err as Error).message);
  }
}
