import "server-only";
import { authorize, type Viewer } from "@/lib/server/auth";
import { writeAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { unitsWithin } from "@/lib/server/scope";
import { TEAM_ROLES } from "./dictionary";
import { contains, gridInScope } from "./registry";
import type { AddTeamMemberInput, UpdateTeamMemberInput } from "./schemas";

// Grid teams (网格团队): the cadre responsible for a grid (包保干部), the community police
// officer, a judicial officer, mediators, volunteers and veteran party members. A person
// (TeamMember) may serve several grids, each through one assignment per role.

export interface TeamEntry {
  assignmentId: string;
  memberId: string;
  name: string;
  phone: string | null;
  note: string | null;
  role: (typeof TEAM_ROLES)[number];
  since: Date;
  /** The member's account, when they also sign in (for notifying them). */
  userId: string | null;
  /** How many grids the person serves in all. */
  gridCount: number;
}

/**
 * A grid's team in the order it is called on: cadre, police, judicial officer, mediators,
 * volunteers, party members. For the dispatch module too (who to call on first).
 */
export async function gridTeam(viewer: Viewer, gridId: number): Promise<TeamEntry[]> {
  await authorize(viewer, "team.view");
  const grid = await gridInScope(db, viewer, gridId);
  const rows = await db.gridTeamAssignment.findMany({
    where: { gridId: grid.id, grid: unitsWithin(viewer) },
    select: {
      id: true,
      role: true,
      since: true,
      member: { select: { id: true, name: true, phone: true, note: true, userId: true, _count: { select: { assignments: true } } } },
    },
  });
  const order = (role: string) => TEAM_ROLES.indexOf(role as (typeof TEAM_ROLES)[number]);
  return rows
    .map((r) => ({
      assignmentId: r.id,
      memberId: r.member.id,
      name: r.member.name,
      phone: r.member.phone,
      note: r.member.note,
      role: r.role,
      since: r.since,
      userId: r.member.userId,
      gridCount: r.member._count.assignments,
    }))
    .sort((a, b) => order(a.role) - order(b.role) || a.name.localeCompare(b.name, "zh-CN"));
}

/** A person is visible to the viewer when they serve at least one grid in the viewer's territory. */
const visibleMember = (viewer: Viewer) => ({ assignments: { some: { grid: unitsWithin(viewer) } } });

/** People already on teams in the viewer's territory, to put on another grid's team. */
export async function searchTeamMembers(viewer: Viewer, input: { gridId: number; q: string }) {
  await authorize(viewer, "team.edit");
  await gridInScope(db, viewer, input.gridId);
  const members = await db.teamMember.findMany({
    where: { name: contains(input.q), ...visibleMember(viewer) },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 10,
    select: {
      id: true,
      name: true,
      phone: true,
      assignments: { where: { grid: unitsWithin(viewer) }, select: { role: true, grid: { select: { name: true } } }, take: 5 },
    },
  });
  return members.map((m) => ({
    id: m.id,
    name: m.name,
    phone: m.phone,
    serves: m.assignments.map((a) => ({ role: a.role, gridName: a.grid.name })),
  }));
}

/** Puts a person (existing or new) on a grid's team in a role. */
export async function addTeamMember(viewer: Viewer, input: AddTeamMemberInput) {
  await authorize(viewer, "team.edit");
  return db.$transaction(async (tx) => {
    const grid = await gridInScope(tx, viewer, input.gridId);
    let memberId = input.memberId ?? null;
    if (memberId) {
      const member = await tx.teamMember.findFirst({ where: { id: memberId, ...visibleMember(viewer) }, select: { id: true } });
      if (!member) throw notFound();
      const existing = await tx.gridTeamAssignment.findFirst({ where: { gridId: grid.id, memberId, role: input.role }, select: { id: true } });
      if (existing) throw new AppError("CONFLICT", { key: "gridTeamDuplicate" });
    } else {
      const created = await tx.teamMember.create({
        data: { name: input.name!, phone: input.phone, note: input.note },
        select: { id: true },
      });
      memberId = created.id;
    }
    const assignment = await tx.gridTeamAssignment.create({ data: { gridId: grid.id, memberId, role: input.role }, select: { id: true } });
    await writeAudit(tx, {
      action: "team.edit",
      result: "success",
      userId: viewer.id,
      username: viewer.username,
      role: viewer.role,
      ip: viewer.ip,
      targetType: "grid-team",
      targetId: grid.id,
      details: { op: "add", memberId, role: input.role },
    });
    return { assignmentId: assignment.id, memberId };
  });
}

/** Edits a person's contact details (they change on every team the person serves). */
export async function updateTeamMember(viewer: Viewer, input: UpdateTeamMemberInput) {
  await authorize(viewer, "team.edit");
  return db.$transaction(async (tx) => {
    const { count } = await tx.teamMember.updateMany({
      where: { id: input.memberId, ...visibleMember(viewer) },
      data: { name: input.name, phone: input.phone, note: input.note },
    });
    if (count === 0) throw notFound();
    await writeAudit(tx, {
      action: "team.edit",
      result: "success",
      userId: viewer.id,
      username: viewer.username,
      role: viewer.role,
      ip: viewer.ip,
      targetType: "team-member",
      targetId: input.memberId,
      details: { op: "update" },
    });
    return { memberId: input.memberId };
  });
}

/** Takes a person off one grid's team; a person left on no team at all is removed. */
export async function removeTeamAssignment(viewer: Viewer, input: { assignmentId: string }) {
  await authorize(viewer, "team.edit");
  return db.$transaction(async (tx) => {
    const assignment = await tx.gridTeamAssignment.findFirst({
      where: { id: input.assignmentId, grid: unitsWithin(viewer) },
      select: { id: true, gridId: true, memberId: true, role: true },
    });
    if (!assignment) throw notFound();
    const { count } = await tx.gridTeamAssignment.deleteMany({ where: { id: assignment.id, grid: unitsWithin(viewer) } });
    if (count === 0) throw notFound();
    const left = await tx.gridTeamAssignment.count({ where: { memberId: assignment.memberId } });
    if (left === 0) await tx.teamMember.deleteMany({ where: { id: assignment.memberId } });
    await writeAudit(tx, {
      action: "team.edit",
      result: "success",
      userId: viewer.id,
      username: viewer.username,
      role: viewer.role,
      ip: viewer.ip,
      targetType: "grid-team",
      targetId: assignment.gridId,
      details: { op: "remove", memberId: assignment.memberId, role: assignment.role },
    });
    return { gridId: assignment.gridId };
  });
}
